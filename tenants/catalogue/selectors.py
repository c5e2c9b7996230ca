"""Reads of the catalogue: public search and filters, staff lists, figures."""

from django.db import connection
from django.db.models import Max, Prefetch, Q

from tenants.catalogue import taxonomy
from tenants.catalogue.models import Location, OpeningHours, Provider, Service
from tenants.catalogue.text import fold


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
    """Every town where a service has a place or which a service covers, for the place filter."""
    names = set(Location.objects.filter(service__status=Service.Status.ACTIVE)
                .values_list("town", flat=True))
    for areas in Service.objects.filter(status=Service.Status.ACTIVE).values_list("areas",
                                                                                   flat=True):
        names.update(areas)
    return sorted(n for n in names if n)


def service_full(qs=None):
    """Services with everything a detail page or an export needs, in few queries."""
    qs = qs if qs is not None else Service.objects.all()
    return qs.select_related("provider").prefetch_related(
        Prefetch("locations", queryset=Location.objects.prefetch_related(
            Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday", "opens")))))


def service_get(service_id, *, public: bool):
    qs = service_full()
    if public:
        qs = qs.filter(status=Service.Status.ACTIVE)
    return qs.get(pk=service_id)


def providers_public():
    return Provider.objects.filter(services__status=Service.Status.ACTIVE).distinct()


def catalogue_updated_at():
    """When the catalogue last changed (services, providers, places); None when empty."""
    stamps = [Service.objects.aggregate(m=Max("updated_at"))["m"],
              Provider.objects.aggregate(m=Max("updated_at"))["m"]]
    from tenants.catalogue.models import CatalogueStamp
    stamps.append(CatalogueStamp.objects.aggregate(m=Max("changed_at"))["m"])
    stamps = [s for s in stamps if s is not None]
    return max(stamps) if stamps else None
