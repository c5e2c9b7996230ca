"""Accepting registry offers in bulk gives exactly what accepting them one by one gives:
services, providers, places (ids kept), registry_synced, search text and history rows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import tenant_context

from hub.municipalities.models import TerritorialUnit
from hub.rpss import services as rpss_services
from tenants.catalogue import registry
from tenants.catalogue import services as writes
from tenants.catalogue.models import Location, Provider, Service
from tenants.history.models import Change
from tenants.history.services import snapshot
from tests.conftest import account
from tests.hub.rpss import fixture
from tests.hub.rpss.test_registry import _load

pytestmark = pytest.mark.django_db


@pytest.fixture
def okres(beta):
    rpss_services.codebooks_load(files=fixture.codebook_files())
    beta.territory = TerritorialUnit.objects.get(country="CZ", level="district", code="3201")
    beta.save(update_fields=["territory"])
    return beta


def _state(old_places: set) -> tuple:
    found = []
    for service in Service.objects.select_related("provider").order_by("registry_id"):
        places = [(str(loc.uuid) if loc.uuid in old_places else "new", loc.name, loc.address,
                   loc.town, loc.postal_code, loc.position, loc.latitude, loc.longitude)
                  for loc in Location.objects.filter(service=service).order_by("position")]
        found.append({**snapshot(service, writes.SERVICE_FIELDS), "places": places,
                      "synced": service.registry_synced, "search": service.search_text,
                      "synced_at": service.registry_synced_at is not None})
    providers = sorted(Provider.objects.values_list(*writes.PROVIDER_FIELDS, "search_text"))
    keys = {("catalogue.service", s.pk): s.registry_id for s in Service.objects.all()}
    keys |= {("catalogue.provider", p.pk): p.name for p in Provider.objects.all()}
    history = [(c.subject, keys.get((c.subject, c.object_id)), c.object_repr, c.action,
                c.changes, c.user_id) for c in Change.objects.order_by("pk")]
    return found, providers, history


def _both_ways(user) -> tuple[dict, list]:
    """Accept the snapshot's offers one by one, note the result, undo it; then in bulk."""
    old_places = set(Location.objects.values_list("uuid", flat=True))
    undo = transaction.savepoint()
    offers = registry.from_snapshot().offers
    for offer in offers:
        if not offer.conflicts:
            registry.accept(offer, user=user)
    one_by_one = _state(old_places)
    transaction.savepoint_rollback(undo)
    offers = registry.from_snapshot().offers
    counts = registry.accept_all(offers, user=user)
    assert _state(old_places) == one_by_one
    return counts, [(o.registry_id, o.kind, o.conflicts) for o in offers]


def test_bulk_accept_equals_accepting_one_by_one(okres):
    editor = account("beta.admin@test.sk")
    _load(fixture.national_bytes())
    with tenant_context(okres):
        # Staff already keep the charity, without its IČO: found by name, not created again.
        writes.provider_save(user=editor, name="Vzorová charita")
        counts, offers = _both_ways(editor)
        assert counts == {"new": 6, "changed": 0, "ended": 0, "skipped": 0}
        assert Provider.objects.filter(name="Vzorová charita").count() == 1
        # Staff edit the home's phone and place coordinates of the care service.
        home = Service.objects.get(registry_id="9000001")
        writes.service_save(user=editor, service=home, phone="+420 111 222 333")
        care = Service.objects.get(registry_id="9000002")
        place = care.locations.get()
        writes.service_save(user=editor, service=care, locations=[
            {"uuid": str(place.uuid), "latitude": "49.700000", "longitude": "14.900000"}])

    def change(data):
        home = fixture.service(data, "9000001")
        home["telefony"] = [{"telefon": "317999999", "poznamka": None}]
        home["formy"][0]["kapacity"][0]["pocet"] = 40
        care = fixture.service(data, "9000002")
        care["zarizeni"].append(fixture._facility("Pečovatelská služba Votice",
                                                  fixture._address("Obec/530841", "Okres/3201",
                                                                   "Husova", 77, "25901")))
        fixture.service(data, "9000003")["formy"][0]["kapacity"][0]["pocet"] = 10
        fixture.service(data, "9000005")["rozsirenePusobnostiVKraji"] = [
            {"obec": {"id": "Obec/530841"}}]
        fixture.service(data, "9000008")["datumPoskytovaniDo"] = "2026-06-30"
        data["polozky"] = [s for s in data["polozky"] if s["identifikator"] != "9000009"]
        data["polozky"].append(fixture._service(
            "9000010", 3, [fixture._facility("Nová pečovatelská služba", fixture._address(
                "Obec/529303", "Okres/3201", "Nádražní", 12, "25601"))],
            fixture._provider("99000077", "Nový poskytovatel, z. ú.",
                              email="novy@vzor.example"),
            [fixture._form("ter", (15, "klient"))], [24]))

    _load(fixture.national_bytes(change))
    with tenant_context(okres):
        counts, offers = _both_ways(editor)
        assert counts == {"new": 1, "changed": 3, "ended": 2, "skipped": 1}
        assert sorted(offers) == [
            ("9000001", "changed", ["phone"]), ("9000002", "changed", []),
            ("9000003", "changed", []), ("9000005", "changed", []),
            ("9000008", "ended", []), ("9000009", "ended", []), ("9000010", "new", [])]
        care = Service.objects.get(registry_id="9000002")
        assert [(loc.address, loc.latitude is not None) for loc in care.locations.all()] == [
            ("Ukázková 502", True), ("Husova 77", False)]  # the kept place keeps its edits
        home = Service.objects.get(registry_id="9000001")  # needs a choice: left alone
        assert (home.phone, home.capacities[0]["capacity"]) == ("+420 111 222 333", 32)
        assert Service.objects.get(registry_id="9000009").status == "inactive"


@pytest.mark.parametrize("where", ["service", "provider"])
def test_bad_data_fails_as_one_by_one_and_writes_nothing(okres, where):
    editor = account("beta.admin@test.sk")

    def change(data):
        record = fixture.service(data, "9000008")
        target = record if where == "service" else record["poskytovatel"]
        target["emaily"] = [{"email": "nefunguje", "poznamka": None}]

    _load(fixture.national_bytes(change))
    with tenant_context(okres):
        # What earlier tests committed in this municipality is not this test's to count.
        history_before = Change.objects.count()
        undo = transaction.savepoint()
        with pytest.raises(ValidationError) as one_by_one:
            for offer in registry.from_snapshot().offers:
                registry.accept(offer, user=editor)
        transaction.savepoint_rollback(undo)
        with pytest.raises(ValidationError) as bulk:
            registry.accept_all(registry.from_snapshot().offers, user=editor)
        assert bulk.value.message_dict == one_by_one.value.message_dict
        assert "email" in bulk.value.message_dict
        assert (Service.objects.count(), Provider.objects.count(),
                Change.objects.count() - history_before) == (0, 0, 0)
