"""The national registry in this municipality's catalogue: what a registry record becomes
here, how it differs from the catalogue, and applying it (through ``services`` — history,
stamp and regional refresh included; many offers at once through ``registry_bulk``, with
set-based writes and the same result).

Records come normalised from ``hub.rpss.reader`` — from the platform's snapshot of the
national file (``snapshot``), or from a file staff uploaded (``imports``). A service keeps
the values last taken from the registry (``Service.registry_synced``): a field that differs
from them was edited by staff, and a registry change to such a field is shown beside the
staff's value for staff to choose — never applied silently.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from hub.rpss import reader
from hub.rpss import selectors as registry_selectors
from tenants.catalogue import coverage, services
from tenants.catalogue.models import Provider, RegistryDecision, Service

#: Fields the registry gives, in the order a difference is shown.
FIELDS = ["name", "service_type", "form", "capacities", "target_groups", "phone", "email",
          "website", "covers", "hidden_address", "locations", "status"]


def _own_key() -> str:
    tenant = getattr(connection, "tenant", None)
    unit = getattr(tenant, "territory", None) if getattr(tenant, "territory_id", None) else None
    return f"{unit.level}:{unit.code}" if unit else ""


def values(record: dict, *, known_units: set[str] | None = None) -> dict:
    """The catalogue's values for a registry record (what ``registry_synced`` keeps)."""
    forms = record["forms"]
    # A secret address does not even name its obec: the area is then the own territory.
    covers = list(record["scope"]) or sorted(
        {f"municipality:{f['town_code']}" for f in record["facilities"]
         if f["town_code"] and not f["hidden"]})
    if known_units is not None:
        covers = [key for key in covers if key in known_units]
    if covers == [_own_key()]:
        covers = []  # the municipality's own territory, said the short way
    locations = [] if record["hidden_address"] else [
        {"name": f["name"][:250], "address": f["address"]["street"], "town": f["address"]["town"],
         "postal_code": f["address"]["postal_code"]}
        for f in record["facilities"]
        if f["address"] and f["address"]["street"] and f["address"]["town"]]
    return {
        "name": (record["name"] or record["registry_id"])[:250],
        "service_type": record["service_type"],
        "form": forms[0]["form"] if forms else "",
        "capacities": [{"form": form["form"], "unit": line["unit"],
                        "capacity": line["capacity"], "note": line["note"]}
                       for form in forms for line in form["capacities"]],
        "target_groups": list(record["target_groups"]),
        "phone": record["contacts"]["phone"], "email": record["contacts"]["email"],
        "website": record["contacts"]["website"],
        "covers": covers,
        "hidden_address": record["hidden_address"],
        "locations": locations,
        "status": Service.Status.INACTIVE if record["ended_on"] else Service.Status.ACTIVE,
    }


def current(service: Service) -> dict:
    """The same values as the catalogue holds them now."""
    return {
        "name": service.name, "service_type": service.service_type, "form": service.form,
        "capacities": list(service.capacities), "target_groups": list(service.target_groups),
        "phone": service.phone, "email": service.email, "website": service.website,
        "covers": list(service.covers), "hidden_address": service.hidden_address,
        "locations": [{"name": loc.name, "address": loc.address, "town": loc.town,
                       "postal_code": loc.postal_code} for loc in service.locations.all()],
        "status": service.status,
    }


@dataclass
class Offer:
    """One difference between the registry and the catalogue, for staff to accept or not."""

    registry_id: str
    kind: str                 # "new", "changed", "ended"
    name: str
    digest: str
    record: dict
    service: Service | None = None
    changes: list = field(default_factory=list)    # [(field, ours, registry's)]
    conflicts: list = field(default_factory=list)  # fields staff changed since the last sync

    @property
    def problems(self) -> list[dict]:
        return [p for p in self.record["problems"] if not p["blocking"]]


@dataclass
class Differences:
    offers: list = field(default_factory=list)
    blocked: list = field(default_factory=list)     # records that cannot be imported
    keys: list = field(default_factory=list)        # territory keys looked for
    snapshot: int = 0                               # snapshot rows for this territory


def _known_units(records) -> set[str]:
    keys = set()
    for record in records:
        keys |= set(record["scope"])
        keys |= {f"municipality:{f['town_code']}" for f in record["facilities"]
                 if f["town_code"]}
    return set(coverage.units(sorted(keys)))


def compare(records: list[dict], *, digests: dict | None = None,
            ignored: set | None = None, gone_ids: set | None = None) -> Differences:
    """Offers for records (new, changed, ended) against the catalogue's services."""
    digests = digests or {}
    ignored = ignored or set()
    result = Differences()
    units = _known_units(records)
    by_id = {s.registry_id: s for s in Service.objects.exclude(registry_id="")
             .prefetch_related("locations")}
    for record in records:
        rid = record["registry_id"]
        digest = digests.get(rid) or reader.content_hash(record)
        if reader.blocking(record):
            result.blocked.append(record)
            continue
        if (rid, digest) in ignored:
            continue
        service = by_id.get(rid)
        new = values(record, known_units=units)
        if service is None:
            if new["status"] == Service.Status.ACTIVE:
                result.offers.append(Offer(rid, "new", new["name"], digest, record))
            continue
        if new["status"] == Service.Status.INACTIVE:
            if service.status == Service.Status.ACTIVE or service.ended_on is None:
                result.offers.append(Offer(rid, "ended", service.name, digest, record, service))
            continue
        ours = current(service)
        synced = service.registry_synced or ours
        changes = [(name, ours[name], new[name]) for name in FIELDS
                   if new[name] != synced.get(name) and new[name] != ours[name]]
        if changes:
            conflicts = [name for name, mine, _theirs in changes
                         if service.registry_synced is not None and mine != synced.get(name)]
            result.offers.append(Offer(rid, "changed", service.name, digest, record, service,
                                       changes, conflicts))
    for rid in sorted((gone_ids or set()) & set(by_id)):
        service = by_id[rid]
        if service.status == Service.Status.ACTIVE and (rid, "gone") not in ignored:
            gone = {"registry_id": rid, "name": service.name, "problems": [], "forms": [],
                    "facilities": [], "scope": [], "ended_on": None}
            result.offers.append(Offer(rid, "ended", service.name, "gone", gone, service))
    result.offers.sort(key=lambda o: ({"new": 0, "changed": 1, "ended": 2}[o.kind], o.name))
    return result


def from_snapshot() -> Differences:
    """The differences between the platform's registry snapshot of this municipality's
    territory and its catalogue."""
    tenant = connection.tenant
    keys = registry_selectors.territory_keys(tenant)
    rows = list(registry_selectors.snapshot_for(tenant, keys).values_list(
        "registry_id", "record", "content_hash", "gone"))
    records = [record for _rid, record, _digest, gone in rows if not gone]
    ignored = set(RegistryDecision.objects.values_list("registry_id", "content_hash"))
    result = compare(records, digests={rid: digest for rid, _r, digest, _g in rows},
                     ignored=ignored, gone_ids={rid for rid, _r, _d, gone in rows if gone})
    result.keys, result.snapshot = keys, len(rows)
    return result


def _provider(data: dict, user, cache: dict | None = None) -> Provider:
    key = data["ico"] or data["name"]
    if cache is not None and key in cache:
        return cache[key]
    provider = None
    if data["ico"]:
        provider = Provider.objects.filter(ico=data["ico"]).first()
    if provider is None and data["name"]:
        provider = Provider.objects.filter(name=data["name"]).order_by("pk").first()
    if provider is None:
        provider = services.provider_save(
            user=user, name=data["name"] or data["ico"] or "?", ico=data["ico"],
            website=data["website"], email=data["email"], phone=data["phone"])
    return provider


def _locations(service: Service | None, wanted: list[dict]) -> list[dict]:
    """Places for service_save, keeping the ids (and hours) of places already there."""
    existing = {(loc.town, loc.address): loc for loc in service.locations.all()} if service \
        else {}
    out = []
    for place in wanted:
        loc = existing.get((place["town"], place["address"]))
        out.append({**place, "uuid": str(loc.uuid)} if loc else dict(place))
    return out


def accept(offer: Offer, *, user, take: list[str] | None = None,
           today: datetime.date | None = None, units: set | None = None,
           providers: dict | None = None) -> Service:
    """Apply an offer: create the service, take the registry's changes (``take``: the fields
    to take, by default every one staff did not edit), or mark it ended."""
    today = today or timezone.localdate()
    record = offer.record
    with transaction.atomic():
        if offer.kind == "ended":
            service = offer.service
            ended = datetime.date.fromisoformat(record["ended_on"]) if record.get("ended_on") \
                else today
            synced = dict(service.registry_synced or current(service))
            synced["status"] = Service.Status.INACTIVE
            saved = services.service_save(user=user, service=service,
                                          status=Service.Status.INACTIVE, ended_on=ended)
            Service.objects.filter(pk=saved.pk).update(registry_synced=synced,
                                                       registry_synced_at=timezone.now())
            return saved
        new = values(record, known_units=units if units is not None else _known_units([record]))
        if offer.kind == "new":
            data = {k: v for k, v in new.items() if k != "locations"}
            saved = services.service_save(
                user=user, provider=_provider(record["provider"], user, providers),
                registry_id=offer.registry_id, locations=new["locations"],
                ended_on=None, **data)
            synced = new
        else:
            service = offer.service
            if take is None:
                take = [name for name, _m, _t in offer.changes if name not in offer.conflicts]
            data = {name: new[name] for name in take if name != "locations"}
            locations = _locations(service, new["locations"]) if "locations" in take else None
            saved = services.service_save(user=user, service=service, locations=locations,
                                          **data)
            # What the registry says now is the new base, fields kept by staff included:
            # the next registry change to one of them is offered again.
            synced = new
        Service.objects.filter(pk=saved.pk).update(registry_synced=synced,
                                                   registry_synced_at=timezone.now())
        return saved


def ignore(offer: Offer) -> None:
    """Keep the catalogue as it is for this version of the registry's record."""
    RegistryDecision.objects.get_or_create(registry_id=offer.registry_id,
                                           content_hash=offer.digest)


def accept_all(offers: list[Offer], *, user, progress=None) -> dict:
    """Apply every offer that needs no choice (no conflict); all or nothing — with set-based
    writes (registry_bulk), the same result as accepting them one by one."""
    from tenants.catalogue import registry_bulk  # it builds on this module's values()

    return registry_bulk.accept_offers(offers, user=user, progress=progress)
