"""What a coordinator compares: figures derived from read-model rows, the region's median,
outliers and the deadline watch. Pure functions on rows already read — no queries here."""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hub import taxonomy

#: Capacity units the catalogue is expected to use; an unknown unit is shown as its code.
UNIT_LABELS = {
    "places": _("places"), "beds": _("beds"), "clients": _("clients"),
    "persons": _("persons"), "hours": _("hours"), "visits": _("visits"),
    "contacts": _("contacts"), "families": _("families"),
}
PLAN_STATUS_LABELS = {
    "": _("no plan"), "draft": _("draft"), "discussion": _("in public discussion"),
    "approved": _("approved"), "in_force": _("in force"), "expired": _("expired"),
    "superseded": _("superseded"),
}


def unit_label(unit: str) -> str:
    """The taxonomy's name of a unit (hub/taxonomy.py), else a known label, else the code."""
    named = taxonomy.name(unit)
    return named if named != unit else str(UNIT_LABELS.get(unit, unit))


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str            # int | decimal | percent | date | datetime | bool | status
    source: str          # which tenant app supplies it ("" = the registry)
    numeric: bool = False  # has a median, outliers and a bar chart


def columns_for(units: list[str], senior_units: list[str]) -> list[Column]:
    """The overview's figures; capacity columns exist per unit found in the region."""
    cols = [
        Column("population", str(_("Population")), "int", "", True),
        Column("services", str(_("Services")), "int", "catalogue", True),
    ]
    for unit in units:
        cols.append(Column(f"capacity_per_1000:{unit}",
                           str(_("Capacity per 1,000 inhabitants (%(unit)s)")
                               % {"unit": unit_label(unit)}), "decimal", "catalogue", True))
    for unit in senior_units:
        cols.append(Column(f"senior_per_1000_65:{unit}",
                           str(_("Senior services per 1,000 aged 65+ (%(unit)s)")
                               % {"unit": unit_label(unit)}), "decimal", "catalogue", True))
    cols += [
        Column("plan_status", str(_("Plan")), "status", "plans"),
        Column("plan_valid_to", str(_("Plan valid until")), "date", "plans"),
        Column("action_plan_this_year", str(_("Action plan this year")), "bool", "plans"),
        Column("action_plan_next_year", str(_("Action plan next year")), "bool", "plans"),
        Column("fulfilment", str(_("Measures fulfilled (latest evaluation)")), "percent",
               "plans", True),
        Column("meetings_held_12m", str(_("Meetings in the last 12 months")), "int",
               "participation", True),
        Column("group_members", str(_("Working-group members")), "int", "participation", True),
        Column("public_comments", str(_("Public comments")), "int", "plans", True),
        Column("catalogue_updated_at", str(_("Catalogue last updated")), "datetime",
               "catalogue"),
    ]
    return cols


def _per_1000(amount, base) -> Decimal | None:
    if amount is None or not base:
        return None
    return (Decimal(amount) * 1000 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def capacity_totals(capacity_by_type: dict) -> dict[str, int]:
    totals: dict[str, int] = {}
    for units in capacity_by_type.values():
        for unit, amount in units.items():
            totals[unit] = totals.get(unit, 0) + amount
    return totals


@dataclass
class Row:
    """One municipality in the comparison: derived values, what is unavailable, outliers."""

    slug: str
    name: str
    kind: str
    country: str
    figures: object | None          # MunicipalityFigures or None (never computed yet)
    stat_code: str = ""             # its territorial unit's statistical code, if known
    values: dict = field(default_factory=dict)
    unavailable: set = field(default_factory=set)
    outliers: dict = field(default_factory=dict)  # key → "high" | "low"


def row_values(figures, *, population, population_65, today: datetime.date) -> tuple[dict, set]:
    """Derived values of one read-model row, judged against ``today``, and the keys whose
    source is not available."""
    if figures is None:
        return {"population": population}, {"services", "capacity", "plans", "participation",
                                             "catalogue"}
    sources = figures.sources or {}
    unavailable = {name for name in ("plans", "participation", "catalogue")
                   if not sources.get(name)}
    totals = figures.capacity_totals if "catalogue" not in unavailable else {}
    values = {
        "population": population,
        "population_65": population_65,
        "services": figures.services,
        "plan_status": (plan_state_on(figures, today) if "plans" not in unavailable
                        else None),
        "plan_valid_to": figures.plan_valid_to,
        "plan_years": ((figures.plan_year_from, figures.plan_year_to)
                       if figures.plan_year_from else None),
        "fulfilment": figures.fulfilment,
        "fulfilment_year": figures.fulfilment_year,
        "public_comments": figures.public_comments,
        "meetings_held_12m": figures.meetings_held_12m,
        "group_members": figures.group_members,
        "catalogue_updated_at": figures.catalogue_updated_at,
    }
    if "plans" not in unavailable:
        years = set(figures.action_plan_years)
        values["action_plan_this_year"] = today.year in years
        values["action_plan_next_year"] = today.year + 1 in years
    for unit, amount in totals.items():
        values[f"capacity_total:{unit}"] = amount
        values[f"capacity_per_1000:{unit}"] = _per_1000(amount, population)
    for unit, amount in (figures.senior_capacity or {}).items():
        values[f"senior_capacity:{unit}"] = amount
        # Only where the age structure is known; never per all inhabitants in disguise.
        values[f"senior_per_1000_65:{unit}"] = _per_1000(amount, population_65)
    return values, unavailable


def is_unavailable(row: Row, column: Column) -> bool:
    return bool(column.source) and column.source in row.unavailable


def median(values: list) -> Decimal | None:
    numbers = [Decimal(v) for v in values if v is not None]
    if not numbers:
        return None
    return Decimal(statistics.median(numbers)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def outlier_bounds(values: list) -> tuple[Decimal, Decimal] | None:
    """Tukey's fences (1.5 × IQR beyond the quartiles); None with fewer than 4 values."""
    numbers = sorted(Decimal(v) for v in values if v is not None)
    if len(numbers) < 4:
        return None
    q1, _q2, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
    spread = q3 - q1
    return q1 - Decimal("1.5") * spread, q3 + Decimal("1.5") * spread


def compare(rows: list[Row], columns: list[Column]) -> dict[str, Decimal | None]:
    """Medians of the numeric columns; marks each row's outliers in place."""
    medians = {}
    for column in columns:
        if not column.numeric:
            continue
        values = [r.values.get(column.key) for r in rows if not is_unavailable(r, column)]
        medians[column.key] = median(values)
        bounds = outlier_bounds(values)
        if bounds is None:
            continue
        low, high = bounds
        for row in rows:
            value = row.values.get(column.key)
            if value is None or is_unavailable(row, column):
                continue
            if Decimal(value) > high:
                row.outliers[column.key] = "high"
            elif Decimal(value) < low:
                row.outliers[column.key] = "low"
    return medians


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Sorted by one figure; municipalities without the figure always come last."""
    if key == "name":
        return sorted(rows, key=lambda r: r.name.casefold(), reverse=descending)
    present = [r for r in rows if r.values.get(key) is not None]
    missing = [r for r in rows if r.values.get(key) is None]
    present.sort(key=lambda r: (r.values[key], r.name.casefold()), reverse=descending)
    return present + sorted(missing, key=lambda r: r.name.casefold())


def plan_state_on(figures, today: datetime.date) -> str:
    """The plan's state on ``today`` from its days, not as stored when the row was computed:
    a plan whose last day has passed is expired, one whose first day is ahead only approved
    (the same rule as the plans' own pages, tenants/plans/models.py Plan.state_on)."""
    status = figures.plan_status
    if status not in ("approved", "in_force"):
        return status
    if figures.plan_valid_to and figures.plan_valid_to < today:
        return "expired"
    if figures.plan_in_force_from and figures.plan_in_force_from > today:
        return "approved"
    if figures.plan_in_force_from or status == "in_force":
        return "in_force"
    return status


@dataclass(frozen=True)
class Deadline:
    check: str
    slug: str
    name: str
    detail: str
    due: datetime.date | None = None


DEADLINE_CHECKS = {
    "no_plan": _("No plan in force"),
    "plan_expired": _("Plan expired"),
    "plan_expiring": _("Plan expires within 12 months"),
    "action_plan_missing": pgettext_lazy("deadline", "Next year's action plan missing"),
    "evaluation_missing": _("Last year's evaluation missing"),
}


def deadlines(rows: list[Row], today: datetime.date) -> dict[str, list[Deadline]]:
    """The deadline watch: what each municipality has to do soon, by check."""
    found = {check: [] for check in DEADLINE_CHECKS}
    horizon = today + datetime.timedelta(days=365)
    for row in rows:
        if row.figures is None or "plans" in row.unavailable:
            continue
        f = row.figures
        state = plan_state_on(f, today)
        successor = f.plan_successor_from
        if state in ("expired", "superseded") and successor and successor <= today:
            pass  # its approved successor is in force now (the row predates that day)
        elif state in ("expired", "superseded"):
            day = formats.date_format(f.plan_valid_to, "SHORT_DATE_FORMAT")
            found["plan_expired"].append(Deadline(
                "plan_expired", row.slug, row.name,
                str(_("its period ended on %(date)s") % {"date": day}), f.plan_valid_to))
        elif state != "in_force":
            detail = str(PLAN_STATUS_LABELS.get(state, ""))
            if state == "approved" and f.plan_in_force_from:
                detail = str(_("approved, in force from %(date)s") % {
                    "date": formats.date_format(f.plan_in_force_from, "SHORT_DATE_FORMAT")})
            found["no_plan"].append(Deadline("no_plan", row.slug, row.name, detail,
                                             f.plan_in_force_from))
        elif f.plan_valid_to and f.plan_valid_to <= horizon and not (
                successor and successor <= f.plan_valid_to + datetime.timedelta(days=1)):
            # Listed unless an approved successor follows without a gap.
            day = formats.date_format(f.plan_valid_to, "SHORT_DATE_FORMAT")
            found["plan_expiring"].append(Deadline(
                "plan_expiring", row.slug, row.name,
                str(_("valid until %(date)s") % {"date": day}), f.plan_valid_to))
        if today.year + 1 not in f.action_plan_years:
            found["action_plan_missing"].append(Deadline(
                "action_plan_missing", row.slug, row.name,
                str(_("action plan %(year)s") % {"year": today.year + 1}),
                datetime.date(today.year, 12, 31)))
        last_year = today.year - 1
        if last_year in f.covered_years and last_year not in f.evaluation_years:
            found["evaluation_missing"].append(Deadline(
                "evaluation_missing", row.slug, row.name,
                str(_("evaluation %(year)s") % {"year": last_year})))
    found["plan_expiring"].sort(key=lambda d: (d.due, d.name))
    found["plan_expired"].sort(key=lambda d: (d.due, d.name))
    return found
