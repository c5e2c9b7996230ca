"""What documents print from the analysis (contract: AnalysisConfig.print_data): the optimal
network description of a plan, JSON-ready, strings already in the active language; and what
the plan's pages say under each measure (AnalysisConfig.measure_notes). Runs inside the
municipality's schema; a description that does not exist (any more) gives None."""

from django.dispatch import Signal
from django.utils import formats
from django.utils.translation import gettext as _

from tenants.analysis.models import NetworkDescription
from tenants.analysis.optimal import present, selectors

#: The documents app's name for the kind of document made from a description.
NETWORK = "network"

#: Sent inside the writer's transaction when a description became public or stopped being
#: (approved, superseded), with ``subject_id``: the documents app makes its PDF again.
public_changed = Signal()


def announce(subject_id: int) -> None:
    public_changed.send(sender=NETWORK, kind=NETWORK, subject_id=subject_id)


def printable() -> list[dict]:
    """Every description, newest plan and version first: [{"id", "plan_id", "title",
    "approved"}]."""
    return [{"id": d.pk, "plan_id": d.plan_id, "title": description_label(d),
             "approved": d.status == NetworkDescription.Status.APPROVED}
            for d in selectors.descriptions()]


def publishable() -> list[dict]:
    """The descriptions residents may download: approved, of a public plan."""
    return [{"id": d.pk, "plan_id": d.plan_id, "title": description_label(d)}
            for d in selectors.descriptions_public()]


def is_public(subject_id) -> bool:
    description = NetworkDescription.objects.filter(pk=subject_id).first()
    return description is not None and selectors.is_public(description)


def description_label(description: NetworkDescription) -> str:
    return _("Optimal network, version %(version)s") % {"version": description.version}


def description_title(subject_id) -> str | None:
    description = NetworkDescription.objects.select_related("plan").filter(
        pk=subject_id).first()
    if description is None:
        return None
    return f"{description_label(description)} — {description.plan.title}"


def _plain(row: dict) -> dict:
    item = row["item"]
    return {"place": item.place, "group": row["group_name"], "capacity": row["capacity"],
            "provider": row["provider"], "year": item.year, "cost": row["cost"],
            "gap": row["gap"], "note": item.note, "measures": row["measures"]}


def description_data(subject_id) -> dict | None:
    description = NetworkDescription.objects.select_related("plan").filter(
        pk=subject_id).first()
    if description is None:
        return None
    items = list(selectors.items_of(description))
    gaps = selectors.gaps_now()
    gap_rows = present.gap_rows(gaps, {i.gap_key for i in items})
    chart = present.gap_chart(gap_rows)
    plan = description.plan
    return {
        "network": {
            "title": _("Description of the optimal network of social services"),
            "plan_title": plan.title, "period": f"{plan.year_from}–{plan.year_to}",
            "version": description.version, "state": description.get_status_display(),
            "approved_on": (formats.date_format(description.approved_on, "SHORT_DATE_FORMAT")
                            if description.approved_on else None),
            "resolution": description.resolution, "note": description.note,
            "total_cost": present.total_cost(items), "count": len(items),
            "area": gaps.area, "year": gaps.year,
        },
        "groups": [{"label": g["label"], "cost": g["cost"], "count": g["count"],
                    "types": [{"name": t["name"], "rows": [_plain(r) for r in t["rows"]]}
                              for t in g["types"]]}
                   for g in present.grouped(items, gaps)],
        "gaps": [{"label": r["label"], "capacity": r["capacity"], "required": r["required"],
                  "gap": r["gap"], "text": r["gap_text"]} for r in gap_rows],
        "chart": str(chart) if chart else None,
        "network_labels": {
            "about": _("About the description"), "plan": _("Plan"), "period": _("Period"),
            "version": _("Version"), "state": _("State"), "approved_on": _("Approved on"),
            "resolution": _("Council resolution"), "items": _("Items"),
            "total_cost": _("Estimated cost in all"), "by_action": _("The network by action"),
            "place": _("Place"), "group": _("Target group"), "capacity": _("Capacity"),
            "provider": _("Provider"), "year": _("Year"), "cost": _("Estimated cost"),
            "gap": _("Gap it answers"), "measures": _("Plan measures"),
            "gaps": _("Gaps of the network analysis"),
            "gaps_intro": _("The network analysis of %(area)s now: capacity of the "
                            "catalogue against the places the norm requires.") % {
                                "area": gaps.area},
            "service": _("Service type · target group · unit"),
            "required": _("Required"), "missing": _("Gap"), "chart": _("Gap chart"),
            "chart_alt": _("Bars of capacity against the places required per service "
                           "type"),
            "no_items": _("No item yet."), "no_gaps": _("No gap can be computed yet: the "
                                                        "analysis lacks demography or "
                                                        "norms."),
        },
    }


def measure_notes(measure_ids, *, public: bool) -> dict[int, list[str]]:
    """{measure id: ["Gap it addresses: … — 22,1 missing when linked, 12,1 missing now
    (−10,0)"]} for the plan's pages and the evaluation report. ``public``: only items of
    approved descriptions."""
    links = list(selectors.links_of_measures(measure_ids, public=public))
    if not links:
        return {}
    gaps = selectors.gaps_now()
    notes: dict[int, list[str]] = {}
    for link in links:
        item = link.item
        key = item.gap_key or selectors.gap_key(item.service_type, item.target_group,
                                                item.unit)
        now = gaps.gap(key)
        change = present.change_text(link.gap_at_link, now)
        text = _("Gap it addresses: %(gap)s (%(action)s, %(capacity)s, %(place)s, "
                 "%(year)s) — when linked: %(then)s; now: %(now)s") % {
            "gap": present.key_label(key), "action": item.get_action_display(),
            "capacity": present.item_row(item)["capacity"], "place": item.place,
            "year": item.year, "then": present.gap_text(link.gap_at_link),
            "now": present.gap_text(now)}
        notes.setdefault(link.measure_id, []).append(f"{text} ({change})" if change else text)
    return notes
