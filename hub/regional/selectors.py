"""Reads of regional coordination: a coordinator's areas, the comparison of an area's
municipalities (public-schema read model only) and the regional catalogue."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hub.accounts.selectors import coordinated_areas
from hub.municipalities.models import Municipality, Region
from hub.regional import metrics, table
from hub.regional.models import MunicipalityFigures, RegionNorm, ServiceListing
from hub.text import fold


def area_for_coordinator(*, user, code: str) -> Region:
    """The area by its code if this account coordinates it; 404 for any other, existing or
    not; 403 for an account that coordinates nothing at all (the wrong role)."""
    areas = coordinated_areas(user=user)
    area = areas.filter(code=code).first()
    if area is None:
        if not areas.exists():
            raise PermissionDenied
        raise Http404
    return area


def norms_area(area: Region) -> Region | None:
    """The region whose norms apply in an area: the area itself, or a district's kraj."""
    return area if area.kind == Region.Kind.REGION else area.parent


def area_norms(area: Region) -> QuerySet[RegionNorm]:
    region = norms_area(area)
    if region is None:
        return RegionNorm.objects.none()
    return RegionNorm.objects.filter(area=region).select_related("updated_by")


def norm_for_coordinator(*, user, code: str, norm_id: int) -> RegionNorm:
    """A norm to change: its region must be the area of ``code`` (a kraj), which this account
    coordinates (area_for_coordinator's 403 / 404); a district's page changes none."""
    area = area_for_coordinator(user=user, code=code)
    norm = RegionNorm.objects.filter(pk=norm_id, area=area).first()
    if norm is None:
        raise Http404
    return norm


def region_norms(*, municipality: Municipality) -> dict[tuple[str, str, str], RegionNorm]:
    """The norms of a municipality's region (kraj) by (type, target group, unit). Read from
    the public schema inside a tenant's: a district's nested areas set none of their own."""
    if not municipality.region_id:
        return {}
    return {(n.service_type, n.target_group, n.unit): n
            for n in RegionNorm.objects.filter(area_id=municipality.region_id)}


def area_municipalities(area: Region) -> QuerySet[Municipality]:
    field = "region" if area.kind == Region.Kind.REGION else "district"
    return Municipality.objects.filter(**{field: area}).order_by("name")


def _latest_figures(municipalities: QuerySet) -> dict[int, MunicipalityFigures]:
    rows = (MunicipalityFigures.objects.filter(municipality_id__in=municipalities.values("pk"))
            .order_by("municipality_id", "-period").distinct("municipality_id"))
    return {row.municipality_id: row for row in rows}


@dataclass
class Comparison:
    area: Region
    today: datetime.date
    rows: list[metrics.Row]
    columns: list[metrics.Column]
    medians: dict
    refreshed_at: datetime.datetime | None

    def column(self, key: str) -> metrics.Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def total(self) -> int:
        return len(self.rows)


def area_comparison(area: Region, *, today: datetime.date) -> Comparison:
    """Every municipality of the area with its figures, the medians and the outliers:
    two queries on public-schema tables, whatever the area's size."""
    municipalities = area_municipalities(area)
    places = list(municipalities.values(
        "pk", "slug", "name", "kind", "country", "population", "population_65",
        "territory__code"))
    figures = _latest_figures(municipalities.order_by())
    rows, units, senior_units = [], set(), set()
    for place in places:
        found = figures.get(place["pk"])
        values, unavailable = metrics.row_values(
            found, population=place["population"], population_65=place["population_65"],
            today=today)
        rows.append(metrics.Row(slug=place["slug"], name=place["name"], kind=place["kind"],
                                country=place["country"], figures=found, values=values,
                                stat_code=place["territory__code"] or "",
                                unavailable=unavailable))
        units.update(k.split(":", 1)[1] for k in values if k.startswith("capacity_per_1000:"))
        senior_units.update(k.split(":", 1)[1] for k in values
                            if k.startswith("senior_per_1000_65:"))
    columns = metrics.columns_for(sorted(units), sorted(senior_units))
    medians = metrics.compare(rows, columns)
    stamps = [r.figures.refreshed_at for r in rows if r.figures is not None]
    return Comparison(area=area, today=today, rows=rows, columns=columns, medians=medians,
                      refreshed_at=min(stamps) if stamps else None)


def area_row(found: table.Summary, slug: str) -> metrics.Row:
    """One municipality of the summarised set, its outliers judged against that set; 404
    when it is not in it."""
    place = found.municipalities.filter(slug=slug).values(*table.PLACE_FIELDS).first()
    if place is None:
        raise Http404
    row = table.row_of(place, table.latest_figures([place["pk"]]).get(place["pk"]), found.today)
    table.mark_outliers(row, found)
    return row


def comparison_row(comparison: Comparison, slug: str) -> metrics.Row:
    row = next((r for r in comparison.rows if r.slug == slug), None)
    if row is None:
        raise Http404
    return row


# The regional catalogue for residents ------------------------------------------------------

def catalogue_areas() -> QuerySet[Region]:
    return Region.objects.order_by("country", "kind", "name")


def catalogue_area_get(code: str) -> Region:
    area = Region.objects.filter(code=code).first()
    if area is None:
        raise Http404
    return area


def listings_search(area: Region, *, query: str = "", service_type: str = "",
                    target_group: str = "", municipality: str = "") -> QuerySet[ServiceListing]:
    field = "municipality__region" if area.kind == Region.Kind.REGION else \
        "municipality__district"
    listings = ServiceListing.objects.filter(**{field: area}).select_related(
        "municipality").prefetch_related("municipality__domains")
    for word in fold(query).split()[:8]:
        listings = listings.filter(search__contains=word)
    if service_type:
        listings = listings.filter(service_type=service_type)
    if target_group:
        listings = listings.filter(target_groups__contains=[target_group])
    if municipality:
        listings = listings.filter(municipality__slug=municipality)
    return listings.order_by("service", "provider", "pk")


def listings_page_grouped(listings: QuerySet[ServiceListing], page_number) -> tuple:
    """One result per service and provider: a service an ORP and its towns both list appears
    once, with a link to each municipality's catalogue. Paginates the distinct pairs."""
    from functools import reduce
    from operator import or_

    from django.core.paginator import Paginator

    pairs = listings.order_by("service", "provider").values_list("service", "provider").distinct()
    page = Paginator(pairs, 25).get_page(page_number)
    if not page.object_list:
        return page, []
    chosen = listings.filter(reduce(or_, (Q(service=s, provider=p) for s, p in page.object_list)))
    groups: dict[tuple, list[ServiceListing]] = {}
    for item in chosen.order_by("municipality__name"):
        groups.setdefault((item.service, item.provider), []).append(item)
    return page, [groups[pair] for pair in page.object_list if pair in groups]


def listing_facets(area: Region) -> dict[str, list[str]]:
    field = "municipality__region" if area.kind == Region.Kind.REGION else \
        "municipality__district"
    rows = ServiceListing.objects.filter(**{field: area}).values_list("service_type",
                                                                      "target_groups")
    types, groups = set(), set()
    for service_type, target_groups in rows:
        if service_type:
            types.add(service_type)
        groups.update(target_groups)
    return {"types": sorted(types), "target_groups": sorted(groups)}


def comparable_capacity(*, municipality: Municipality) -> list[dict]:
    """The latest figures of municipalities comparable with this one (same country and
    kind, capacity known), for the medians of a needs analysis: [{capacity_by_type,
    population, population_65}]. Read from the public read model only."""
    rows = (MunicipalityFigures.objects
            .filter(municipality__country=municipality.country,
                    municipality__kind=municipality.kind)
            .exclude(municipality_id=municipality.pk).exclude(capacity_source="")
            .order_by("municipality_id", "-period").distinct("municipality_id")
            .values("capacity_by_type", "population", "population_65"))
    return list(rows)
