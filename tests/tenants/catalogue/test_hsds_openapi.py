"""/hsds/openapi.json describes every /hsds/ route, and the answers fit it."""

import re

import jsonschema
import pytest
from django.urls import get_resolver

from tests.conftest import client_for
from tests.tenants.catalogue.test_hsds import catalogue  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def _hsds_routes():
    for entry in get_resolver("hub.urls_tenant").url_patterns:
        for pattern in getattr(entry, "url_patterns", []):
            route = "/" + str(pattern.pattern)
            if route.startswith("/hsds/"):
                yield re.sub(r"<str:\w+>", "{id}", route)


def test_every_hsds_route_is_described(alfa):
    document = client_for(alfa).get("/hsds/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://alfa.localhost"}]
    assert set(document["paths"]) == set(_hsds_routes()) - {"/hsds/openapi.json"}


@pytest.mark.parametrize("path", ["/hsds/services", "/hsds/organizations", "/hsds/taxonomies",
                                  "/hsds/taxonomy_terms", "/hsds/", "/hsds/profile/"])
def test_answers_fit_the_description(alfa, catalogue, path):  # noqa: F811
    client = client_for(alfa)
    document = client.get("/hsds/openapi.json").json()
    schema = document["paths"][path]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    answer = client.get(path, {"per_page": 2})
    assert answer.status_code == 200
    jsonschema.validate(answer.json(), schema)
    if "contents" in schema.get("properties", {}):
        assert answer.json()["size"] <= 2


def test_an_unknown_id_is_the_documented_404(alfa):
    document = client_for(alfa).get("/hsds/openapi.json").json()
    assert "404" in document["paths"]["/hsds/services/{id}"]["get"]["responses"]
    assert client_for(alfa).get("/hsds/services/not-a-uuid").status_code == 404
