"""Demo: ORP Benešov with Vlašim and Votice gets age-band demography (marked as demo figures,
made from rounded totals and national age shares, not the statistical office's counts) and
norms for senior and disability services; the analysis stays unpublished. Benešov and Banská
Bystrica get a needs survey with answers (surveys/demo.py). Benešov's newest plan gets a
draft optimal network made from the gaps, one item linked to the plan's first measure."""

from decimal import Decimal

from tenants.analysis import services
from tenants.analysis.models import NetworkDescription, Norm, PopulationCount
from tenants.analysis.optimal import selectors as optimal_selectors
from tenants.analysis.optimal import services as optimal
from tenants.analysis.surveys import demo as surveys_demo

#: Area code → (name, population in the last year). ORP Benešov's own unit is okres 3201.
AREAS = {
    "benesov": {"3201": ("Benešov (ORP)", 60800), "529303": ("Benešov", 17100),
                "530859": ("Vlašim", 11400), "530841": ("Votice", 4600)},
    "vlasim": {"530859": ("Vlašim", 11400)},
    "votice": {"530841": ("Votice", 4600)},
}
YEARS = range(2019, 2024)
#: Share of each band in 2023 and its change a year earlier (ageing), share of men in it.
BANDS = [((0, 14), Decimal("0.160"), Decimal("0.001"), Decimal("0.51")),
         ((15, 64), Decimal("0.625"), Decimal("0.0035"), Decimal("0.51")),
         ((65, 79), Decimal("0.160"), Decimal("-0.003"), Decimal("0.46")),
         ((80, None), Decimal("0.055"), Decimal("-0.0015"), Decimal("0.35"))]
#: Norms the demo ORP set (places per 1,000 of the type's target population; demo values
#: near the Czech averages of registered capacity).
NORMS = [("cz-49", "seniors", "bed", "17.00", "Demo: domovy pro seniory, ~ průměr ČR"),
         ("cz-50", "", "bed", "9.00", "Demo: domovy se zvláštním režimem"),
         ("cz-40", "seniors", "client", "20.00", "Demo: pečovatelská služba"),
         ("cz-48", "", "bed", "1.10", "Demo: domovy pro osoby se zdravotním postižením"),
         ("cz-39", "", "client", "0.50", "Demo: osobní asistence")]

def _rows(code: str, name: str, total: int) -> list[dict]:
    rows = []
    for year in YEARS:
        back = 2023 - year
        shares = [(band, share - step * back, men) for band, share, step, men in BANDS]
        size = int(total * (1 - Decimal("0.002") * back))
        for (age_from, age_to), share, men in shares:
            people = int(size * share)
            male = int(people * men)
            for sex, count in (("m", male), ("f", people - male)):
                rows.append({"area_code": code, "area_name": name, "year": year, "sex": sex,
                             "age_from": age_from, "age_to": age_to, "count": count})
    return rows

def demo_seed(municipality) -> int:
    made = surveys_demo.demo_seed(municipality)
    areas = AREAS.get(municipality.slug)
    if areas is None:
        return made
    if not PopulationCount.objects.exists():
        rows = [row for code, (name, total) in areas.items() for row in _rows(code, name, total)]
        made += services.population_store(rows=rows, source=PopulationCount.Source.DEMO)
    if municipality.slug == "benesov" and not Norm.objects.exists():
        for service_type, group, unit, per_1000, note in NORMS:
            services.norm_save(country="CZ", service_type=service_type, target_group=group,
                               unit=unit, per_1000=Decimal(per_1000), note=note)
            made += 1
    if municipality.slug == "benesov":
        made += _optimal_network()
    return made


def _optimal_network() -> int:
    """A draft for the newest demo plan: the gaps as items, a day-care line kept and costs
    estimated, the first item linked to the plan's first measure."""
    plan = optimal_selectors.plans_for_choice().filter(is_demo=True).first()
    if plan is None or NetworkDescription.objects.exists():
        return 0
    description = optimal.description_create(
        user=None, plan=plan, title="Popis optimální sítě sociálních služeb ORP Benešov",
        note="Demo: návrh z rozdílů analýzy sítě, k projednání v pracovních skupinách.")
    items = optimal.items_from_gaps(user=None, description=description, country="CZ")
    measures = optimal_selectors.measures_of(plan)
    for number, item in enumerate(items):
        optimal.item_save(
            user=None, description=description, item=item, country="CZ", action=item.action,
            service_type=item.service_type, target_group=item.target_group,
            capacity=item.capacity, unit=item.unit, place=item.place, year=item.year,
            cost=Decimal(item.capacity) * Decimal("420000"), gap_key=item.gap_key,
            note="Demo: odhad 420 000 Kč na místo a rok.",
            measures=[measures[0].pk] if number == 0 and measures else None)
    optimal.item_save(user=None, description=description, country="CZ", action="keep",
                      service_type="cz-40", target_group="seniors", capacity=120,
                      unit="client", place="celé území ORP", year=plan.year_from,
                      cost=Decimal("9600000"), note="Demo: zachovat stávající kapacitu.")
    return 1 + len(items) + 1
