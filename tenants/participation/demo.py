"""Demo working groups and meetings from the seeds (shared/seeds/); idempotent.

Banská Bystrica: five groups and their meeting of 4 October 2023 (12:00–15:00, room 250 of
the city hall); Bratislava: a steering group with a meeting, its minutes and working
materials; Vlašim: the working group meeting of 11 December 2013 and its six priorities.
People are invented (and marked as demo data); no real person's contact is stored.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from tenants.common.models import TargetGroup
from tenants.common.sample_files import tiny_pdf
from tenants.participation.models import Attendance, Meeting, MeetingFile, Member, WorkingGroup


def _local(*parts: int) -> datetime.datetime:
    """A wall-clock time of the demo's past meetings, in the platform's zone."""
    return datetime.datetime(*parts, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))

T = datetime.time


def _group(name, *, kind="target", target=None, description="", position=0):
    group, created = WorkingGroup.objects.get_or_create(name=name, defaults={
        "kind": kind, "description": description, "position": position,
        "target_group": TargetGroup.objects.filter(name=target).first() if target else None})
    return group, created


def _member(group, name, organisation, sector, role="member", email=""):
    _m, created = Member.objects.get_or_create(group=group, name=name, defaults={
        "organisation": organisation, "sector": sector, "role": role, "email": email,
        "state": Member.State.ACTIVE, "consent_at": timezone.now(),
        "approved_at": timezone.now(), "note": "Ukážkové údaje / ukázková data"})
    return created


def _meeting(title, groups, **fields):
    meeting = Meeting.objects.filter(title=title).first()
    if meeting is not None:
        return meeting, False
    meeting = Meeting.objects.create(title=title, **fields)
    meeting.groups.set(groups)
    return meeting, True


def _next_wednesday(weeks: int) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(2 - today.weekday()) % 7 + 7 * weeks)


def _banska_bystrica() -> int:
    made = 0
    groups = []
    for position, (name, target) in enumerate([
        ("Pracovná skupina Seniori", "Seniori"),
        ("Pracovná skupina Osoby so zdravotným znevýhodnením", "Osoby so zdravotným znevýhodnením"),
        ("Pracovná skupina Rodina, deti a mládež", "Rodina, deti a mládež"),
        ("Pracovná skupina Osoby v nepriaznivých životných situáciách",
         "Osoby v nepriaznivých životných situáciách"),
        ("Pracovná skupina Osoby žijúce v marginalizovaných rómskych komunitách",
         "Osoby žijúce v marginalizovaných rómskych komunitách"),
    ], start=1):
        group, created = _group(name, target=target, position=position, description=(
            "<p>Pripravuje opatrenia komunitného plánu a akčného plánu pre cieľovú skupinu "
            f"{target.lower()}. Členom môže byť ktokoľvek, kto sa zaujíma o tému sociálnych "
            "služieb.</p>"))
        groups.append(group)
        made += created
    steering, created = _group("Riadiaca skupina KPSS", kind="steering", position=10,
                               description="<p>Zjednocuje výstupy pracovných skupín.</p>")
    made += created
    people = [
        (groups[0], "Mgr. Jana Ukážková", "Mesto Banská Bystrica, Odbor sociálnych vecí",
         "municipality", "chair", "jana.ukazkova@example.org"),
        (groups[0], "Peter Vzorový", "Zariadenie pre seniorov (ukážka)", "provider", "member",
         "peter.vzorovy@example.org"),
        (groups[0], "Anna Príkladná", "", "user", "member", "anna.prikladna@example.org"),
        (groups[1], "Ing. Marek Demo", "Občianske združenie (ukážka)", "provider", "chair",
         "marek.demo@example.org"),
        (groups[2], "Eva Testová", "Centrum pre rodinu (ukážka)", "provider", "chair",
         "eva.testova@example.org"),
        (groups[3], "Tomáš Skúšobný", "Nocľaháreň (ukážka)", "provider", "chair",
         "tomas.skusobny@example.org"),
        (groups[4], "Lucia Ukážka", "Komunitné centrum (ukážka)", "provider", "chair",
         "lucia.ukazka@example.org"),
        (steering, "Mgr. Jana Ukážková", "Mesto Banská Bystrica, Odbor sociálnych vecí",
         "municipality", "chair", "jana.ukazkova@example.org"),
    ]
    for person in people:
        made += _member(*person)
    meeting, created = _meeting(
        "Stretnutie pracovných skupín k návrhu Akčného plánu na rok 2024", groups,
        date=datetime.date(2023, 10, 4), starts_at=T(12), ends_at=T(15),
        place="Mestský úrad Banská Bystrica, Československej armády 26",
        room="zasadačka č. 250", status=Meeting.Status.HELD, open_to_public=True,
        agenda="<ol><li>Privítanie</li><li>Návrh Akčného plánu na rok 2024 pre jednotlivé "
               "cieľové skupiny</li><li>Konkrétne výstupy a kroky</li><li>Rôzne</li></ol>",
        minutes="<p>Pracovné skupiny prerokovali návrh Akčného plánu na rok 2024 pre päť "
                "cieľových skupín. Výstupy budú zapracované do návrhu. (Ukážkové údaje.)</p>",
        minutes_published_at=_local(2023, 10, 10, 9),
        public_attendees=6)
    if created:
        made += 1
        for member in Member.objects.filter(group__in=groups)[:5]:
            Attendance.objects.get_or_create(meeting=meeting, member=member)
    _m, created = _meeting(
        "Stretnutie pracovných skupín k vyhodnoteniu akčného plánu", groups,
        date=_next_wednesday(3), starts_at=T(12), ends_at=T(15),
        place="Mestský úrad Banská Bystrica, Československej armády 26",
        room="zasadačka č. 250", open_to_public=True, capacity=40,
        agenda="<p>Vyhodnotenie plnenia akčného plánu a príprava na ďalší rok.</p>")
    made += created
    return made


def _bratislava() -> int:
    made = 0
    steering, created = _group("Riadiaca skupina komunitného plánovania", kind="steering",
                               description="<p>Sprevádza prepracovanie komunitného plánu "
                                           "sociálnych služieb hlavného mesta.</p>")
    made += created
    made += _member(steering, "Mgr. Zuzana Ukážková", "Magistrát, oddelenie sociálnych vecí",
                    "municipality", "chair", "zuzana.ukazkova@example.org")
    made += _member(steering, "Juraj Vzorový", "Poskytovateľ sociálnych služieb (ukážka)",
                    "provider", "member", "juraj.vzorovy@example.org")
    meeting, created = _meeting(
        "Stretnutie riadiacej skupiny KPSS", [steering], date=datetime.date(2019, 6, 12),
        starts_at=T(14), ends_at=T(16), place="Primaciálny palác, Primaciálne nám. 1",
        room="Zrkadlová sieň", status=Meeting.Status.HELD, open_to_public=False,
        agenda="<p>Pracovné materiály k prepracovaniu komunitného plánu.</p>",
        minutes="<p>Riadiaca skupina prerokovala pracovné materiály a harmonogram "
                "prepracovania plánu. (Ukážkové údaje.)</p>",
        minutes_published_at=_local(2019, 6, 20, 9))
    if created:
        made += 1
        for title, name in [("Pracovné materiály KPSS", "pracovne-materialy.pdf"),
                            ("Zápis zo stretnutia riadiacej skupiny", "zapis.pdf")]:
            content = tiny_pdf(title.encode("ascii", "ignore").decode())
            attachment = MeetingFile(meeting=meeting, title=title, original_name=name,
                                     content_type="application/pdf", size=len(content))
            attachment.file.save(f"demo-{name}", ContentFile(content), save=False)
            attachment.save()
    return made


def _vlasim() -> int:
    made = 0
    group, created = _group("Pracovní skupina Vlašimsko", description=(
        "<p>Pracovní skupina procesu Komunitního plánování sociálních služeb na okrese Benešov "
        "za území Vlašimska, ve spolupráci s Místní akční skupinou Blaník, o.s.</p>"))
    made += created
    made += _member(group, "Mgr. Petra Ukázková", "Město Vlašim", "municipality", "chair",
                    "petra.ukazkova@example.org")
    made += _member(group, "Karel Vzorový", "MAS Blaník, o.s. (ukázka)", "other", "member",
                    "karel.vzorovy@example.org")
    _m, created = _meeting(
        "První setkání pracovní skupiny", [group], date=datetime.date(2013, 12, 11),
        starts_at=T(9), ends_at=T(12), place="Spolkový dům sourozenců Roškotových, Vlašim",
        status=Meeting.Status.HELD, open_to_public=True,
        agenda="<p>Stanovení priorit komunitního plánování sociálních služeb.</p>",
        minutes="<p>Výstupem z pracovní skupiny bylo stanovení šesti priorit:</p><ol>"
                "<li>Podpora rodiny</li><li>Podpora lidí ohrožených sociálním vyloučením a "
                "vyloučených</li><li>Podpora zaměstnanosti</li><li>Podpora seniorů</li>"
                "<li>Podpora zdravotně postižených</li><li>Podpora informovanosti</li></ol>"
                "<p>Těchto šest priorit bude rozpracováno na dalších společných setkáních. "
                "(Ukázková data; čas setkání není ve zdroji uveden.)</p>",
        minutes_published_at=_local(2013, 12, 16, 10),
        public_attendees=12)
    made += created
    return made


SEEDERS = {"banska-bystrica": _banska_bystrica, "bratislava": _bratislava, "vlasim": _vlasim}


def demo_seed(municipality) -> int:
    seeder = SEEDERS.get(municipality.slug)
    return seeder() if seeder else 0
