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
        qs = qs.filter(form=form)
    if town:
        qs = qs.filter(Q(locations__town=town) | Q(areas__contains=[town])).distinct()
    return qs.order_by("name", "id")


def towns() -> list[str]:
    """Every town where an active service has a place or which it covers (place filter)."""
    from django.db import connection as conn

    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT town FROM catalogue_location l JOIN catalogue_service s "
            "ON s.id = l.service_id WHERE s.status = 'active' "
            "UNION SELECT unnest(areas) FROM catalogue_service WHERE status = 'active' "
            "ORDER BY 1")
        return [row[0] for row in cursor.fetchall() if row[0]]


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
