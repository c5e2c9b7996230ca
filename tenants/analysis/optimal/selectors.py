"""Reads of the optimal network: descriptions, their items, the gaps of the analysis they
answer and the plans and measures they belong to; ids from users are resolved here."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tenants.analysis import network
from tenants.analysis.models import MeasureLink, NetworkDescription, NetworkItem
from tenants.catalogue import selectors as catalogue
from tenants.plans import print_data as plans_print
from tenants.plans import selectors as plans


def gap_key(service_type: str, target_group: str, unit: str) -> str:
    """The key of a row of the network analysis: type|group|unit (group empty: all)."""
    return f"{service_type}|{target_group}|{unit}"


def split_key(key: str) -> tuple[str, str, str] | None:
    parts = key.split("|")
    return tuple(parts) if len(parts) == 3 and parts[0] and parts[2] else None


@dataclass
class Gaps:
    """The own area's rows of the network analysis now, by key."""

    area: str
    year: int | None
    rows: dict[str, network.Row]

    def gap(self, key: str) -> Decimal | None:
        row = self.rows.get(key)
        return None if row is None else row.gap


def gaps_now() -> Gaps:
    """The network analysis of the municipality's own territory (not of its member obce)."""
    own = network.network_analysis(members=[]).areas[0]
    return Gaps(own.name, own.year,
                {gap_key(r.service_type, r.target_group, r.unit): r for r in own.rows})


def plans_for_choice() -> QuerySet:
    return plans.plans_for_staff().order_by("-year_from", "-version")


def plan_get(plan_id) -> object:
    return get_object_or_404(plans.plans_for_staff(), pk=plan_id)


def plan_is_public(plan_id: int) -> bool:
    return plans_print.is_public(plans_print.PLAN, plan_id)


def measures_of(plan) -> list:
    """The plan's measures in the order of its tree."""
    return [m for priority in plans.plan_tree(plan) for m in priority.measures.all()]


def providers() -> QuerySet:
    return catalogue.providers_public().order_by("name")


def descriptions() -> QuerySet[NetworkDescription]:
    return NetworkDescription.objects.select_related("plan").order_by("-plan__year_from",
                                                                      "plan_id", "-version")


def description_get(description_id) -> NetworkDescription:
    return get_object_or_404(descriptions(), pk=description_id)


def items_of(description: NetworkDescription) -> QuerySet[NetworkItem]:
    return (description.items.select_related("provider")
            .prefetch_related("links__measure__priority"))


def item_get(description: NetworkDescription, item_id) -> NetworkItem:
    return get_object_or_404(description.items.all(), pk=item_id)


def is_public(description: NetworkDescription) -> bool:
    """Residents may read it: approved, of a plan that is public as a document (approved)."""
    return (description.status == NetworkDescription.Status.APPROVED
            and plan_is_public(description.plan_id))


def descriptions_public() -> list[NetworkDescription]:
    return [d for d in descriptions().filter(status=NetworkDescription.Status.APPROVED)
            if plan_is_public(d.plan_id)]


def links_of_measures(measure_ids, *, public: bool) -> QuerySet[MeasureLink]:
    links = MeasureLink.objects.filter(measure_id__in=list(measure_ids)).select_related(
        "item__description")
    if public:
        links = links.filter(item__description__status=NetworkDescription.Status.APPROVED)
    return links.order_by("measure_id", "item__description__version", "item_id")
