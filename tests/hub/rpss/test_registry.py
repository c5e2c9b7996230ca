"""The national registry read for real: codebooks, the streaming reader, the platform's
snapshot, a municipality's import of its slice and the differences offered afterwards."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context

from hub.municipalities.models import TerritorialUnit
from hub.rpss import reader, selectors, services
from hub.rpss.models import CodebookEntry, RegistryFile, RegistryService
from tenants.catalogue import figures, hsds, imports, print_data, registry, tabular
from tenants.catalogue.models import ImportJob, Location, Provider, Service
from tests.conftest import account, client_for
from tests.hub.rpss import fixture

pytestmark = pytest.mark.django_db
TODAY = __import__("datetime").date(2026, 12, 1)


@pytest.fixture
def codebooks(db):
    return services.codebooks_load(files=fixture.codebook_files())


@pytest.fixture
def okres(beta, codebooks):
    """Beta plays the okres Benešov (its obce Benešov, Vlašim, Votice)."""
    beta.territory = TerritorialUnit.objects.get(country="CZ", level="district", code="3201")
    beta.save(update_fields=["territory"])
    return beta


def test_codebooks_map_by_name_and_report_what_maps_to_nothing(codebooks):
    assert codebooks["entries"] == {"type": {"created": 8, "updated": 0},
                                    "target_group": {"created": 6, "updated": 0},
                                    "form": {"created": 3, "updated": 0}}
    assert {level: counts["created"] for level, counts in codebooks["territory"].items()} == {
        "region": 1, "district": 2, "orp": 0, "municipality": 5}
    types = dict(CodebookEntry.objects.filter(codebook="type").values_list("code", "maps_to"))
    assert types == {"3": "cz-40", "5": "cz-41", "7": "cz-44", "13": "cz-49", "20": "cz-57",
                     "34": "", "35": "cz-52", "99": ""}
    groups = dict(CodebookEntry.objects.filter(codebook="target_group").values_list(
        "code", "maps_to"))
    assert groups == {"10": "chronic-illness", "12": "violence", "18": "", "24": "seniors",
                      "26": "carers", "30": "dementia"}
    assert sorted(codebooks["unmapped"]) == [
        ("target_group", "CilovaSkupinaOsoby/18", "osoby se zdravotním postižením", True),
        ("type", "DruhSocialniSluzby/34", "centrum duševního zdraví", True),
        ("type", "DruhSocialniSluzby/99", "nový druh, který tabulka nezná", False)]
    again = services.codebooks_load(files=fixture.codebook_files()[:1])
    assert again["entries"] == {"type": {"created": 0, "updated": 8}}


def test_a_bad_codebook_file_loads_nothing(db):
    good = fixture.codebook_files()
    bad = ("divny.json", json.dumps({"polozky": [{"id": "DruhSocialniSluzby/1"}]}).encode())
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.codebooks_load(files=good + [bad, ("x.json", b"not json")])
    assert caught.value.messages == ["divny.json: Entry 1: the entry has no name.",
                                     "x.json: The file is not valid JSON."]
    assert CodebookEntry.objects.count() == 0
    assert not TerritorialUnit.objects.filter(country="CZ").exists()


def _read(codebooks_loaded=True, data=None):
    maps = selectors.maps()
    return {r["registry_id"]: r for r in reader.read(
        io.BytesIO(data or fixture.national_bytes()), maps=maps, today=TODAY)}


def test_the_reader_reads_the_real_structure(codebooks):
    records = _read()
    assert sorted(records) == [f"900000{n}" for n in range(1, 10)]
    two = records["9000002"]
    assert two == {
        "registry_id": "9000002", "name": "Pečovatelská služba Vlašim",
        "service_type": "cz-40",
        "provider": {"name": "Ukázková o. p. s.", "ico": "99000022", "website": "",
                     "email": "ops@vzor.example", "phone": "317000010"},
        # No contacts of its own: the provider's.
        "contacts": {"website": "", "email": "ops@vzor.example", "phone": "317000010"},
        "target_groups": ["seniors", "chronic-illness"],
        "forms": [{"form": "field", "capacities": [
                      {"unit": "client", "capacity": 120, "note": "Kapacita 120."}]},
                  {"form": "outpatient", "capacities": [
                      {"unit": "client", "capacity": 6, "note": "Kapacita 6."}]}],
        "facilities": [{"name": "Pečovatelská služba Vlašim", "hidden": False,
                        "town_code": "530859",
                        "address": {"street": "Ukázková 502", "town": "Vlašim",
                                    "town_code": "530859", "postal_code": "25801",
                                    "ruian": "99000502"}}],
        "hidden_address": False, "scope": ["municipality:530841"], "ended_on": None,
        "problems": []}
    assert records["9000001"]["contacts"] == {"website": "https://domov.seniori.example",
                                              "email": "domov@seniori.example",
                                              "phone": "317000002"}
    hidden = records["9000003"]
    assert hidden["hidden_address"] is True
    assert hidden["facilities"] == [{"name": "Azylový dům pro matky s dětmi", "hidden": True,
                                     "town_code": "529303", "address": None}]
    assert records["9000004"]["ended_on"] == "2023-12-31"
    assert records["9000005"]["scope"] == ["region:27"]
    assert records["9000005"]["problems"] == [{"code": "target_group_unmapped", "blocking": False,
                                               "params": {"name": "osoby se zdravotním "
                                                                  "postižením"}}]
    assert records["9000007"]["problems"] == [
        {"code": "type_not_in_taxonomy", "blocking": True,
         "params": {"name": "centrum duševního zdraví"}},
        {"code": "target_group_unmapped", "blocking": False,
         "params": {"name": "osoby se zdravotním postižením"}}]
    assert [f["name"] for f in records["9000008"]["facilities"]] == ["Nové oddělení"]
    assert records["9000008"]["service_type"] == "cz-52"
    assert records["9000009"]["problems"][0]["code"] == "scope_unreadable"
    # Nothing of people or documents is in any record.
    text = json.dumps(records, ensure_ascii=False)
    assert not [m for m in fixture.MARKERS if m in text]


@pytest.mark.parametrize("data,code", [(b"not json", "not_json"),
                                       (b'{"something": [1, 2]}', "no_polozky"),
                                       (b'{"polozky": [{"identifikator": "1"}, ', "bad_json")])
def test_the_reader_refuses_what_is_not_the_registry_file(codebooks, data, code):
    with pytest.raises(reader.NotRegistryFile) as caught:
        list(reader.read(io.BytesIO(data), maps=selectors.maps(), today=TODAY))
    assert caught.value.code == code


def _load(data: bytes) -> RegistryFile:
    upload = SimpleUploadedFile("rpss.json", data)
    created = services.registry_file_create(upload=upload, queue=False)
    return services.registry_file_read(registry_file=created, today=TODAY)


def test_the_snapshot_is_read_once_and_knows_what_changed(codebooks):
    first = _load(fixture.national_bytes())
    assert first.status == "done" and first.progress == 100
    assert first.counts == {"read": 9, "new": 9, "changed": 0, "unchanged": 0, "ended": 1,
                            "gone": 0, "blocked": 1, "no_territory": 1}  # the ended one
    row = RegistryService.objects.get(registry_id="9000005")
    assert row.territory_keys == ["municipality:999999", "region:27"]
    second = _load(fixture.national_bytes())
    assert (second.counts["unchanged"], second.counts["new"], second.counts["changed"]) == (
        9, 0, 0)

    def change(data):
        fixture.service(data, "9000001")["formy"][0]["kapacity"][0]["pocet"] = 34
        data["polozky"] = [s for s in data["polozky"] if s["identifikator"] != "9000006"]

    third = _load(fixture.national_bytes(change))
    assert (third.counts["changed"], third.counts["gone"]) == (1, 1)
    assert RegistryService.objects.get(registry_id="9000006").gone is True
    broken = _load(b'{"polozky": [')
    assert broken.status == "failed" and broken.message
    assert RegistryService.objects.filter(gone=True).count() == 1  # nothing more marked gone


def _columns_text(schema: str) -> list[str]:
    """Every row of every table of a schema as text (to look for strings in it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = %s AND table_type = 'BASE TABLE'", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        out = []
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{schema}"."{table}" t')  # noqa: S608
            out += [row[0] for row in cursor.fetchall()]
    return out


def _import_file(municipality, data: bytes, user_email="beta.admin@test.sk") -> ImportJob:
    with tenant_context(municipality):
        user = account(user_email)
        job = imports.import_start_bytes(user=user, kind=ImportJob.Kind.REGISTRY_FILE,
                                         data=data, filename="rpss.json")
        imports.run_step(job_id=job.pk, step="check")
        job.refresh_from_db()
        return job


def _commit(municipality, job) -> ImportJob:
    with tenant_context(municipality):
        imports.import_confirm(job=job, user=account("beta.admin@test.sk"))
        return imports.run_step(job_id=job.pk, step="commit")


def test_a_municipality_imports_its_slice_with_exact_results(okres):
    job = _import_file(okres, fixture.national_bytes())
    assert job.status == "checked", job.message
    assert job.preview["read"] == 9 and job.preview["new"] == 6
    assert job.preview["keys"] == ["district:3201", "municipality:529303",
                                   "municipality:530841", "municipality:530859", "region:27"]
    assert [row[0] for row in job.preview["blocked"]] == ["9000007"]
    with tenant_context(okres):
        assert Service.objects.count() == 0  # the check writes nothing
    job = _commit(okres, job)
    assert job.status == "done" and job.result["applied"] == {
        "new": 6, "changed": 0, "ended": 0, "skipped": 0}
    with tenant_context(okres):
        found = {s.registry_id: s for s in Service.objects.all()}
        # 9000004 ended, 9000006 elsewhere, 9000007 has no type Komplan knows.
        assert sorted(found) == ["9000001", "9000002", "9000003", "9000005", "9000008",
                                 "9000009"]
        home, care, shelter, line = (found["9000001"], found["9000002"], found["9000003"],
                                     found["9000005"])
        assert (home.name, home.service_type, home.form, home.target_groups) == (
            "Domov seniorů Vzorová", "cz-49", "residential", ["seniors", "dementia"])
        assert home.capacities == [{"form": "residential", "unit": "bed", "capacity": 32,
                                    "note": "Kapacita 32."}]
        assert home.covers == ["municipality:529303"]
        assert (home.phone, home.email, home.website) == (
            "317000002", "domov@seniori.example", "https://domov.seniori.example")
        assert [(p.name, p.address, p.town, p.postal_code) for p in home.locations.all()] == [
            ("Domov seniorů Vzorová", "Vzorová 1001", "Benešov", "25601")]
        assert care.capacities == [
            {"form": "field", "unit": "client", "capacity": 120, "note": "Kapacita 120."},
            {"form": "outpatient", "unit": "client", "capacity": 6, "note": "Kapacita 6."}]
        assert (care.phone, care.email, care.website) == ("317000010", "ops@vzor.example", "")
        assert care.covers == ["municipality:530841"]
        assert shelter.hidden_address and shelter.locations.count() == 0
        assert shelter.covers == []  # not even the obec of a secret address
        assert line.covers == ["region:27"] and line.target_groups == ["seniors"]
        assert [p.address for p in found["9000008"].locations.all()] == ["Nová 5"]
        assert Provider.objects.get(ico="99000011").name == "Vzorový spolek pro seniory, z. s."
        # Statutory bodies, facility heads, document links, secret streets: nowhere.
        texts = _columns_text(okres.schema_name) + _columns_text("public")
        assert [m for m in fixture.MARKERS if any(m in t for t in texts)] == []
        # The secret address is published nowhere.
        client = client_for(okres)
        page = client.get(f"/catalogue/services/{shelter.uuid}/").content.decode()
        assert "Azylový dům" in page and "Utajená" not in page
        detail = hsds.service_object(shelter)
        assert detail["service_at_locations"] == []
        row = next(r for r in tabular.export_rows() if r["registry_id"] == "9000003")
        assert row["hidden_address"] == "yes" and row["address"] == row["town"] == ""
        printed = next(s for g in print_data.catalogue_print_data()["groups"]
                       for s in g["services"] if s["id"] == str(shelter.uuid))
        assert printed["locations"] == [] and printed["hidden_address"] is True
        listing = next(r for r in figures.regional_listing() if r["service"] == shelter.name)
        assert listing["towns"] == [] and listing["hidden_address"] is True
        areas = hsds.service_object(line)["service_areas"]
        assert [(a["name"], a["attributes"][0]["value"]) for a in areas] == [
            ("kraj Středočeský kraj", "region:27")]


def test_reimport_marks_ended_and_keeps_the_secret(okres):
    _commit(okres, _import_file(okres, fixture.national_bytes()))

    def change(data):
        fixture.service(data, "9000001")["datumPoskytovaniDo"] = "2026-06-30"
        shelter = fixture.service(data, "9000003")
        shelter["formy"][0]["kapacity"][0]["pocet"] = 10

    job = _import_file(okres, fixture.national_bytes(change))
    assert (job.preview["new"], job.preview["changed"], job.preview["ended"]) == (0, 1, 1)
    _commit(okres, job)
    with tenant_context(okres):
        home = Service.objects.get(registry_id="9000001")
        assert home.status == "inactive" and str(home.ended_on) == "2026-06-30"
        shelter = Service.objects.get(registry_id="9000003")
        assert shelter.capacities[0]["capacity"] == 10
        assert shelter.hidden_address and shelter.locations.count() == 0
        assert Location.objects.filter(address__contains="Utajená").count() == 0


def test_an_import_that_matches_nothing_says_which_codes_it_looked_for(beta, codebooks):
    beta.territory = TerritorialUnit.objects.get(country="CZ", level="municipality",
                                                 code="999998")
    beta.save(update_fields=["territory"])

    def only_benesov(data):
        data["polozky"] = [fixture.service(data, "9000001")]

    with translation.override("cs"):
        job = _import_file(beta, fixture.national_bytes(only_benesov))
    assert job.status == "failed" and job.preview["matched"] == 0
    assert "municipality:999998" in job.message and "district:3299" in job.message
    assert job.message.startswith("Žádná služba")


def test_a_file_that_is_not_the_registry_is_refused_and_nothing_written(okres):
    with translation.override("cs"):
        job = _import_file(okres, b'{"neco": []}')
    assert job.status == "failed"
    assert job.message == ("Soubor nemá strukturu souboru rpss.json z registru (seznam služeb "
                           "pod klíčem „polozky“).")
    with tenant_context(okres):
        assert Service.objects.count() == 0


def test_the_snapshot_offers_differences_and_never_overwrites_staff_edits(okres):
    _load(fixture.national_bytes())
    with tenant_context(okres):
        differences = registry.from_snapshot()
        assert [(o.registry_id, o.kind) for o in differences.offers] == [
            ("9000003", "new"), ("9000001", "new"), ("9000008", "new"),
            ("9000002", "new"), ("9000009", "new"), ("9000005", "new")]
        assert [r["registry_id"] for r in differences.blocked] == ["9000007"]
        editor = account("beta.admin@test.sk")
        counts = registry.accept_all(differences.offers, user=editor)
        assert counts == {"new": 6, "changed": 0, "ended": 0, "skipped": 0}
        assert registry.from_snapshot().offers == []
        # Staff change the phone of the home; the registry changes phone and capacity.
        home = Service.objects.get(registry_id="9000001")
        from tenants.catalogue import services as writes
        writes.service_save(user=editor, service=home, phone="+420 111 222 333")

    def change(data):
        record = fixture.service(data, "9000001")
        record["telefony"] = [{"telefon": "317999999", "poznamka": None}]
        record["formy"][0]["kapacity"][0]["pocet"] = 40

    _load(fixture.national_bytes(change))
    with tenant_context(okres):
        (offer,) = registry.from_snapshot().offers
        assert (offer.kind, offer.conflicts) == ("changed", ["phone"])
        assert [(f, ours, theirs) for f, ours, theirs in offer.changes] == [
            ("capacities", [{"form": "residential", "unit": "bed", "capacity": 32,
                             "note": "Kapacita 32."}],
             [{"form": "residential", "unit": "bed", "capacity": 40, "note": "Kapacita 32."}]),
            ("phone", "+420 111 222 333", "317999999")]
        assert registry.accept_all([offer], user=editor)["skipped"] == 1  # needs a choice
        registry.accept(offer, user=editor)  # only what staff did not edit
        home = Service.objects.get(registry_id="9000001")
        assert home.phone == "+420 111 222 333" and home.capacities[0]["capacity"] == 40
        assert registry.from_snapshot().offers == []


def test_registry_capacity_stands_in_for_a_catalogue_not_built_yet(okres):
    _load(fixture.national_bytes())
    with tenant_context(okres):
        result = figures.municipality_figures(TODAY)
        assert result["capacity_source"] == "registry" and result["services"] == 6
        items = sorted(result["capacity_items"], key=lambda i: (i["service_type"], i["form"], i["capacity"]))
        assert items[0] == {"service_type": "cz-40", "target_groups": ["seniors"],
                            "form": "field", "unit": "client", "capacity": 90,
                            "covers": ["municipality:530841"], "source": "registry"}
        assert {i["source"] for i in items} == {"registry"} and len(items) == 7
        assert result["capacity_by_type"]["cz-41"] == {"call": 400}
        registry.accept_all(registry.from_snapshot().offers[:1],
                            user=account("beta.admin@test.sk"))
        built = figures.municipality_figures(TODAY)
        assert built["capacity_source"] == "catalogue" and built["services"] == 1
        assert {i["source"] for i in built["capacity_items"]} == {"catalogue"}


def test_registry_pages_and_onboarding_call_to_action(okres):
    _load(fixture.national_bytes())
    admin = client_for(okres, account("beta.admin@test.sk"))
    response = admin.get("/staff/catalogue/")
    page = response.content.decode()
    # Six of the seven current services in the territory can be imported (9000007's type has
    # no counterpart: blocked). Not `"6" in page`: a CSRF token or a static file's hash has a
    # 6 by chance, so that passed or failed at random.
    assert response.context["registry_offer"] == 6
    assert "uvádí na vašem území 6 služeb" in page
    assert "/staff/catalogue/registry/" in page
    page = admin.get("/staff/catalogue/registry/").content.decode()
    assert "Domov seniorů Vzorová" in page and "centrum duševního zdraví" in page
    response = admin.post("/staff/catalogue/registry/9000003/", {"action": "accept"})
    assert response.status_code == 302
    response = admin.post("/staff/catalogue/registry/9000001/", {"action": "ignore"})
    assert response.status_code == 302
    with tenant_context(okres):
        assert list(Service.objects.values_list("registry_id", flat=True)) == ["9000003"]
        assert "9000001" not in [o.registry_id for o in registry.from_snapshot().offers]
    response = admin.post("/staff/catalogue/registry/accept-all/")
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    with tenant_context(okres):
        imports.run_step(job_id=job_id, step="check")
        job = ImportJob.objects.get(pk=job_id)
        assert job.preview["new"] == 4
        imports.import_confirm(job=job, user=account("beta.admin@test.sk"))
        imports.run_step(job_id=job_id, step="commit")
        assert Service.objects.count() == 5


def test_other_municipalities_jobs_are_unknown_and_viewers_cannot_import(alfa, okres):
    job = _import_file(okres, fixture.national_bytes())
    other = client_for(alfa, account("alfa.admin@test.sk"))
    assert other.get(f"/staff/catalogue/imports/{job.pk}/").status_code == 404
    assert other.post(f"/staff/catalogue/imports/{job.pk}/confirm/").status_code == 404
    with tenant_context(okres):
        assert ImportJob.objects.get(pk=job.pk).status == "checked"
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    upload = SimpleUploadedFile("rpss.json", fixture.national_bytes())
    assert viewer.post("/staff/catalogue/import/registry/", {"file": upload}).status_code == 403
    anonymous = client_for(okres)
    response = anonymous.get(f"/staff/catalogue/imports/{job.pk}/")
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]
    with tenant_context(alfa):
        assert ImportJob.objects.count() == 0


def test_the_trigram_index_is_in_the_template_and_every_schema(alfa, beta):
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname FROM pg_indexes WHERE indexname = "
                       "'catalogue_service_search_trgm' AND indexdef LIKE '%%gin_trgm_ops%%' "
                       "ORDER BY 1")
        schemas = [row[0] for row in cursor.fetchall()]
    assert {settings.TENANT_TEMPLATE_SCHEMA, alfa.schema_name, beta.schema_name} <= set(schemas)
