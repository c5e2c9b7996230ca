"""Open data: a municipality's /data/ downloads hold exactly its published plan, meetings and
catalogue — JSON and CSV agree, datapackage.json describes them, drafts and personal data never
appear; the licence is the admin's to choose; the platform catalogue lists published datasets
from the public schema only."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from django_tenants.utils import tenant_context

from hub.regional.models import OpenDataRecord
from hub.regional.services import figures_refresh
from hub.tenancy.urls import municipality_url
from tenants.participation import services as participation
from tenants.plans import services as plans
from tenants.plans.models import Status
from tenants.portal.models import OpenDataSettings
from tests.conftest import account, client_for
from tests.tenants.catalogue import builders as catalogue
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "tajna.clenka@example.sk"


@pytest.fixture
def published(alfa):
    """A demo-like municipality: a plan in force with a published evaluation 2024 and a draft
    one 2025, a draft plan, a working group with a member, a meeting, a service."""
    with tenant_context(alfa), translation.override("sk"):
        user = account("alfa.editor@test.sk")
        plan, tree = plan_in_force(user)
        plan_with_tree(user, title="Tajný koncept", year_from=2028, year_to=2031)
        evaluation = plans.evaluation_create(user=user, plan=plan, year=2024)
        plans.evaluation_save(user=user, evaluation=evaluation,
                              entries=[{"measure": tree["m21"], "status": Status.FULFILLED}],
                              indicator_values=[(tree["m11"].indicators.get(), Decimal("12"))])
        plans.evaluation_publish(user=user, evaluation=evaluation)
        plans.evaluation_create(user=user, plan=plan, year=2025)   # a draft: never published
        group = participation.group_save(user=user, name="Seniori", kind="target")
        participation.member_add(user=user, group=group, name="Tajná Členka",
                                 sector="public", email=SECRET_EMAIL)
        participation.meeting_save(user=user, groups=[group], title="Stretnutie skupiny",
                                   date=datetime.date(2026, 3, 4),
                                   starts_at=datetime.time(15, 0), ends_at=datetime.time(17, 0),
                                   place="Mestský úrad", agenda="Tajná agenda")
        service = catalogue.service(catalogue.provider(user))
    return {"plan": plan, "service": service}


def _get(municipality, path):
    response = client_for(municipality).get(path, HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 200, (path, response.status_code)
    return response


def _csv(municipality, name):
    return list(csv.DictReader(io.StringIO(_get(municipality, f"/data/{name}.csv")
                                           .content.decode())))


def _json(municipality, name):
    return json.loads(_get(municipality, f"/data/{name}.json").content)


def test_downloads_hold_exactly_the_published_plan(alfa, published):
    title = "Komunitný plán"
    assert _json(alfa, "priorities") == [
        {"plan": title, "number": 1, "title": "Seniori", "description": "", "target_groups": ""},
        {"plan": title, "number": 2, "title": "Rodina", "description": "", "target_groups": ""}]
    assert [(m["priority"], m["number"], m["title"]) for m in _json(alfa, "measures")] == [
        (1, "1.1", "Denný stacionár"), (1, "1.2", "Opatrovateľská služba"), (2, "2.1", "Poradňa")]
    assert _json(alfa, "indicators") == [
        {"plan": title, "measure": "1.1", "name": "Miesta", "unit": "miest", "baseline": 10.0,
         "targets": "2024: 15"}]
    evaluations = _json(alfa, "evaluations")
    assert {e["year"] for e in evaluations} == {2024}          # the draft 2025 is not there
    assert [e["measure"] for e in evaluations] == ["1.1", "1.2", "2.1"]
    assert _json(alfa, "meetings") == [
        {"date": "2026-03-04", "starts_at": "15:00", "ends_at": "17:00",
         "title": "Stretnutie skupiny", "groups": "Seniori", "place": "Mestský úrad",
         "status": _json(alfa, "meetings")[0]["status"]}]
    services = _json(alfa, "services")
    assert [(s["id"], s["name"], s["provider"]) for s in services] == [
        (str(published["service"].uuid), "Domov dôchodcov Slnečnica", "Charita Test")]


@pytest.mark.parametrize("name", ["priorities", "measures", "indicators", "evaluations",
                                  "meetings", "services"])
def test_csv_and_json_agree_and_match_the_datapackage(alfa, published, name):
    package = _get(alfa, "/data/datapackage.json").json()
    resource = next(r for r in package["resources"] if r["name"] == name)
    fields = [f["name"] for f in resource["schema"]["fields"]]
    rows = _csv(alfa, name)
    assert rows, name
    assert list(rows[0]) == fields
    as_json = _json(alfa, name)
    assert [{k: "" if v is None else str(v) for k, v in row.items()} for row in as_json] == rows
    assert resource["path"] == municipality_url(alfa, f"/data/{name}.csv")


def test_datapackage_is_valid(alfa, published):
    package = _get(alfa, "/data/datapackage.json").json()
    assert package["profile"] == "data-package"
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(set(names)) == 12
    for resource in package["resources"]:
        assert set(resource) >= {"name", "path", "format", "mediatype"}
        assert resource["name"] == resource["name"].lower()
        if resource["format"] == "csv":
            assert resource["profile"] == "tabular-data-resource"
            assert all(f["type"] in {"string", "integer", "number", "date"}
                       for f in resource["schema"]["fields"])


def test_no_drafts_and_no_personal_data_anywhere(alfa, published):
    text = "".join(_get(alfa, f"/data/{name}.{fmt}").content.decode()
                   for name in ("priorities", "measures", "indicators", "evaluations",
                                "meetings", "services") for fmt in ("json", "csv"))
    text += _get(alfa, "/data/").content.decode()
    for secret in ("Tajný koncept", "Tajná Členka", SECRET_EMAIL, "Tajná agenda", "2025",
                   "alfa.editor@"):
        assert secret not in text, secret


def test_page_lists_the_datasets_and_the_licence(alfa, published):
    page = _get(alfa, "/data/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert 'href="/data/priorities.csv"' in page and 'href="/data/datapackage.json"' in page
    assert 'href="/data/"' in _get(alfa, "/").content.decode()   # the footer link


def test_beta_has_nothing_of_alfa(alfa, beta, published):
    assert _json(beta, "priorities") == []
    assert _json(beta, "services") == []
    assert "Seniori" not in _get(beta, "/data/").content.decode()
    assert client_for(beta).get("/data/nothing.json").status_code == 404
    assert client_for(beta).get("/data/priorities.xml").status_code == 404


def _licence(municipality):
    with tenant_context(municipality):
        return list(OpenDataSettings.objects.values_list("licence", flat=True))


def test_admin_chooses_the_licence_and_it_is_shown(alfa):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    assert client.get("/staff/open-data/").status_code == 200
    response = client.post("/staff/open-data/", {"licence": "cc-by-sa-4.0"})
    assert response.status_code == 302
    assert _licence(alfa) == ["cc-by-sa-4.0"]
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in _get(alfa, "/data/").content.decode()
    assert _get(alfa, "/data/datapackage.json").json()["licenses"][0]["name"] == "CC-BY-SA-4.0"


def test_a_licence_not_offered_is_refused_with_nothing_saved(alfa):
    client = client_for(alfa, account("alfa.admin@test.sk"))
    response = client.post("/staff/open-data/", {"licence": "proprietary"},
                           HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 400
    assert _licence(alfa) == []


@pytest.mark.parametrize("who", ["alfa.editor@test.sk", "beta.admin@test.sk", "nobody@test.sk",
                                 None])
def test_licence_edit_refused_to_wrong_role_tenant_and_anonymous(alfa, who):
    client = client_for(alfa, account(who) if who else None)
    response = client.post("/staff/open-data/", {"licence": "cc0-1.0"})
    assert response.status_code in (302, 403, 404)
    assert not (response.status_code == 302 and response["Location"] == "/staff/open-data/")
    assert _licence(alfa) == []


def test_platform_catalogue_lists_only_published_datasets(alfa, beta, published):
    figures_refresh(municipality=alfa)
    figures_refresh(municipality=beta)
    record = OpenDataRecord.objects.get(municipality=alfa)
    assert [d["name"] for d in record.datasets] == [
        "priorities", "measures", "indicators", "evaluations", "meetings", "services"]
    # Beta has published nothing: no dataset of it is listed.
    assert OpenDataRecord.objects.get(municipality=beta).datasets == []
    platform = client_for()
    page = platform.get("/data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert municipality_url(alfa, "/data/measures.csv") in text and "Beta" not in text
    body = json.loads(platform.get("/data/catalog.jsonld").content)
    datasets = body["dcat:dataset"]
    assert len(datasets) == 6
    node = datasets[0]
    assert node["dct:publisher"]["foaf:name"] == "Alfa"
    assert node["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
    assert {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in node["dcat:distribution"]} == {
        "JSON", "CSV"}
    assert all("dcat:downloadURL" in d and "dcat:accessURL" in d
               for d in node["dcat:distribution"])
    assert {"dct:title", "dct:description", "dct:modified"} <= set(node)
    assert "hydra:next" not in body["hydra:view"]


def test_licence_change_reaches_the_platform_record_through_the_refresh(alfa, published):
    figures_refresh(municipality=alfa)
    first = OpenDataRecord.objects.get(municipality=alfa)
    figures_refresh(municipality=alfa)   # nothing changed: dct:modified holds still
    assert OpenDataRecord.objects.get(municipality=alfa).modified == first.modified
    with tenant_context(alfa):
        OpenDataSettings.objects.create(licence=OpenDataSettings.Licence.CC0)
    figures_refresh(municipality=alfa)
    record = OpenDataRecord.objects.get(municipality=alfa)
    assert record.licence == "CC0-1.0"
    assert record.licence_url == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_platform_catalogue_is_paged(alfa, beta, monkeypatch):
    from django.utils import timezone

    from hub.regional import opendata as catalogue_views

    monkeypatch.setattr(catalogue_views, "PAGE_SIZE", 1)
    dataset = {"name": "meetings", "title": "Stretnutia", "description": "", "rows": 1}
    for place in (alfa, beta):
        OpenDataRecord.objects.create(municipality=place, licence="CC0-1.0",
                                      licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
                                      modified=timezone.now(), datasets=[dataset])
    platform = client_for()
    first = json.loads(platform.get("/data/catalog.jsonld").content)
    assert [d["dct:publisher"]["foaf:name"] for d in first["dcat:dataset"]] == ["Alfa"]
    assert first["hydra:view"]["hydra:next"].endswith("/data/catalog.jsonld?page=2")
    second = json.loads(platform.get("/data/catalog.jsonld?page=2").content)
    assert [d["dct:publisher"]["foaf:name"] for d in second["dcat:dataset"]] == ["Beta"]
    assert "hydra:next" not in second["hydra:view"]
    page_two = platform.get("/data/?page=2").content.decode()
    assert "Beta" in page_two and municipality_url(alfa, "/data/meetings.csv") not in page_two
