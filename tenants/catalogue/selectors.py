"""Reads of the catalogue: public search and filters, staff lists, figures."""

from django.db import connection
from django.db.models import Max, Prefetch, Q

from hub import taxonomy
from hub.text import fold
from tenants.catalogue.models import Location, OpeningHours, Provider, Service


def country() -> str:
    return getattr(getattr(connection, "tenant", None), "country", "") or "SK"


def language() -> str:
    tenant = getattr(connection, "tenant", None)
    return getattr(tenant, "language", "") or ("cs" if country() == "CZ" else "sk")


def services_public(*, query: str = "", service_type: str = "", target_group: str = "",
                    form: str = "", town: str = "", group: str = ""):
    """Active services matching a search (diacritics and case ignored) and filters."""
    qs = Service.objects.filter(status=Service.Status.ACTIVE).select_related("provider")
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if service_type:
        qs = qs.filter(service_type=service_type)
    if group:
        qs = qs.filter(service_type__in=[t.code for t in taxonomy.service_types(country())
                                         if t.group == group])
    if target_group:
        qs = qs.filter(target_groups__contains=[target_group])
    if form:
        qs = qs.filter(Q(form=form) | Q(capacities__contains=[{"form": form}]))
    if town:
        qs = qs.filter(town_filter(town)).distinct()
    return qs.order_by("name", "id")


def _own_obce() -> set[str]:
    from hub.municipalities.selectors import covered_codes

    tenant = getattr(connection, "tenant", None)
    return covered_codes(tenant) if getattr(tenant, "territory_id", None) else set()


def town_filter(town: str) -> Q:
    """Services with a place in ``town`` or covering it: by an obec of that name, a unit that
    contains it, or (no units named) the municipality's own territory when the town is in it."""
    from hub.municipalities.models import TerritorialUnit

    match = Q(locations__town=town)
    obce = list(TerritorialUnit.objects.filter(
        country=country(), level=TerritorialUnit.Level.MUNICIPALITY, name=town).select_related(
        "parent", "parent__parent", "orp"))
    keys = set()
    for obec in obce:
        keys.add(f"municipality:{obec.code}")
        for upper in (obec.parent, obec.parent.parent if obec.parent else None, obec.orp):
            if upper is not None:
                keys.add(f"{upper.level}:{upper.code}")
    if keys:
        match |= Q(covers__overlap=sorted(keys))
    own = _own_obce()
    if any(obec.code in own for obec in obce):
        match |= Q(covers=[])
    return match


def towns() -> list[str]:
    """Every town where an active service has a place, the obce services name as covered and
    (up to 300) the obce of the municipality's own territory: the place filter's choices."""
    from hub.municipalities.models import TerritorialUnit

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT l.town FROM catalogue_location l JOIN catalogue_service s "
            "ON s.id = l.service_id WHERE s.status = 'active'")
        found = {row[0] for row in cursor.fetchall() if row[0]}
        cursor.execute("SELECT DISTINCT unnest(covers) FROM catalogue_service "
                       "WHERE status = 'active'")
        keys = [row[0] for row in cursor.fetchall()]
    codes = {k.partition(":")[2] for k in keys if k.startswith("municipality:")}
    own = _own_obce()
    codes |= own if len(own) <= 300 else set()
    if codes:
        found |= set(TerritorialUnit.objects.filter(
            country=country(), level=TerritorialUnit.Level.MUNICIPALITY,
            code__in=sorted(codes)).values_list("name", flat=True))
    return sorted(found, key=lambda name: (fold(name), name))


def service_full(qs=None):
    """Services with everything a detail page or an export needs, in few queries."""
    qs = qs if qs is not None else Service.objects.all()
    return qs.select_related("provider").prefetch_related(
        Prefetch("locations", queryset=Location.objects.prefetch_related(
            Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens")))))


def providers_public():
    return Provider.objects.filter(services__status=Service.Status.ACTIVE).distinct()


def catalogue_updated_at():
    """When the catalogue last changed (services, providers, places, deletions); None when
    empty. Every write goes through services.py, which moves the stamp."""
    from tenants.catalogue.models import CatalogueStamp

    stamp = CatalogueStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if stamp is not None:
        return stamp
    stamps = [Service.objects.aggregate(m=Max("updated_at"))["m"],
              Provider.objects.aggregate(m=Max("updated_at"))["m"]]
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None
