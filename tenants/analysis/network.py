"""Network analysis (*analýza siete / síť služeb*): per service type × target group × unit and
per area, the capacity of the catalogue, the target population, capacity per 1,000 of it, the
standard it is compared with and the gap. Formulas in the module's functions; a figure whose
data is missing is None (shown *n/a*), never 0.
"""

import datetime
import statistics
from collections.abc import Collection
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone

from hub.regional import coverage
from hub.regional.selectors import comparable_capacity, region_norms
from tenants.analysis import bands, selectors
from tenants.catalogue import figures as catalogue_figures

#: The age group whose size a service type's capacity is divided by, unless the municipality
#: chooses another (TypeSetting). Why each: the closing note of #15 (README, Needs analysis).
DEFAULT_TARGET = {
    # Care for old age: the statutory groups are seniors; regional networks count per 65+.
    **dict.fromkeys(["cz-40", "cz-41", "cz-44", "cz-45", "cz-46", "cz-47", "cz-49", "cz-50",
                     "cz-66", "sk-35", "sk-36", "sk-40", "sk-41", "sk-53", "sk-54", "sk-56",
                     "sk-58"], "65+"),
    # Early intervention and services for families with small children.
    **dict.fromkeys(["cz-54", "cz-65", "sk-28", "sk-31", "sk-32a", "sk-32b", "sk-33"], "0-14"),
}
#: Everything else (disability, prevention, counselling, crisis): the whole population —
#: the demography has no count of disabled or homeless people to divide by.
FALLBACK_TARGET = "total"
#: The read model knows only the whole population and the 65+ of each municipality.
READ_MODEL_POPULATION = {"total": "population", "65+": "population_65"}
#: Fewer comparable municipalities than this give no median.
MIN_COMPARABLES = 3
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


def _round(value: Decimal, step: Decimal = HUNDREDTH) -> Decimal:
    return value.quantize(step, rounding=ROUND_HALF_UP)


def per_1000(capacity: int | None, population: int | None) -> Decimal | None:
    """capacity ÷ target population × 1,000; None without either (or with no population)."""
    if capacity is None or not population:
        return None
    return _round(Decimal(capacity) * 1000 / Decimal(population))


def gap(standard: Decimal | None, population: int | None, capacity: int | None):
    """(places required = standard × population ÷ 1,000, gap = required − capacity (positive:
    places missing, negative: surplus), share = gap ÷ required in %), None where unknown."""
    if standard is None or population is None or capacity is None:
        return None, None, None
    required = _round(Decimal(standard) * Decimal(population) / 1000, TENTH)
    missing = _round(required - capacity, TENTH)
    share = _round(missing * 100 / required, TENTH) if required else None
    return required, missing, share


def median_rate(rows: list[dict], service_type: str, unit: str, target: str) -> tuple:
    """(median of capacity per 1,000 over comparable municipalities, how many); (None, n)
    when the read model cannot give the target population or too few compare."""
    field_name = READ_MODEL_POPULATION.get(target)
    if field_name is None:
        return None, 0
    rates = [Decimal(row["capacity_by_type"].get(service_type, {}).get(unit, 0)) * 1000
             / row[field_name] for row in rows if row.get(field_name)]
    if len(rates) < MIN_COMPARABLES:
        return None, len(rates)
    return _round(Decimal(statistics.median(rates))), len(rates)


@dataclass
class Row:
    service_type: str
    target_group: str
    unit: str
    target: str
    capacity: int | None
    population: int | None
    per_1000: Decimal | None
    standard: Decimal | None
    standard_source: str          # "norm" | "region" | "median" | ""
    comparables: int
    required: Decimal | None
    gap: Decimal | None
    share: Decimal | None


@dataclass
class Area:
    code: str
    name: str
    own: bool
    year: int | None
    rows: list[Row] = field(default_factory=list)


@dataclass
class Analysis:
    areas: list[Area]
    capacity_known: bool
    capacity_source: str
    wider: list[dict]              # lines covering more than the municipality's territory
    #: Every member obce [{code, name}], whether its rows were computed or not.
    members: list[dict] = field(default_factory=list)


def _lines_of_member(items: list[dict], code: str, sets: dict) -> list[dict]:
    """The lines whose covered area lies within one member obec: a line covering the whole
    ORP (or with no covers: the owner's whole territory) is counted once, in the ORP's row."""
    return [item for item in items if item.get("covers")
            and any(sets.get(key) and sets[key] <= {code} for key in item["covers"])]


def _keys(items: list[dict], norms: list) -> list[tuple[str, str, str]]:
    """Rows: one per norm, and one per type × target group × unit of the lines that no
    group-wide norm of their type and unit already gathers."""
    wide = {(n.service_type, n.unit) for n in norms if not n.target_group}
    keys = {(n.service_type, n.target_group, n.unit) for n in norms}
    for item in items:
        if (item["service_type"], item["unit"]) in wide:
            continue
        for group in item["target_groups"] or [""]:
            keys.add((item["service_type"], group, item["unit"]))
    return sorted(keys)


def _capacity(lines: list[dict], service_type: str, group: str, unit: str) -> int:
    """Each line once, whatever number of groups it serves."""
    return sum(item["capacity"] for item in lines if item["service_type"] == service_type
               and item["unit"] == unit and (not group or group in item["target_groups"]))


def _standard(key: tuple[str, str, str], norm_of: dict, region_of: dict, targets: dict,
              comparables: list[dict]) -> tuple:
    """(target population, standard per 1,000, "norm" | "region" | "median" | "",
    comparables) of a row: the municipality's norm of its group or of all groups, else its
    region's (kraj) norm of the group or of all groups, else the median of comparables."""
    service_type, _group, unit = key
    target = targets.get(service_type, FALLBACK_TARGET)
    norm = norm_of.get(key) or norm_of.get((service_type, "", unit))
    if norm is not None:
        return target, norm.per_1000, "norm", 0
    norm = region_of.get(key) or region_of.get((service_type, "", unit))
    if norm is not None:
        return target, norm.per_1000, "region", 0
    standard, compared = median_rate(comparables, service_type, unit, target)
    return target, standard, "median" if standard is not None else "", compared


def _sort_key(row: Row):
    return (row.share is None, -(row.share or 0), row.service_type, row.target_group, row.unit)


@dataclass
class Inputs:
    """What the analysis reads of the catalogue and the demography — the costly part of it
    (reading an ORP's 4,000 latest counts and summing them was half of the page) — in plain
    values, so that network_cache can keep them; norms, target populations, the region's
    norms and the comparable municipalities are read afresh each time."""

    services: int
    capacity_source: str
    counted: list[dict]
    wider: list[dict]
    #: Covered area key → the obce it is made of (for the member obce's rows).
    sets: dict[str, set[str]]
    #: The demography's areas (selectors.areas()), own first.
    areas: list[dict]
    #: Area code → the year analysed (the latest it has, or the one asked for).
    years: dict[str, int | None]
    #: (area code, target population) → people; filled as asked unless ``complete``.
    populations: dict[tuple[str, str], int | None]
    demography: selectors.Demography | None = field(default=None, repr=False)

    def population(self, code: str, target: str) -> int | None:
        key = (code, target)
        if key not in self.populations:
            year = self.years.get(code)
            self.populations[key] = (self.demography.target(code, year, target)
                                     if year and self.demography else None)
        return self.populations[key]

    def complete(self) -> "Inputs":
        """Every area's population of every target population, for a cache: any member
        obec and any target chosen later is then read from what is kept."""
        for area in self.areas:
            for target in bands.TARGET_RANGES:
                self.population(area["code"], target)
        return self

    def values(self) -> dict:
        """The plain values (no Demography) that Inputs(**values) is made of again."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "demography"}


def network_inputs(*, today: datetime.date, year: int | None = None,
                   of_areas: list[dict] | None = None) -> Inputs:
    """The catalogue's capacity lines (split by the regional rule) and the demography of the
    current municipality's areas (of ``year``, else each area's latest)."""
    tenant = connection.tenant
    found = catalogue_figures.municipality_figures(today)
    items = found["capacity_items"]
    counted, wider = (coverage.split(items, tenant) if tenant.territory_id else (items, []))
    demography = selectors.Demography(latest=year is None, of_areas=of_areas)
    member_codes = [a["code"] for a in demography.areas if not a["own"]]
    sets = coverage.area_codes({k for item in counted for k in item.get("covers") or []},
                               tenant.country) if member_codes else {}
    years = {area["code"]: year or (demography.latest_year(area["code"]) if area["code"]
                                    else None) for area in demography.areas}
    return Inputs(found["services"], found["capacity_source"], counted, wider, sets,
                  demography.areas, years, {}, demography)


def network_analysis(*, today: datetime.date | None = None, year: int | None = None,
                     members: Collection[str] | None = None,
                     inputs: Inputs | None = None) -> Analysis:
    """The analysis of the current municipality (run in its schema): its own area and the
    member obce of ``members`` (None: every one — an ORP's hundred obce are 3,000 rows, more
    than a page shows). ``inputs``: network_inputs() read already (of ``year``)."""
    today = today or timezone.localdate()
    tenant = connection.tenant
    inputs = inputs or network_inputs(today=today, year=year)
    counted = inputs.counted
    known = inputs.services > 0
    norms = selectors.norms()
    norm_of = {(n.service_type, n.target_group, n.unit): n for n in norms}
    region_of = region_norms(municipality=tenant)
    targets = {**DEFAULT_TARGET, **selectors.target_settings()}
    comparables = comparable_capacity(municipality=tenant)
    # A region's norm gives its row as the municipality's own does (a shortage shows even
    # where the municipality has no such service).
    keys = _keys(counted, [*norms, *region_of.values()])
    # The same for every area: the median over thousands of comparable municipalities is
    # taken once per row, not once per row and area.
    standards = {key: _standard(key, norm_of, region_of, targets, comparables) for key in keys}
    areas = [area for area in inputs.areas or [{"code": "", "name": tenant.name, "own": True}]
             if area["own"] or members is None or area["code"] in members]
    result = []
    for area in areas:
        lines = counted if area["own"] else _lines_of_member(counted, area["code"], inputs.sets)
        area_year = inputs.years.get(area["code"], year)
        rows = []
        for service_type, group, unit in keys:
            target, standard, source, compared = standards[(service_type, group, unit)]
            population = inputs.population(area["code"], target) if area_year else None
            capacity = _capacity(lines, service_type, group, unit) if known else None
            required, missing, share = gap(standard, population, capacity)
            rows.append(Row(service_type, group, unit, target, capacity, population,
                            per_1000(capacity, population), standard, source, compared,
                            required, missing, share))
        rows.sort(key=_sort_key)
        result.append(Area(area["code"], area["name"], area["own"], area_year, rows))
    return Analysis(result, known, inputs.capacity_source if known else "", inputs.wider,
                    [{"code": a["code"], "name": a["name"]} for a in inputs.areas
                     if not a["own"]])
