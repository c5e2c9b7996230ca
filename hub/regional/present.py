"""How a figure is written for people (pages, charts) and for files (CSV, XLSX)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.csv_locale import FORMULA_STARTS
from hub.regional import metrics


class Formatter:
    """Numbers and dates in the active language, its separators looked up once: the overview
    writes thousands of cells and Django's per-call format lookups dominate its time."""

    def __init__(self):
        self.decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
        self.thousands = str(formats.get_format("THOUSAND_SEPARATOR"))
        self.grouping = formats.get_format("NUMBER_GROUPING")
        self.date_format = formats.get_format("SHORT_DATE_FORMAT")
        self._dates = {}

    def _swap(self, text: str) -> str:
        if not self.grouping:
            text = text.replace(",", "")
        return text.replace(",", "\0").replace(".", self.decimal).replace("\0", self.thousands)

    def number(self, value, kind: str = "int") -> str:
        if value is None:
            return "—"
        if kind == "int":
            return self._swap(f"{int(value):,}")
        text = self._swap(f"{Decimal(value).quantize(Decimal('0.1'), ROUND_HALF_UP):,.1f}")
        return f"{text} %" if kind == "percent" else text

    def date(self, value) -> str:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date()
        if value not in self._dates:
            self._dates[value] = dateformat.format(value, self.date_format)
        return self._dates[value]

    def display(self, value, kind: str) -> str:
        if value is None:
            return "—"
        if kind in ("int", "decimal", "percent"):
            return self.number(value, kind)
        if kind == "bool":
            return _("yes") if value else _("no")
        if kind == "status":
            return str(metrics.PLAN_STATUS_LABELS.get(value, value))
        if kind in ("date", "datetime"):
            return self.date(value)
        return str(value)


def number(value, kind: str = "int") -> str:
    return Formatter().number(value, kind)


def display(value, kind: str) -> str:
    return Formatter().display(value, kind)


def cell(row: metrics.Row, column: metrics.Column) -> dict:
    """What the overview shows in one cell: text, whether unavailable, outlier direction."""
    if metrics.is_unavailable(row, column):
        return {"text": _("n/a"), "na": True, "outlier": "", "value": None}
    value = row.values.get(column.key)
    return {"text": display(value, column.kind), "na": False,
            "outlier": row.outliers.get(column.key, ""), "value": value}


def registry_data(row: metrics.Row) -> bool:
    """Whether the row's capacities come from the national registry (issue #19.4)."""
    return (row.figures is not None and "catalogue" not in row.unavailable
            and row.figures.capacity_source == "registry")


def capacity_source(row: metrics.Row) -> str:
    """What the export says of the capacities' origin."""
    if row.figures is None or not row.figures.capacity_source:
        return ""
    return str(_("registry data") if registry_data(row) else _("catalogue"))


def table_body(rows: list, columns: list, area_code: str) -> SafeString:
    """The overview's rows as HTML, built in one pass: 200 municipalities × 16 figures are
    3,200 cells, too many for template tags within the page's time budget."""
    na_text, na_title = escape(_("n/a")), escape(
        _("Not available: this part of the platform supplies no figures yet."))
    marks = {
        "high": (escape(_("Outlier: well above the rest of the region")),
                 escape(_("outlier, high")), "▲"),
        "low": (escape(_("Outlier: well below the rest of the region")),
                escape(_("outlier, low")), "▼"),
    }
    pending = escape(_("not computed yet"))
    registry = (escape(_("registry data")), escape(
        _("Capacities from the national registry: the municipality has built no catalogue.")))
    fmt = Formatter()
    yes, no = escape(_("yes")), escape(_("no"))
    statuses = {k: escape(v) for k, v in metrics.PLAN_STATUS_LABELS.items()}
    profile = reverse("regional:profile", args=[area_code, "SLUG"])
    out = []
    for row in rows:
        href = escape(profile.replace("SLUG", row.slug))
        badge = "" if row.figures is not None else f' <span class="badge">{pending}</span>'
        if registry_data(row):
            badge += f' <span class="badge registry" title="{registry[1]}">{registry[0]}</span>'
        out.append(f'<tr><td><a href="{href}">{escape(row.name)}</a>{badge}</td>')
        for column in columns:
            if column.source and column.source in row.unavailable:
                out.append(f'<td class="na" title="{na_title}">{na_text}</td>')
                continue
            value = row.values.get(column.key)
            if value is None:
                text = "—"
            elif column.kind == "bool":
                text = yes if value else no
            elif column.kind == "status":
                text = statuses.get(value) or escape(value)
            else:
                text = escape(fmt.display(value, column.kind))
            outlier = row.outliers.get(column.key)
            if outlier:
                title, label, arrow = marks[outlier]
                out.append(f'<td class="out-{outlier}" title="{title}">{text}'
                           f'<span class="out-mark" aria-label="{label}">{arrow}</span></td>')
            else:
                out.append(f"<td>{text}</td>")
        out.append("</tr>")
    # Cells are escaped above (conditional_escape / format_html); only the tags are ours.
    return mark_safe("".join(out))  # noqa: S308


def export_table(comparison) -> tuple[list[str], list[list]]:
    """Header and rows for CSV / XLSX of a comparison already read (all its rows)."""
    by_type, by_group, senior_units = set(), set(), set()
    for row in comparison.rows:
        if row.figures is None:
            continue
        for code, units in row.figures.capacity_by_type.items():
            by_type.update((code, unit) for unit in units)
        for code, units in row.figures.capacity_by_target_group.items():
            by_group.update((code, unit) for unit in units)
        senior_units.update(row.figures.senior_capacity)
    spec = export_spec(by_type, by_group, senior_units)
    return export_header(spec), [export_row(spec, row) for row in comparison.rows]


def export_spec(by_type: set, by_group: set, senior_units: set,
                wider_units: set = frozenset()) -> list[tuple]:
    """The export's columns as (header, source, getter): raw numbers and dates, "n/a" where a
    source is missing. Known before the first row, so the rows can be streamed."""
    units = sorted({unit for _code, unit in by_type})
    spec = [  # (header, source, getter)
        (_("Municipality"), "", lambda r: r.name),
        (_("Subdomain"), "", lambda r: r.slug),
        (_("Statistical code"), "", lambda r: r.stat_code),
        (_("Population"), "", lambda r: r.values.get("population")),
        (_("Population aged 65+"), "", lambda r: r.values.get("population_65")),
        (_("Services"), "catalogue", lambda r: r.values.get("services")),
        (_("Capacities from"), "catalogue", capacity_source),
    ]
    for unit in units:
        spec.append((_("Capacity (%(unit)s)") % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.values.get(f"capacity_total:{u}")))
        spec.append((_("Capacity per 1,000 inhabitants (%(unit)s)")
                     % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.values.get(f"capacity_per_1000:{u}")))
    for unit in sorted(wider_units):
        spec.append((_("Capacity covering a wider area, not counted (%(unit)s)")
                     % {"unit": metrics.unit_label(unit)}, "catalogue",
                     lambda r, u=unit: r.figures.capacity_wider.get(u) if r.figures else None))
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
        spec.append((f"{_('Capacity')}: {taxonomy.name(code)} ({metrics.unit_label(unit)})",
                     "catalogue", lambda r, c=code, u=unit: (
                         r.figures.capacity_by_type.get(c, {}).get(u) if r.figures else None)))
    for code, unit in sorted(by_group):
        spec.append((f"{_('Capacity')}: {taxonomy.name(code)} ({metrics.unit_label(unit)})",
                     "catalogue", lambda r, c=code, u=unit: (
                         r.figures.capacity_by_target_group.get(c, {}).get(u)
                         if r.figures else None)))
    spec.append((_("Figures refreshed"), "", lambda r: (
        timezone.localtime(r.figures.refreshed_at).replace(tzinfo=None, microsecond=0)
        if r.figures else None)))
    return spec


def export_header(spec: list[tuple]) -> list[str]:
    return [str(h) for h, _s, _g in spec]


def export_row(spec: list[tuple], row: metrics.Row) -> list:
    out = []
    for _h, source, getter in spec:
        if source and source in row.unavailable:
            out.append(_("n/a"))
        else:
            value = getter(row)
            if isinstance(value, Decimal):
                value = float(value)
            elif isinstance(value, str) and value[:1] in FORMULA_STARTS:
                value = "'" + value  # a name is never run as a spreadsheet formula
            out.append(value)
    return out
