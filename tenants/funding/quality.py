"""The plan-quality self-assessment's criteria, shipped as data, and its scores.

CZ follows the MPSV's "Kritéria kvality plánování sociálních služeb" (8 areas). SK keeps the
same eight areas and adapts the criteria to what § 83 of Act 448/2008 Z. z. asks of a community
plan: the analyses it must contain, the approval by the council, the time schedule and the
conditions of financing, the monitoring and evaluation of the plan, its agreement with the
national priorities and the region's (VÚC) concept. The areas' names are platform vocabulary
(hub/taxonomy.QUALITY_AREAS), translated; a criterion is worded in the municipality's own
language, as the methodology it comes from.

Scores: a criterion met counts 1, partly met 0.5, not met 0; "not applicable" is left out.
An area's score is the mean over its applicable criteria in per cent (None when none applies);
the overall score is the mean of the areas' scores, so each of the eight areas weighs the same
whatever its number of criteria.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from hub.taxonomy import QUALITY_AREAS, quality_area_name

MET, PARTLY, NOT_MET, NOT_APPLICABLE = "met", "partly", "not_met", "na"
STATUSES = [(MET, _("met")), (PARTLY, _("partly met")), (NOT_MET, _("not met")),
            (NOT_APPLICABLE, _("not applicable"))]
POINTS = {MET: Decimal(1), PARTLY: Decimal("0.5"), NOT_MET: Decimal(0)}

# area code -> [(criterion code, Czech wording, Slovak wording)]
CRITERIA = {
    "legitimacy": [
        ("1.1", "Zastupitelstvo přijalo usnesení o zahájení komunitního plánování a o jeho "
                "cílech.",
         "Obecné zastupiteľstvo prijalo uznesenie o vypracovaní komunitného plánu sociálnych "
         "služieb (§ 83 zákona č. 448/2008 Z. z.)."),
        ("1.2", "Je určen politický garant a odpovědný útvar obce s vymezenými pravomocemi.",
         "Je určený zodpovedný poslanec alebo člen vedenia obce a útvar obce, ktorý plánovanie "
         "riadi."),
        ("1.3", "Střednědobý plán schválilo zastupitelstvo a obec se k jeho plnění zavázala.",
         "Komunitný plán schválilo obecné zastupiteľstvo na určené obdobie."),
        ("1.4", "Plán navazuje na střednědobý plán kraje a na národní strategii.",
         "Plán je v súlade s národnými prioritami rozvoja sociálnych služieb a s koncepciou "
         "rozvoja sociálnych služieb vyššieho územného celku."),
    ],
    "situation": [
        ("2.1", "Je popsána demografická a sociální situace obce (sociodemografická analýza).",
         "Plán obsahuje analýzu sociálno-demografických údajov a socioekonomickej situácie "
         "obce."),
        ("2.2", "Jsou zmapovány existující sociální služby, jejich kapacity a využití.",
         "Plán obsahuje analýzu stavu poskytovania sociálnych služieb v obci (poskytovatelia, "
         "druhy, kapacity)."),
        ("2.3", "Jsou zjištěny potřeby uživatelů a veřejnosti (dotazníky, rozhovory, "
                "skupiny).",
         "Plán obsahuje analýzu potrieb obyvateľov obce (prieskumy, rozhovory, podnety)."),
        ("2.4", "Jsou popsány zdroje: finanční, personální a materiální.",
         "Plán obsahuje analýzu personálnych, finančných, prevádzkových a technických "
         "podmienok."),
    ],
    "competence": [
        ("3.1", "Koordinátor plánování má odpovídající vzdělání nebo praxi v plánování.",
         "Koordinátor komunitného plánovania má vzdelanie alebo prax v plánovaní sociálnych "
         "služieb."),
        ("3.2", "Účastníci plánování prošli úvodním školením o metodě komunitního plánování.",
         "Účastníci plánovania absolvovali úvodné zaškolenie o metóde komunitného plánovania."),
        ("3.3", "Obec využívá metodickou podporu (kraj, MPSV, externí odborníci).",
         "Obec využíva metodickú podporu (VÚC, MPSVR SR, externí odborníci)."),
    ],
    "management": [
        ("4.1", "Je ustavena organizační struktura (řídicí skupina, pracovní skupiny) "
                "s popsanými rolemi.",
         "Je zriadená organizačná štruktúra (riadiaca skupina, pracovné skupiny) s opísanými "
         "úlohami."),
        ("4.2", "Jsou přijata pravidla spolupráce (jednací řád, rozhodování, střet zájmů).",
         "Sú prijaté pravidlá spolupráce (rokovací poriadok, rozhodovanie, konflikt záujmov)."),
        ("4.3", "Existuje harmonogram plánování a dodržuje se.",
         "Existuje časový harmonogram plánovania a dodržiava sa."),
        ("4.4", "Z jednání se pořizují zápisy a jsou dostupné účastníkům.",
         "Zo stretnutí sa vyhotovujú zápisnice a sú dostupné účastníkom."),
    ],
    "involvement": [
        ("5.1", "Do plánování jsou zapojeni zadavatelé, poskytovatelé i uživatelé služeb "
                "(triáda).",
         "Do plánovania sú zapojení obec, poskytovatelia aj prijímatelia sociálnych služieb."),
        ("5.2", "Pracovní skupiny pokrývají hlavní cílové skupiny.",
         "Pracovné skupiny pokrývajú hlavné cieľové skupiny."),
        ("5.3", "Veřejnost má možnost se zapojit a připomínkovat (setkání, připomínky).",
         "Verejnosť sa môže zapojiť a pripomienkovať návrh plánu (stretnutia, pripomienky)."),
        ("5.4", "Účast na jednáních je pravidelná a sleduje se.",
         "Účasť na stretnutiach je pravidelná a sleduje sa."),
    ],
    "development": [
        ("6.1", "Priority a opatření vycházejí z popisu současného stavu a zjištěných potřeb.",
         "Priority a opatrenia vychádzajú z analýz a zistených potrieb."),
        ("6.2", "Opatření mají odpovědnost, termín, rozpočet a zdroj financování.",
         "Plán obsahuje časový plán realizácie a podmienky financovania opatrení "
         "(§ 83 zákona č. 448/2008 Z. z.)."),
        ("6.3", "Opatření mají měřitelné ukazatele s výchozí a cílovou hodnotou.",
         "Opatrenia majú merateľné ukazovatele s východiskovou a cieľovou hodnotou."),
        ("6.4", "Plán se každoročně rozpracovává do akčního plánu.",
         "Plán sa každoročne rozpracúva do akčného plánu."),
    ],
    "information": [
        ("7.1", "Veřejnost je průběžně informována o průběhu plánování (web, zpravodaj).",
         "Verejnosť je priebežne informovaná o priebehu plánovania (web, spravodajca)."),
        ("7.2", "Návrh plánu byl zveřejněn k připomínkám a připomínky byly vypořádány.",
         "Návrh plánu bol zverejnený na pripomienkovanie a pripomienky boli vyhodnotené."),
        ("7.3", "Schválený plán a jeho vyhodnocení jsou veřejně dostupné.",
         "Schválený plán a jeho vyhodnotenie sú zverejnené na webovom sídle obce."),
        ("7.4", "Katalog sociálních služeb je dostupný a aktuální.",
         "Katalóg sociálnych služieb je dostupný a aktuálny."),
    ],
    "improvement": [
        ("8.1", "Plnění plánu se průběžně sleduje (monitoring).",
         "Plnenie plánu sa priebežne sleduje (monitorovanie)."),
        ("8.2", "Plán se každý rok vyhodnocuje a vyhodnocení projednají účastníci i rada.",
         "Plán sa každoročne vyhodnocuje spôsobom, ktorý plán určuje, a vyhodnotenie "
         "prerokuje zastupiteľstvo."),
        ("8.3", "Z vyhodnocení se přijímají změny a plán se aktualizuje.",
         "Z vyhodnotenia sa prijímajú zmeny a plán sa aktualizuje."),
        ("8.4", "Obec každý rok provádí sebehodnocení kvality plánování.",
         "Obec každoročne vykonáva sebahodnotenie kvality plánovania."),
    ],
}
AREA_CODES = [code for code, _name in QUALITY_AREAS]
assert list(CRITERIA) == AREA_CODES  # noqa: S101 - the data and the platform's list agree


@dataclass(frozen=True)
class Criterion:
    code: str
    area: str
    text: str


def criteria(country: str) -> list[Criterion]:
    """Every criterion in order, worded for the country ("CZ" in Czech, else Slovak)."""
    column = 1 if country == "CZ" else 2
    return [Criterion(code=row[0], area=area, text=row[column])
            for area, rows in CRITERIA.items() for row in rows]


CODES = [row[0] for rows in CRITERIA.values() for row in rows]
AREA_OF = {row[0]: area for area, rows in CRITERIA.items() for row in rows}


def _percent(value: Decimal) -> Decimal:
    return (value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scores(statuses: dict[str, str]) -> dict:
    """{"areas": [{code, name, score, met, partly, not_met, na}], "overall": score} from
    {criterion code: status}; a score is a percentage with one decimal, None where nothing
    applies. A criterion without a status counts as not applicable."""
    areas, means = [], []
    for area in AREA_CODES:
        counts = {MET: 0, PARTLY: 0, NOT_MET: 0, NOT_APPLICABLE: 0}
        for code, *_texts in CRITERIA[area]:
            counts[statuses.get(code) or NOT_APPLICABLE] += 1
        applicable = counts[MET] + counts[PARTLY] + counts[NOT_MET]
        mean = (sum(POINTS[s] * counts[s] for s in POINTS) / applicable) if applicable else None
        if mean is not None:
            means.append(mean)
        areas.append({"code": area, "name": quality_area_name(area),
                      "score": None if mean is None else _percent(mean),
                      "met": counts[MET], "partly": counts[PARTLY],
                      "not_met": counts[NOT_MET], "na": counts[NOT_APPLICABLE]})
    overall = _percent(sum(means) / len(means)) if means else None
    return {"areas": areas, "overall": overall}


def compare(current: dict, previous: dict | None) -> dict:
    """The scores of ``current`` with each area's and the overall change against
    ``previous`` (both as ``scores`` returns them): ``change`` is None where either is None."""
    def change(now, before):
        return None if now is None or before is None else now - before

    before = {a["code"]: a["score"] for a in previous["areas"]} if previous else {}
    return {
        "areas": [{**a, "previous": before.get(a["code"]),
                   "change": change(a["score"], before.get(a["code"]))}
                  for a in current["areas"]],
        "overall": current["overall"],
        "previous_overall": previous["overall"] if previous else None,
        "overall_change": change(current["overall"], previous["overall"] if previous else None),
    }
