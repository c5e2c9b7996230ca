"""Accepting many registry offers at once with set-based writes (the registry import's commit).

Does what ``registry.accept`` does offer by offer — the same providers found or created, the
same fields, places, ``registry_synced`` and history rows, the same validation errors — but
with the rows it reads fetched once and the writes done in bulk, so a municipality's slice of
the national file costs a few dozen queries instead of about fifteen a service.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from hub.text import fold
from tenants.catalogue import coverage, services
from tenants.catalogue.models import Location, Provider, Service, search_text
from tenants.history.models import Change
from tenants.history.services import snapshot


def _change(obj, action, user, *, before=None, after=None) -> Change | None:
    """The row ``change_record`` would write, unsaved (None for an update changing nothing)."""
    changes = {}
    if before is not None and after is not None:
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if action == Change.Action.UPDATED and not changes:
            return None
    return Change(subject=obj._meta.label_lower, object_id=obj.pk, object_repr=str(obj)[:300],
                  action=action, changes=changes, user=user)


class _Providers:
    """``registry._provider`` over rows fetched once: by IČO, else the oldest of the name,
    else a new provider (which later records then find, as they would in the database)."""

    def __init__(self, records):
        icos = {r["provider"]["ico"] for r in records if r["provider"]["ico"]}
        names = {r["provider"]["name"] for r in records if r["provider"]["name"]}
        self.by_ico = {p.ico: p for p in Provider.objects.filter(ico__in=icos)}
        self.by_name = {}
        for provider in Provider.objects.filter(name__in=names).order_by("-pk"):
            self.by_name[provider.name] = provider  # the oldest wins
        self.created = []

    def get(self, data: dict) -> tuple[Provider, bool]:
        provider = self.by_ico.get(data["ico"]) if data["ico"] else None
        if provider is None and data["name"]:
            provider = self.by_name.get(data["name"])
        if provider is not None:
            return provider, False
        provider = Provider()
        for name, value in {"name": data["name"] or data["ico"] or "?", "ico": data["ico"],
                            "website": data["website"], "email": data["email"],
                            "phone": data["phone"]}.items():
            setattr(provider, name, value.strip() if isinstance(value, str) else
                    (value if value is not None else ""))
        provider.full_clean(validate_unique=False, validate_constraints=False)
        if provider.ico:
            self.by_ico[provider.ico] = provider
        self.by_name.setdefault(provider.name, provider)
        self.created.append(provider)
        return provider, True


def _check_service(service: Service, places: list | None, known: set) -> None:
    """What ``services.service_save`` checks before writing, in the same order, in memory."""
    if service.hidden_address and (places if places is not None else
                                   [True] if service.pk and service.locations.all() else []):
        raise services.hidden_with_places()
    unknown = [key for key in service.covers if key not in known]
    if unknown:
        raise services.unknown_units(unknown)
    service.full_clean(exclude=["provider"], validate_unique=False, validate_constraints=False)


def _place(service: Service, data: dict, position: int, loc: Location | None = None) -> Location:
    loc = loc or Location(service=service)
    services.location_assign(loc, data)
    loc.position = position
    loc.full_clean(exclude=["service"], validate_unique=False)
    return loc


def accept_offers(offers: list, *, user, progress=None) -> dict:
    """``registry.accept_all`` set-based: every offer without a conflict, all or nothing."""
    from tenants.catalogue import registry  # registry delegates here; imported when used

    counts = {"new": 0, "changed": 0, "ended": 0, "skipped": 0}
    work = []
    for offer in offers:
        if offer.conflicts:
            counts["skipped"] += 1
        else:
            work.append(offer)
    if not work:
        return counts
    total = len(offers)
    today = timezone.localdate()
    user = user if getattr(user, "is_authenticated", False) else None
    units = registry._known_units([o.record for o in offers if o.kind != "ended"])
    existing = [o.service for o in work if o.service is not None]
    prefetch_related_objects(existing, "provider", "locations")
    providers = _Providers([o.record for o in work if o.kind == "new"])
    new_values = {id(o): registry.values(o.record, known_units=units)
                  for o in work if o.kind != "ended"}
    all_covers = {k for o in work if o.kind == "ended" for k in o.service.covers} | {
        k for new in new_values.values() for k in new["covers"]}
    found_units = coverage.units(sorted(all_covers))
    known = set(found_units)
    constraint = next(c for c in Service._meta.constraints
                      if c.name == "catalogue_service_unique_registry_id")
    taken = set()
    now = timezone.now()
    plans = []  # (offer, service, before, synced, provider created or None)
    new_places, kept_places, replaced = [], {}, []
    for number, offer in enumerate(work, start=1):
        record = offer.record
        created_provider = None
        if offer.kind == "ended":
            service = offer.service
            before = snapshot(service, services.SERVICE_FIELDS)
            ended = datetime.date.fromisoformat(record["ended_on"]) \
                if record.get("ended_on") else today
            synced = dict(service.registry_synced or registry.current(service))
            synced["status"] = Service.Status.INACTIVE
            services.service_assign(service, {"status": Service.Status.INACTIVE,
                                              "ended_on": ended})
            _check_service(service, None, known)
        elif offer.kind == "new":
            new = new_values[id(offer)]
            provider, is_new = providers.get(record["provider"])
            created_provider = provider if is_new else None
            service, before = Service(provider=provider), None
            services.service_assign(service, {
                **{k: v for k, v in new.items() if k != "locations"},
                "registry_id": offer.registry_id, "ended_on": None})
            _check_service(service, new["locations"], known)
            if service.registry_id in taken:  # the unique constraint, as full_clean says it
                raise ValidationError(constraint.get_violation_error_message(),
                                      code=constraint.violation_error_code)
            taken.add(service.registry_id)
            new_places += [_place(service, place, position)
                           for position, place in enumerate(new["locations"])]
            synced = new
        else:
            new = new_values[id(offer)]
            service = offer.service
            before = snapshot(service, services.SERVICE_FIELDS)
            take = [name for name, _m, _t in offer.changes if name not in offer.conflicts]
            services.service_assign(service, {name: new[name] for name in take
                                              if name != "locations"})
            places = new["locations"] if "locations" in take else None
            _check_service(service, places, known)
            if places is not None:
                # A place at the same town and address keeps its id, hours and coordinates.
                by_key = {(loc.town, loc.address): loc for loc in service.locations.all()}
                for position, place in enumerate(places):
                    loc = by_key.get((place["town"], place["address"]))
                    if loc is None:
                        new_places.append(_place(service, place, position))
                    else:
                        kept_places[loc.pk] = _place(service, place, position, loc)
                replaced.append(service.pk)
            # What the registry says now is the new base, fields kept by staff included:
            # the next registry change to one of them is offered again.
            synced = new
        service.registry_synced, service.registry_synced_at = synced, now
        service.updated_at = now
        plans.append((offer, service, before, created_provider))
        counts[offer.kind] += 1
        if progress is not None and number % 10 == 0:
            progress(number, total)
    with transaction.atomic(), services.one_touch():
        _write(plans, providers.created, new_places, kept_places, replaced, found_units,
               user, now)
        services.catalogue_touched()
    if progress is not None:
        progress(total, total)
    return counts


def _write(plans, new_providers, new_places, kept_places, replaced, found_units, user,
           now) -> None:
    for provider in new_providers:
        provider.search_text = fold(" ".join([provider.name, provider.ico,
                                              provider.legal_form]))
    Provider.objects.bulk_create(new_providers)
    for _offer, service, _before, _created in plans:
        service.provider = service.provider  # sets provider_id of a provider just created
        service.search_text = search_text(service, provider_name=service.provider.name,
                                          cover_names=[found_units[k].name if k in found_units
                                                       else k for k in service.covers])
    created = [s for _o, s, before, _c in plans if before is None]
    for service in created:
        service.created_at = now
    Service.objects.bulk_create(created, batch_size=500)
    Service.objects.bulk_update(
        [s for _o, s, before, _c in plans if before is not None],
        list(services.SERVICE_FIELDS) + ["search_text", "updated_at", "registry_synced",
                                         "registry_synced_at"], batch_size=500)
    if replaced:
        Location.objects.filter(service_id__in=replaced).exclude(
            pk__in=list(kept_places)).delete()
    for loc in new_places:
        loc.service = loc.service  # sets service_id of a service just created
    Location.objects.bulk_create(new_places, batch_size=500)
    Location.objects.bulk_update(list(kept_places.values()),
                                 services.LOCATION_FIELDS + ["position"], batch_size=500)
    changes = []
    for _offer, service, before, created_provider in plans:
        if created_provider is not None:  # its creation, before its first service's
            changes.append(_change(created_provider, Change.Action.CREATED, user,
                                   after=snapshot(created_provider, services.PROVIDER_FIELDS)))
        changes.append(_change(service, Change.Action.CREATED if before is None else
                               Change.Action.UPDATED, user, before=before,
                               after=snapshot(service, services.SERVICE_FIELDS)))
    Change.objects.bulk_create([c for c in changes if c is not None], batch_size=1000)
