"""What the optimal network's pages and PDF show: items grouped by action and service type,
the gaps, the chart and the sums, in the active language."""

from decimal import Decimal

from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub import numbers, taxonomy
from tenants.analysis import charts
from tenants.analysis.models import NetworkItem
from tenants.analysis.optimal import selectors


def _language() -> str:
    return (get_language() or "sk")[:2]


def _country() -> str:
    return getattr(connection.tenant, "country", "SK")


def key_label(key: str) -> str:
    """"Domovy pro seniory · senioři · lůžko" for type|group|unit."""
    parts = selectors.split_key(key)
    if parts is None:
        return ""
    language = _language()
    service_type, group, unit = parts
    return " · ".join([taxonomy.name(service_type, language),
                       taxonomy.name(group, language) if group else _("all target groups"),
                       taxonomy.name(unit, language)])


def gap_text(value) -> str:
    """"22,1 missing" / "6,4 more than needed" / "n/a"."""
    if value is None:
        return _("n/a")
    if value > 0:
        return _("%(n)s missing") % {"n": numbers.number(value, 1)}
    if value < 0:
        return _("%(n)s more than needed") % {"n": numbers.number(-value, 1)}
    return _("none missing")


def change_text(then, now) -> str:
    """How a gap moved since: "−10,0" fewer missing, "+2,0" more; "" when either is unknown."""
    if then is None or now is None:
        return ""
    delta = Decimal(now) - Decimal(then)
    if delta == 0:
        return _("unchanged")
    sign = "+" if delta > 0 else "−"
    return f"{sign}{numbers.number(abs(delta), 1)}"


def item_row(item: NetworkItem, gaps=None) -> dict:
    language = _language()
    row = gaps.rows.get(item.gap_key) if gaps and item.gap_key else None
    return {
        "item": item, "action": item.get_action_display(),
        "type_name": taxonomy.name(item.service_type, language),
        "group_name": (taxonomy.name(item.target_group, language) if item.target_group
                       else _("all target groups")),
        "capacity": (f"{numbers.number(item.capacity)} "
                     f"{taxonomy.unit_counted(item.unit, item.capacity, language)}"),
        "provider": item.provider.name if item.provider_id and item.provider else "",
        "cost": numbers.money(item.cost, _country()) if item.cost is not None else "",
        "gap": key_label(item.gap_key) if item.gap_key else "",
        "gap_then": gap_text(item.gap_then) if item.gap_key else "",
        "gap_now": gap_text(row.gap) if row is not None else (_("n/a") if item.gap_key else ""),
        "measures": [f"{link.measure.code} {link.measure.title}" for link in item.links.all()],
    }


def grouped(items, gaps=None) -> list[dict]:
    """[{action, label, types: [{name, rows}], total cost}] in the order keep, extend, create."""
    groups = []
    for action, label in NetworkItem.Action.choices:
        rows = [item_row(i, gaps) for i in items if i.action == action]
        if not rows:
            continue
        types: dict[str, dict] = {}
        for row in rows:
            types.setdefault(row["type_name"], {"name": row["type_name"], "rows": []})[
                "rows"].append(row)
        costs = [r["item"].cost for r in rows if r["item"].cost is not None]
        groups.append({"action": action, "label": str(label),
                       "types": sorted(types.values(), key=lambda t: t["name"]),
                       "count": len(rows),
                       # No cost estimated yet is None (left out), not a misleading 0.
                       "cost": numbers.money(sum(costs, Decimal(0)), _country())
                       if costs else None})
    return groups


def total_cost(items) -> str:
    return numbers.money(sum((i.cost for i in items if i.cost is not None), Decimal(0)),
                         _country())


def gap_rows(gaps: selectors.Gaps, answered: set[str]) -> list[dict]:
    """The own area's rows with a known gap, largest shortage first."""
    rows = []
    for key, row in gaps.rows.items():
        if row.required is None:
            continue
        rows.append({"key": key, "label": key_label(key), "row": row,
                     "capacity": numbers.number(row.capacity, 0),
                     "required": numbers.number(row.required, 1),
                     "gap": numbers.number(row.gap, 1), "gap_text": gap_text(row.gap),
                     "missing": row.gap > 0, "answered": key in answered})
    return rows


def gap_chart(rows: list[dict]):
    if not rows:
        return None
    return charts.gap_bars(title=_("Capacity against the places required"), rows=[
        {"label": r["label"], "capacity": r["row"].capacity, "required": r["row"].required,
         "text": _("%(capacity)s of %(required)s") % {"capacity": r["capacity"],
                                                      "required": r["required"]}}
        for r in rows])
