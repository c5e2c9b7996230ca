"""A coordinator reaches only their own region or district, and every coordinator answer
(pages, exports, API) carries aggregates only — no personal data of any municipality."""

import io
import json

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from hub.regional.services import figures_refresh
from tests.conftest import account, client_for
from tests.hub.regional.conftest import TODAY, body, coordinator
from tests.hub.regional.test_figures import _alfa_plans

pytestmark = pytest.mark.django_db

AREA_PAGES = ["/regions/{code}/", "/regions/{code}/?sort=services&dir=desc",
              "/regions/{code}/charts/", "/regions/{code}/charts/?figure=population",
              "/regions/{code}/deadlines/", "/regions/{code}/quality/",
              "/regions/{code}/gaps/", "/regions/{code}/gaps/?type=dss&sort=gap",
              "/regions/{code}/gaps/export.csv", "/regions/{code}/gaps/export.xlsx",
              "/regions/api/areas/{code}/gaps/",
              "/regions/{code}/export.csv",
              "/regions/{code}/export.xlsx", "/regions/api/areas/{code}/",
              "/regions/api/areas/{code}/deadlines/"]
# Personal data that exists in Alfa's schema or registry and must never reach a coordinator.
PERSONAL = ["Jana Komentátorka", "jana.komentatorka@", "Viac terénnej služby",
            "alfa.admin@", "alfa.editor@", "alfa.viewer@", "kpss@alfa.test", "nobody@test.sk"]


@pytest.fixture
def filled(alfa, beta, fixture_sources):
    with tenant_context(alfa):
        _alfa_plans()
    figures_refresh(municipality=alfa, today=TODAY)
    figures_refresh(municipality=beta, today=TODAY)


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(body(response)))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return body(response).decode("utf-8-sig")


@pytest.mark.parametrize("path", AREA_PAGES + ["/regions/{code}/municipalities/alfa/"])
def test_coordinator_of_another_region_gets_404(filled, path):
    client = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    response = client.get(path.format(code="t-kraj"))
    assert response.status_code == 404
    assert "Alfa" not in response.content.decode()


@pytest.mark.parametrize("path", AREA_PAGES)
def test_anonymous_is_sent_to_sign_in_and_staff_without_assignment_get_403(filled, path):
    """Anonymous: the sign-in page (HTML) or 401 (JSON); an account that coordinates nothing
    (a municipality's admin): 403 — the wrong role, whatever the area."""
    response = client_for().get(path.format(code="t-kraj"))
    if "/api/" in path:
        # A program gets JSON it can act on, never the sign-in page.
        assert response.status_code == 401 and response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail"} and "Alfa" not in response.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/signin/")
    staff = client_for(None, account("alfa.admin@test.sk"))
    refused = staff.get(path.format(code="t-kraj"))
    assert refused.status_code == 403 and "Alfa" not in body(refused).decode()
    if "/api/" in path:
        assert refused.json()["detail"]


def test_anonymous_area_list_is_401_json():
    response = client_for().get("/regions/api/areas/")
    assert response.status_code == 401 and set(response.json()) == {"detail"}


def test_a_municipality_outside_the_area_has_no_profile_there(filled):
    client = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    assert client.get("/regions/t-kraj-cz/municipalities/beta/").status_code == 200
    assert client.get("/regions/t-kraj-cz/municipalities/alfa/").status_code == 404
    assert client.get("/regions/t-kraj-cz/municipalities/unknown/").status_code == 404


def test_district_coordinator_sees_the_district_not_the_region(filled):
    client = client_for(None, coordinator("koord.okres@test.sk", "t-okres"))
    assert client.get("/regions/t-okres/").status_code == 200
    assert client.get("/regions/t-kraj/").status_code == 404
    # The region's coordinator also reaches the region's districts.
    regional = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    assert regional.get("/regions/t-okres/").status_code == 200
    assert [a["code"] for a in regional.get("/regions/api/areas/").json()["areas"]] == [
        "t-okres", "t-kraj"]


def test_the_only_area_opens_directly_and_none_shows_an_empty_list(filled):
    one = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj-cz"))
    response = one.get("/regions/")
    assert response.status_code == 302 and response["Location"] == "/regions/t-kraj-cz/"
    none = client_for(None, account("nobody@test.sk")).get("/regions/")
    assert none.status_code == 200 and "/regions/t-" not in none.content.decode()


@pytest.mark.parametrize("path", AREA_PAGES + ["/regions/{code}/municipalities/alfa/",
                                               "/regions/", "/regions/api/areas/"])
def test_no_personal_data_in_any_coordinator_answer(filled, path):
    client = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    response = client.get(path.format(code="t-kraj"), follow=True)
    assert response.status_code == 200
    text = _text(response)
    if "{code}" in path:
        assert "Alfa" in text  # the municipality is there …
    leaked = [marker for marker in PERSONAL if marker in text]
    assert leaked == []    # … its people are not


def test_api_answers_only_with_aggregate_keys(filled):
    client = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    data = client.get("/regions/api/areas/t-kraj/").json()
    [place] = data["municipalities"]
    assert set(place) == {"slug", "name", "kind", "stat_code", "values", "not_available", "outliers",
                          "capacity_by_type", "capacity_by_target_group", "capacity_source",
                          "capacity_wider", "refreshed_at"}
    assert place["stat_code"] == ""  # alfa has no territorial unit
    assert place["values"]["public_comments"] == 1
    assert place["values"]["fulfilment"] == 41.7
    assert place["values"]["group_members"] == 9
    assert place["values"]["capacity_per_1000:places"] == 30.0
    assert place["not_available"] == []
    assert all(isinstance(v, (int, float, str, bool, type(None)))
               for v in place["values"].values())
    assert "@" not in json.dumps(data)


def test_overview_shows_figures_median_and_not_available(alfa, missing_sources):
    with tenant_context(alfa):
        _alfa_plans()
    figures_refresh(municipality=alfa, today=TODAY)
    client = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    page = client.get("/regions/t-kraj/").content.decode()
    assert "41,7 %" in page            # fulfilment, Slovak number format
    assert page.count('class="na"') == 4  # services, meetings, members, catalogue date
    csv_text = body(client.get("/regions/t-kraj/export.csv")).decode("utf-8-sig")
    header, line = csv_text.splitlines()[:2]
    cells = dict(zip(header.split(";"), line.split(";"), strict=False))
    assert cells["Obec"] == "Alfa" and cells["Služby"] == "n/d"  # as the page says it
    assert cells["Plán platný do"] == "2027-12-31"



def test_regional_api_answers_fit_its_published_schema(filled):
    import jsonschema

    document = client_for().get("/regions/api/schema/").json()
    assert set(document["paths"]) == {"/regions/api/areas/", "/regions/api/areas/{code}/",
                                      "/regions/api/areas/{code}/deadlines/",
                                      "/regions/api/areas/{code}/gaps/"}
    client = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    for template in document["paths"]:
        operation = document["paths"][template]["get"]
        answer = client.get(template.format(code="t-kraj"))
        assert answer.status_code == 200
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        # OpenAPI 3.0's "nullable" is not JSON Schema: read it as a null alternative.
        jsonschema.validate(answer.json(), _nullable(schema))
        assert {"401", "404"} <= set(operation["responses"])


def _nullable(schema):
    if isinstance(schema, list):
        return [_nullable(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: _nullable(value) for key, value in schema.items()}
    if schema.pop("nullable", False):
        return {"anyOf": [schema, {"type": "null"}]}
    return schema
