"""HSDS 3.0 endpoints: required fields (shared/research/domain.md §4), nesting, paging, ids
stable, the Tabular Data Package; and the staff API."""

import csv
import io
import json
import uuid
import zipfile

import pytest
from django_tenants.utils import tenant_context

from hub import taxonomy
from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import provider, service

pytestmark = pytest.mark.django_db
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"}


def _is_uuid(value):
    return str(uuid.UUID(value)) == value


@pytest.fixture
def catalogue(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user)
        made = [service(p, user, name=f"Služba {i:02d}", registry_id=f"R{i}")
                for i in range(7)]
        service(p, user, name="Skrytá", status="inactive", locations=[])
        return {"provider": p, "services": made}


def test_root(alfa):
    data = client_for(alfa).get("/hsds/").json()
    assert data["version"] == "3.0"
    assert data["profile"] == "http://alfa.localhost/hsds/profile/"
    assert data["openapi_url"] == "http://alfa.localhost/hsds/openapi.json"
    assert client_for(alfa).get("/hsds/profile/").json()["hsds_version"] == "3.0"


def test_services_paging(alfa, catalogue):
    client = client_for(alfa)
    first = client.get("/hsds/services", {"per_page": 3}).json()
    assert set(first) == PAGE_KEYS
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"],
            first["first_page"], first["last_page"], first["empty"]) == (7, 3, 1, 3, True,
                                                                         False, False)
    last = client.get("/hsds/services", {"per_page": 3, "page": 3}).json()
    assert (last["size"], last["last_page"], last["first_page"]) == (1, True, False)
    beyond = client.get("/hsds/services", {"per_page": 3, "page": 9}).json()
    assert beyond["contents"] == [] and beyond["size"] == 0
    names = [s["name"] for p in (1, 2, 3)
             for s in client.get("/hsds/services", {"per_page": 3, "page": p}).json()["contents"]]
    assert names == [f"Služba {i:02d}" for i in range(7)]  # no inactive, none twice
    for item in first["contents"]:
        assert {"id", "name", "status"} <= set(item) and _is_uuid(item["id"])
        assert item["status"] == "active"
        assert {"id", "name", "description"} <= set(item["organization"])
    assert client.get("/hsds/services", {"per_page": "x"}).json()["size"] == 7
    empty = client_for(alfa).get("/hsds/services", {"search": "nič také"}).json()
    assert empty["empty"] is True and empty["total_items"] == 0


def test_services_filters(alfa, catalogue):
    client = client_for(alfa)
    assert client.get("/hsds/services", {"search": "sluzba 03"}).json()["total_items"] == 1
    term = taxonomy.term("sk-35").uuid
    assert client.get("/hsds/services", {"taxonomy_term_id": term}).json()["total_items"] == 7
    other = taxonomy.term("sk-41").uuid
    assert client.get("/hsds/services", {"taxonomy_term_id": other}).json()["total_items"] == 0
    org = str(catalogue["provider"].uuid)
    assert client.get("/hsds/services", {"organization_id": org}).json()["total_items"] == 7


def test_service_fully_nested_with_stable_ids(alfa, catalogue):
    target = catalogue["services"][0]
    client = client_for(alfa)
    data = client.get(f"/hsds/services/{target.uuid}").json()
    assert data == client.get(f"/hsds/services/{target.uuid}").json()  # ids do not move
    assert data["id"] == str(target.uuid) and data["status"] == "active"
    assert data["minimum_age"] == 62 and data["organization_id"] == data["organization"]["id"]
    assert data["organization"]["organization_identifiers"][0]["identifier"] == "12345678"
    sal = data["service_at_locations"][0]
    assert {"id", "service_id", "location_id", "location", "schedules"} <= set(sal)
    location = sal["location"]
    assert location["location_type"] == "physical" and location["latitude"] == 48.735
    address = location["addresses"][0]
    for key in ("address_1", "city", "state_province", "postal_code", "country",
                "address_type"):
        assert address[key], key
    assert address["country"] == "SK"
    schedule = sal["schedules"][0]
    assert (schedule["freq"], schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "WEEKLY", "MO", "08:00", "15:30")
    by_type = {a["link_type"]: a for a in data["attributes"]}
    assert by_type["service_type"]["taxonomy_term"]["code"] == "sk-35"
    assert by_type["service_type"]["taxonomy_term"]["taxonomy_detail"]["name"]
    assert by_type["registered_capacity:residential:bed"]["value"] == "40"
    assert by_type["registered_capacity:residential:bed"]["taxonomy_term"]["code"] == "bed"
    assert by_type["registry_id"]["value"] == "R0"
    assert not [k for k, v in _walk(data) if v is None]  # HSDS types say string, not null
    every_id = [v for k, v in _walk(data) if k == "id"]
    assert all(_is_uuid(v) for v in every_id) and len(every_id) == len(set(every_id))
    assert client.get("/hsds/services/not-a-uuid").status_code == 404
    assert client.get(f"/hsds/services/{uuid.uuid4()}").status_code == 404


def _walk(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_organizations_and_taxonomies(alfa, catalogue):
    client = client_for(alfa)
    orgs = client.get("/hsds/organizations").json()
    assert orgs["total_items"] == 1
    org = orgs["contents"][0]
    assert {"id", "name", "description"} <= set(org) and _is_uuid(org["id"])
    detail = client.get(f"/hsds/organizations/{org['id']}").json()
    assert len(detail["services"]) == 7  # not the inactive one
    taxonomies = client.get("/hsds/taxonomies").json()
    assert taxonomies["total_items"] == 4
    assert all({"id", "name", "description"} <= set(t) for t in taxonomies["contents"])
    terms = client.get("/hsds/taxonomy_terms", {"per_page": 200}).json()
    codes = {t["code"] for t in terms["contents"]}
    assert "sk-35" in codes and "cz-49" not in codes  # the country's taxonomy only
    assert all({"id", "name", "description"} <= set(t) for t in terms["contents"])
    top = client.get("/hsds/taxonomy_terms", {"top_only": "true", "per_page": 200}).json()
    assert "sk-35" not in {t["code"] for t in top["contents"]}
    group = taxonomy.term("sk-g-dependency").uuid
    children = client.get("/hsds/taxonomy_terms", {"parent_id": group, "per_page": 200}).json()
    assert "sk-35" in {t["code"] for t in children["contents"]}
    assert "sk-25" not in {t["code"] for t in children["contents"]}


def test_tabular_data_package(alfa, catalogue):
    response = client_for(alfa).get("/hsds/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    names = {r["name"] for r in package["resources"]}
    assert {"organization", "service", "location", "service_at_location", "address",
            "schedule", "taxonomy", "taxonomy_term", "attribute"} <= names
    tables = {}
    for resource in package["resources"]:
        rows = list(csv.DictReader(io.StringIO(archive.read(resource["path"]).decode())))
        assert list(rows[0]) if rows else True
        tables[resource["name"]] = rows
        header = archive.read(resource["path"]).decode().splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert len(tables["service"]) == 7
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items()}
    for resource in package["resources"]:  # every foreign key points at a row
        for key in resource["schema"].get("foreignKeys", []):
            for row in tables[resource["name"]]:
                if row[key["fields"]]:
                    assert row[key["fields"]] in ids[key["reference"]["resource"]]


def test_staff_api_writes_with_places_and_hours(alfa):
    with tenant_context(alfa):
        p = provider(account("alfa.editor@test.sk"))
    client = client_for(alfa, account("alfa.editor@test.sk"))
    body = {"provider": str(p.uuid), "name": "API služba", "service_type": "sk-41",
            "form": "field", "target_groups": ["seniors"],
            "capacities": [{"form": "field", "unit": "client", "capacity": 12}], "locations": [
                {"address": "Nová 1", "town": "Alfa",
                 "hours": [{"weekday": 2, "opens": "09:00", "closes": "12:00"}]}]}
    response = client.post("/api/catalogue-services/", data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["locations"][0]["hours"] == [{"weekday": 2, "opens": "09:00",
                                                  "closes": "12:00"}]
    bad = client.post("/api/catalogue-services/", content_type="application/json",
                      data=json.dumps({**body, "service_type": "cz-49"}))
    assert bad.status_code == 400 and "service_type" in bad.json()
    patched = client.patch(f"/api/catalogue-services/{created['id']}/",
                           data=json.dumps({"capacities": [
                               {"form": "field", "unit": "client", "capacity": 15}]}),
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["capacities"] == [
        {"form": "field", "unit": "client", "capacity": 15, "note": ""}]
    assert patched.json()["locations"][0]["town"] == "Alfa"  # untouched when not sent
    schema = client_for(alfa).get("/api/schema/?format=json").content.decode()
    assert "/api/catalogue-services/" in schema and "/api/catalogue-providers/" in schema
