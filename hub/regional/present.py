"""How a figure is written for people (pages, charts) and for files (CSV, XLSX)."""

import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hub.regional import metrics
from hub.regional.taxonomy import term_name

NOT_AVAILABLE = "n/a"


def number(value, kind: str = "int") -> str:
    if value is None:
        return "—"
    if kind == "int":
        return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)
    text = formats.number_format(Decimal(value), 1, use_l10n=True, force_grouping=True)
    return f"{text} %" if kind == "percent" else text


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind in ("int", "decimal", "percent"):
        return number(value, kind)
    if kind == "bool":
        return _("yes") if value else _("no")
    if kind == "status":
        return str(metrics.PLAN_STATUS_LABELS.get(value, value))
    if kind == "date":
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if kind == "datetime":
        return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")
    return str(value)


def cell(row: metrics.Row, column: metrics.Column) -> dict:
    """What the overview shows in one cell: text, whether unavailable, outlier direction."""
    if metrics.is_unavailable(row, column):
        return {"text": _("n/a"), "na": True, "outlier": "", "value": None}
    value = row.values.get(column.key)
    return {"text": display(value, column.kind), "na": False,
            "outlier": row.outliers.get(column.key, ""), "value": value}


def export_table(comparison) -> tuple[list[str], list[list]]:
    """Header and rows for CSV / XLSX: raw numbers and dates, "n/a" where a source is missing."""
    by_type, by_group, senior_units = set(), set(), set()
    for row in comparison.rows:
        if row.figures is None:
            continue
        for code, units in row.figures.capacity_by_type.items():
            by_type.update((code, unit) for unit in units)
        for code, units in row.figures.capacity_by_target_group.items():
            by_group.update((code, unit) for unit in units)
        senior_units.update(row.figures.senior_capacity)
    units = sorted({unit for _code, unit in by_type})
    spec = [  # (header, source, getter)
        (_("Municipality"), "", lambda r: r.name),
        (_("Address"), "", lambda r: r.slug),
        (_("Population"), "", lambda r: r.values.get("population")),
        (_("Population aged 65+"), "", lambda r: r.values.get("population_65")),
        (_("Services"), "catalogue", lambda r: r.values.get("services")),
    ]
    for unit in units:
        spec.append((_("Capacity (%(unit)s)") % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.values.get(f"capacity_total:{u}")))
        spec.append((_("Capacity per 1,000 inhabitants (%(unit)s)")
                     % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.values.get(f"capacity_per_1000:{u}")))
    for unit in sorted(senior_units):
        spec.append((_("Senior services capacity (%(unit)s)") % {"unit": metrics.unit_label(unit)},
                     "catalogue", lambda r, u=unit: r.values.get(f"senior_capacity:{u}")))
        spec.append((_("Senior services per 1,000 aged 65+ (%(unit)s)")
                     % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.values.get(f"senior_per_1000_65:{u}")))
    spec += [
        (_("Plan"), "plans", lambda r: display(r.values.get("plan_status"), "status")),
        (_("Plan from year"), "plans",
         lambda r: r.figures.plan_year_from if r.figures else None),
        (_("Plan to year"), "plans", lambda r: r.figures.plan_year_to if r.figures else None),
        (_("Plan valid until"), "plans", lambda r: r.values.get("plan_valid_to")),
        (_("Action plan this year"), "plans",
         lambda r: display(r.values.get("action_plan_this_year"), "bool")),
        (_("Action plan next year"), "plans",
         lambda r: display(r.values.get("action_plan_next_year"), "bool")),
        (_("Measures fulfilled (latest evaluation) %"), "plans",
         lambda r: r.values.get("fulfilment")),
        (_("Year of the latest evaluation"), "plans", lambda r: r.values.get("fulfilment_year")),
        (_("Meetings in the last 12 months"), "participation",
         lambda r: r.values.get("meetings_held_12m")),
        (_("Working-group members"), "participation", lambda r: r.values.get("group_members")),
        (_("Public comments"), "plans", lambda r: r.values.get("public_comments")),
        (_("Catalogue last updated"), "catalogue",
         lambda r: (timezone.localtime(r.values["catalogue_updated_at"]).replace(tzinfo=None)
                    if r.values.get("catalogue_updated_at") else None)),
    ]
    for code, unit in sorted(by_type):
        spec.append((f"{_('Capacity')}: {term_name(code)} ({metrics.unit_label(unit)})",
                     "catalogue", lambda r, c=code, u=unit: (
                         r.figures.capacity_by_type.get(c, {}).get(u) if r.figures else None)))
    for code, unit in sorted(by_group):
        spec.append((f"{_('Capacity')}: {term_name(code)} ({metrics.unit_label(unit)})",
                     "catalogue", lambda r, c=code, u=unit: (
                         r.figures.capacity_by_target_group.get(c, {}).get(u)
                         if r.figures else None)))
    spec.append((_("Figures refreshed"), "", lambda r: (
        timezone.localtime(r.figures.refreshed_at).replace(tzinfo=None, microsecond=0)
        if r.figures else None)))
    header = [str(h) for h, _s, _g in spec]
    rows = []
    for row in comparison.rows:
        out = []
        for _h, source, getter in spec:
            if source and source in row.unavailable:
                out.append(NOT_AVAILABLE)
            else:
                value = getter(row)
                out.append(float(value) if isinstance(value, Decimal) else value)
        rows.append(out)
    return header, rows


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
