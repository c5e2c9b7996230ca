"""Demo plans built from the seed pages: structure from the seeds, content plausible, marked
as demo. Created through the plan services, as staff would; skipped if demo plans exist."""

import datetime as dt
from decimal import Decimal

from tenants.common.models import TargetGroup
from tenants.plans import services
from tenants.plans.models import Plan, PlanSection, Status

DEMO_NOTE = "(Ukážkové údaje.)"
DEMO_NOTE_CS = "(Ukázková data.)"

BB_PRIORITIES = [
    ("Seniori", ["Rozšírenie kapacít denných stacionárov", "Terénna opatrovateľská služba"]),
    ("Osoby so zdravotným znevýhodnením", ["Podpora samostatného bývania",
                                           "Prepravná služba"]),
    ("Rodina, deti a mládež", ["Nízkoprahové služby pre deti a rodinu",
                               "Včasná intervencia"]),
    ("Osoby v nepriaznivých životných situáciách", ["Nocľaháreň a útulok",
                                                    "Terénna sociálna práca"]),
    ("Osoby žijúce v marginalizovaných rómskych komunitách", ["Komunitné centrum",
                                                             "Komunitná sociálna práca"]),
]
BANOV_PRIORITIES = [
    ("Komunitné a terénne služby", ["Opatrovateľská služba v domácnosti",
                                    "Jedáleň a rozvoz stravy pre seniorov"]),
    ("Sociálne poradenstvo a prevencia", ["Základné sociálne poradenstvo na obecnom úrade"]),
    ("Krízová intervencia", ["Spolupráca so zariadením núdzového bývania"]),
    ("Odborný a osobný rast zamestnancov", ["Vzdelávanie opatrovateliek"]),
]
BENESOV_PRIORITIES = [  # the six priorities of 11 December 2013 (shared/seeds/002)
    ("Podpora rodiny", ["Sociálně aktivizační služby pro rodiny s dětmi"]),
    ("Podpora lidí ohrožených sociálním vyloučením a vyloučených", ["Terénní programy",
                                                                   "Azylový dům"]),
    ("Podpora zaměstnanosti", ["Sociální rehabilitace"]),
    ("Podpora seniorů", ["Pečovatelská služba na Vlašimsku a Voticku", "Odlehčovací služby"]),
    ("Podpora zdravotně postižených", ["Osobní asistence"]),
    ("Podpora informovanosti", ["Katalog poskytovatelů a letáky"]),
]
BRATISLAVA_PRIORITIES = [
    ("Dostupné sociálne služby pre seniorov", ["Denné centrá v mestských častiach"]),
    ("Ľudia bez domova", ["Nízkoprahové denné centrum", "Terénna sociálna práca"]),
    ("Participatívne plánovanie", ["Pravidelné stretnutia pracovných skupín KPSS"]),
]


def _tree(plan, priorities, *, first_year, cz=False):
    """Priorities with one measure per named item, an activity and an indicator each."""
    groups = {g.name: g for g in TargetGroup.objects.all()}
    made = []
    for title, measures in priorities:
        priority = services.priority_save(user=None, plan=plan, title=title,
                                          target_groups=[groups[title]] if title in groups
                                          else None)
        for measure_title in measures:
            measure = services.measure_save(
                user=None, priority=priority, title=measure_title,
                responsible="Odbor sociálních věcí" if cz else "Odbor sociálnych vecí",
                partners="Poskytovatelé sociálních služeb" if cz else
                "Poskytovatelia sociálnych služieb",
                budget_lines=[{"year": first_year, "source": "rozpočet města" if cz else
                               "rozpočet mesta", "amount": Decimal("12000")}],
                indicators=[{"name": "Počet podpořených osob" if cz else
                             "Počet podporených osôb", "unit": "osob" if cz else "osôb",
                             "baseline": Decimal("20"),
                             "targets": {str(first_year): "25", str(first_year + 1): "30"}}])
            activity = services.activity_save(
                user=None, measure=measure,
                title=("Zajištění služby — " if cz else "Zabezpečenie služby — ") + measure_title)
            made.append((measure, activity))
    return made


def _plan(*, basis, title, years, vision, priorities, cz=False, sections=None):
    plan = services.plan_create(user=None, legal_basis=basis, title=title, year_from=years[0],
                                year_to=years[1], vision=vision)
    for kind, body in (sections or {}).items():
        services.section_update(user=None, plan=plan, kind=kind, body=body)
    made = _tree(plan, priorities, first_year=years[0], cz=cz)
    Plan.objects.filter(pk=plan.pk).update(is_demo=True)
    return plan, made


def _approve(plan, *, discussion, resolution):
    """Discussed, then approved; the calendar decides the rest (in force from the start of
    its period, expired after its end: services.plans_advance)."""
    services.plan_transition(user=None, plan=plan, action="start_discussion",
                             discussion_from=discussion[0], discussion_to=discussion[1])
    services.plan_transition(user=None, plan=plan, action="approve",
                             resolution_number=resolution[0], resolution_date=resolution[1])
    plan.refresh_from_db()
    return plan


def _evaluate(plan, year, made, statuses, publish=True):
    evaluation = services.evaluation_create(user=None, plan=plan, year=year)
    for (measure, _activity), (status, progress) in zip(made, statuses, strict=False):
        services.evaluation_entry_save(user=None, evaluation=evaluation, measure=measure,
                                       status=status, progress=progress,
                                       narrative=f"Vyhodnotenie za rok {year}. {DEMO_NOTE}")
    if publish:
        services.evaluation_publish(user=None, evaluation=evaluation)
    return evaluation


def _action_plan(plan, year, made, *, approve=True, cz=False):
    """A year's action plan with every activity; approved in the December before, as the
    councils do."""
    action_plan = services.action_plan_create(user=None, plan=plan, year=year)
    for _measure, activity in made:
        services.action_item_save(user=None, action_plan=action_plan, activity=activity,
                                  deadline=dt.date(year, 11, 30), budget=Decimal("5000"),
                                  responsible=activity.measure.responsible)
    if approve:
        day = max(dt.date(year - 1, 12, 10), plan.resolution_date)
        services.action_plan_approve(
            user=None, action_plan=action_plan,
            body="Zastupitelstvo" if cz else "Mestské zastupiteľstvo",
            reference=f"{year - 1}/{40 + year % 10}", approved_on=day)
    return action_plan


def demo_seed(municipality) -> int:
    """Seed the demo plans of one municipality (call inside its tenant context)."""
    if Plan.objects.filter(is_demo=True).exists() or municipality.slug not in SEEDERS:
        return 0
    services.target_groups_seed(country=municipality.country)
    SEEDERS[municipality.slug]()
    return Plan.objects.filter(is_demo=True).count()


def _banska_bystrica():
    plan, made = _plan(
        basis=Plan.LegalBasis.SK_KPSS,
        title="Komunitný plán sociálnych služieb mesta Banská Bystrica", years=(2021, 2027),
        vision="Posilňovať a rozširovať kvalitné sociálne služby v meste Banská Bystrica. "
               + DEMO_NOTE,
        priorities=BB_PRIORITIES,
        sections={PlanSection.Kind.NEEDS: "Pracovné skupiny sa stretávajú na jar "
                  "(vyhodnotenie) a na jeseň (návrh akčného plánu). " + DEMO_NOTE})
    plan = _approve(plan, discussion=(dt.date(2020, 11, 2), dt.date(2020, 11, 30)),
                    resolution=("123/2020", dt.date(2020, 12, 15)))
    for year in (2022, 2023):
        _action_plan(plan, year, made)
    _evaluate(plan, 2022, made, [(Status.FULFILLED, None), (Status.IN_PROGRESS, 60),
                                 (Status.FULFILLED, None), (Status.PARTIAL, 50),
                                 (Status.NOT_STARTED, None), (Status.FULFILLED, None),
                                 (Status.IN_PROGRESS, 40), (Status.NOT_APPLICABLE, None),
                                 (Status.FULFILLED, None), (Status.PARTIAL, 70)])
    # The action plan 2024 under preparation (working groups met on 4 October 2023).
    services.action_plan_create(user=None, plan=plan, year=2024,
                                note="Návrh prerokovaný na stretnutí pracovných skupín "
                                     "4. 10. 2023. " + DEMO_NOTE)


def _banov():
    plan, made = _plan(
        basis=Plan.LegalBasis.SK_KPSS, title="Komunitný plán sociálnych služieb obce Bánov",
        years=(2020, 2025),
        vision="Posilňovanie sociálnej súdržnosti všetkých obyvateľov obce a predchádzanie "
               "sociálnemu vylúčeniu. " + DEMO_NOTE,
        priorities=BANOV_PRIORITIES)
    plan = _approve(plan, discussion=(dt.date(2019, 11, 4), dt.date(2019, 11, 29)),
                    resolution=("45/2019", dt.date(2019, 12, 12)))
    _evaluate(plan, 2020, made, [(Status.IN_PROGRESS, 50), (Status.FULFILLED, None),
                                 (Status.FULFILLED, None), (Status.NOT_STARTED, None),
                                 (Status.CANCELLED, None)])
    _evaluate(plan, 2021, made, [(Status.FULFILLED, None), (Status.FULFILLED, None),
                                 (Status.PARTIAL, 60), (Status.IN_PROGRESS, 30),
                                 (Status.NOT_APPLICABLE, None)])


def _benesov():
    old, old_made = _plan(
        basis=Plan.LegalBasis.CZ_ORP,
        title="Komunitní plán sociálních služeb na okrese Benešov", years=(2015, 2020),
        vision="Proces o lidech a pro lidi. " + DEMO_NOTE_CS, priorities=BENESOV_PRIORITIES,
        cz=True)
    old = _approve(old, discussion=(dt.date(2014, 9, 1), dt.date(2014, 9, 30)),
                   resolution=("112/2014", dt.date(2014, 11, 20)))
    for year in (2019, 2020):
        _action_plan(old, year, old_made, cz=True)
    plan, made = _plan(
        basis=Plan.LegalBasis.CZ_ORP,
        title="Střednědobý plán rozvoje a udržitelnosti sociálních služeb ORP Benešov",
        years=(2021, 2024),
        vision="Udržení a rozvoj dostupnosti potřebných služeb a popis optimální sítě "
               "sociálních služeb. " + DEMO_NOTE_CS,
        priorities=BENESOV_PRIORITIES, cz=True)
    plan = _approve(plan, discussion=(dt.date(2020, 5, 4), dt.date(2020, 5, 31)),
                    resolution=("58/2020", dt.date(2020, 6, 18)))
    for year in (2021, 2022):
        _action_plan(plan, year, made, cz=True)
    # The plan that followed: the 2021–2024 one expired on 31 December 2024.
    current, current_made = _plan(
        basis=Plan.LegalBasis.CZ_ORP,
        title="Střednědobý plán rozvoje sociálních služeb ORP Benešov", years=(2025, 2027),
        vision="Navazuje na plán 2021–2024: dostupné služby v celém území ORP. " + DEMO_NOTE_CS,
        priorities=BENESOV_PRIORITIES, cz=True)
    current = _approve(current, discussion=(dt.date(2024, 9, 2), dt.date(2024, 9, 30)),
                       resolution=("101/2024", dt.date(2024, 11, 21)))
    _action_plan(current, 2025, current_made, cz=True)


def _bratislava():
    old, _ = _plan(
        basis=Plan.LegalBasis.SK_KPSS,
        title="Komunitný plán sociálnych služieb hlavného mesta SR Bratislavy",
        years=(2013, 2018), vision="Predchádzajúci komunitný plán. " + DEMO_NOTE,
        priorities=BRATISLAVA_PRIORITIES[:2])
    _approve(old, discussion=(dt.date(2012, 10, 1), dt.date(2012, 10, 31)),
             resolution=("842/2012", dt.date(2012, 12, 13)))
    plan, _ = _plan(
        basis=Plan.LegalBasis.SK_KPSS,
        title="Komunitný plán sociálnych služieb hlavného mesta SR Bratislavy",
        years=(2019, 2023),
        vision="Nové vedenie mesta rozhodlo skrátiť účinnosť plánu a dokument prepracovať "
               "tak, aby obsahoval prísľub nového, participatívne pripraveného komunitného "
               "plánu. " + DEMO_NOTE,
        priorities=BRATISLAVA_PRIORITIES)
    _approve(plan, discussion=(dt.date(2018, 9, 3), dt.date(2018, 9, 28)),
             resolution=("1234/2018", dt.date(2018, 10, 25)))


SEEDERS = {"banska-bystrica": _banska_bystrica, "banov": _banov, "benesov": _benesov,
           "bratislava": _bratislava}
