"""Funding over HTTP: the public sees only published rounds (page, CSV, API), staff write
through the API with errors in their language, another municipality sees nothing."""

import json

import pytest
from django_tenants.utils import tenant_context

from tenants.funding.models import Criterion, Round
from tests.conftest import account, client_for
from tests.tenants.funding.builders import evaluated, round_

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        evaluating, _first = evaluated(user, title="Hodnotené kolo")
        published, _app = evaluated(user, title="Zverejnené kolo", ico="55500041",
                                    publish=True)
        draft = round_(user, title="Návrh kola", year=2026)
    return {"evaluating": evaluating, "published": published, "draft": draft}


def test_nothing_is_public_before_publication(alfa, rounds):
    anonymous = client_for(alfa)
    for key in ("evaluating", "draft"):
        pk = rounds[key].pk
        for path in (f"/funding/{pk}/", f"/funding/{pk}/results.csv",
                     f"/api/funding-results/{pk}/"):
            assert anonymous.get(path).status_code == 404, path
    listing = anonymous.get("/funding/").content.decode()
    assert "Zverejnené kolo" in listing and "Hodnotené kolo" not in listing
    api = anonymous.get("/api/funding-results/").json()
    assert [r["title"] for r in api["results"]] == ["Zverejnené kolo"]
    assert anonymous.get("/api/funding-rounds/").status_code == 401


def test_the_published_round_page_csv_and_api_say_who_got_how_much_and_why(alfa, rounds):
    pk = rounds["published"].pk
    anonymous = client_for(alfa)
    page = anonymous.get(f"/funding/{pk}/").content.decode()
    assert "Denné centrum Jeseň" in page and "Skóre 52,00 zo 100." in page
    csv_text = anonymous.get(f"/funding/{pk}/results.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    # The reader's conventions (hub/csv_locale.py): ";" and a decimal comma in Slovak.
    assert lines[0] == "služba;poskytovateľ;požadovaná suma;skóre;pridelené;prečo"
    assert lines[1].startswith("Denné centrum Jeseň;Poskytovateľ dotácií;600;52,00;538;")
    result = anonymous.get(f"/api/funding-results/{pk}/").json()
    assert [(r["service_name"], r["allocated"]) for r in result["results"]] == [
        ("Denné centrum Jeseň", "538"), ("Terénna opatrovateľská služba", "462")]


def test_another_municipality_knows_none_of_the_ids(alfa, beta, rounds):
    client = client_for(beta, account("beta.admin@test.sk"))
    pk = rounds["published"].pk
    for path in (f"/funding/{pk}/", f"/staff/funding/{pk}/", f"/api/funding-results/{pk}/",
                 f"/api/funding-rounds/{pk}/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/funding-rounds/").json()["results"] == []


def test_criteria_through_the_api_must_weigh_100_and_nothing_changes_otherwise(alfa, rounds):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    pk = rounds["draft"].pk
    with tenant_context(alfa):
        before = list(Criterion.objects.filter(round_id=pk).values_list("name", "weight"))
    response = client.put(f"/api/funding-rounds/{pk}/criteria/", data=json.dumps(
        [{"name": "Jediné", "kind": "scored", "weight": "90", "max_points": 10}]),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [
        "Váhy kritérií musia spolu dať 100 %; teraz dávajú 90 %."]}
    with tenant_context(alfa):
        assert list(Criterion.objects.filter(round_id=pk).values_list("name", "weight")) == \
            before
    response = client.put(f"/api/funding-rounds/{pk}/criteria/", data=json.dumps(
        [{"name": "Jediné", "kind": "scored", "weight": "100", "max_points": 10}]),
        content_type="application/json")
    assert response.status_code == 200
    with tenant_context(alfa):
        assert list(Criterion.objects.filter(round_id=pk).values_list("name", "weight")) == [
            ("Jediné", 100)]


def test_a_viewer_reads_the_staff_api_but_cannot_allocate(alfa, rounds):
    client = client_for(alfa, account("alfa.viewer@test.sk"))
    pk = rounds["evaluating"].pk
    rows = client.get(f"/api/funding-applications/?round={pk}").json()["results"]
    assert sorted(r["allocated"] for r in rows) == ["462", "538"]
    assert client.post(f"/api/funding-rounds/{pk}/allocate/").status_code == 403
    with tenant_context(alfa):
        assert Round.objects.get(pk=pk).state == "evaluating"


def test_the_openapi_schema_describes_the_funding_endpoints(alfa):
    schema = client_for(alfa).get("/api/schema/", HTTP_ACCEPT="application/json").content
    text = schema.decode()
    for path in ("/api/funding-rounds/{id}/criteria/", "/api/funding-results/{id}/",
                 "/api/funding-applications/{id}/override/"):
        assert path in text, path
