"""Data for the printed catalogue and leaflets (issue 7 renders it); JSON-serialisable, all
strings already in the municipality's language. Runs inside the municipality's schema."""

from django.db import connection

from hub import taxonomy
from tenants.catalogue import audiences, capacities, coverage, selectors
from tenants.catalogue.models import Service

DAY_NAMES = {
    "sk": ["pondelok", "utorok", "streda", "štvrtok", "piatok", "sobota", "nedeľa"],
    "cs": ["pondělí", "úterý", "středa", "čtvrtek", "pátek", "sobota", "neděle"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def _service(service, language):
    provider = service.provider
    return {
        "id": str(service.uuid), "name": service.name,
        "provider": {"name": provider.name, "legal_form": provider.legal_form,
                     "ico": provider.ico, "website": provider.website,
                     "email": provider.email, "phone": provider.phone},
        "type": service.service_type,
        "form": taxonomy.name(service.form, language),
        "target_groups": [taxonomy.name(c, language) for c in service.target_groups],
        "age_from": service.age_from, "age_to": service.age_to,
        # The registered maximum capacity per form, e.g. "terénní 120 klienti".
        "capacities": [capacities.render([line], language) for line in service.capacities],
        "covers": [d["label"] for d in coverage.describe(service.covers, language)],
        "hidden_address": service.hidden_address,
        "description": service.description, "fees": service.fees,
        "eligibility": service.eligibility,
        "phone": service.phone or provider.phone, "email": service.email or provider.email,
        "website": service.website or provider.website,
        "locations": [{
            "address": loc.address, "town": loc.town, "postal_code": loc.postal_code,
            "accessibility": loc.accessibility,
            "hours": [{"day": DAY_NAMES.get(language, DAY_NAMES["en"])[h.weekday],
                       "weekday": h.weekday, "opens": h.opens.strftime("%H:%M"),
                       "closes": h.closes.strftime("%H:%M")} for h in loc.hours.all()],
        } for loc in ([] if service.hidden_address else service.locations.all())],
    }


def catalogue_print_data(*, audience: str | None = None) -> dict:
    """The active services grouped as in the law, optionally only one leaflet's audience."""
    if audience is not None and audience not in audiences.AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; one of {audiences.NAMES}")
    tenant = connection.tenant
    language = selectors.language()
    country = selectors.country()
    qs = Service.objects.filter(status=Service.Status.ACTIVE)
    if audience:
        qs = qs.filter(audiences.service_filter(audience))
    services = list(selectors.service_full(qs).order_by("name", "id"))
    type_order = {t.code: i for i, t in enumerate(taxonomy.service_types(country))}
    groups = []
    for group in taxonomy.type_groups(country):
        members = sorted((s for s in services
                          if (taxonomy.term(s.service_type) or group).group == group.code),
                         key=lambda s: (type_order.get(s.service_type, 999), s.name))
        if members:
            groups.append({"code": group.code, "name": group.name(language),
                           "paragraph": group.paragraph,
                           "services": [_service(s, language) for s in members]})
    names = {d["key"]: d["name"] for d in coverage.describe(
        sorted({k for s in services for k in s.covers}), language)}
    places = {}
    for service in services:
        towns = set() if service.hidden_address else {loc.town for loc in
                                                      service.locations.all()}
        for town in sorted(towns | {names.get(k, k) for k in service.covers}):
            places.setdefault(town, []).append(str(service.uuid))
    updated = selectors.catalogue_updated_at()
    return {"municipality": tenant.name, "language": language, "audience": audience,
            "groups": groups,
            "places": [{"town": town, "service_ids": ids} for town, ids in sorted(places.items())],
            "updated_at": updated.isoformat() if updated else None}
