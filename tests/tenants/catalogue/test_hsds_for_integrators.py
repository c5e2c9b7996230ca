"""HSDS as an integrator meets it: an unknown, malformed, unpublished or another
municipality's id answers a JSON 404 (as /api/ does, and as /hsds/openapi.json says), and
the data package carries the open-data licence the municipality chose."""

import io
import json
import uuid
import zipfile

import pytest
from django_tenants.utils import tenant_context

from tenants.portal.services import open_data_licence_set
from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import provider, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        owner = provider(user)
        return {"service": service(owner, user, name="Verejná"),
                "hidden": service(owner, user, name="Skrytá", status="inactive", locations=[]),
                "provider": owner}


def _ids(published):
    return {"unknown": str(uuid.uuid4()), "malformed": "not-a-uuid",
            "unpublished": str(published["hidden"].uuid)}


# (A provider is public while it has any published service: no unpublished one here.)
@pytest.mark.parametrize("kind,which", [
    ("services", "unknown"), ("services", "malformed"), ("services", "unpublished"),
    ("organizations", "unknown"), ("organizations", "malformed")])
def test_an_id_that_is_not_published_here_is_a_json_404(alfa, published, kind, which):
    response = client_for(alfa).get(f"/hsds/{kind}/{_ids(published)[which]}")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"} and "Skrytá" not in response.content.decode()


def test_another_municipalitys_ids_are_json_404s(alfa, beta, published):
    client = client_for(beta)
    for path in (f"/hsds/services/{published['service'].uuid}",
                 f"/hsds/organizations/{published['provider'].uuid}"):
        response = client.get(path)
        assert response.status_code == 404 and "Verejná" not in response.content.decode()
        # In Beta's language (Czech).
        assert response.json() == {"detail": "Takový zveřejněný záznam tu není."}


def test_the_published_404_is_in_hsds_openapi(alfa):
    document = client_for(alfa).get("/hsds/openapi.json").json()
    for path in ("/services/{id}", "/organizations/{id}"):
        found = [p for p in document["paths"] if p.endswith(path)]
        assert found, path
        assert "application/json" in document["paths"][found[0]]["get"]["responses"]["404"][
            "content"]


def _licence(municipality):
    archive = zipfile.ZipFile(io.BytesIO(client_for(municipality).get(
        "/hsds/datapackage.zip").content))
    return json.loads(archive.read("datapackage.json"))["licenses"]


def test_data_package_licence_follows_the_municipalitys_choice(alfa, beta, published):
    assert [item["name"] for item in _licence(alfa)] == ["CC-BY-4.0"]
    with tenant_context(alfa):
        open_data_licence_set(licence="cc0-1.0", user=account("alfa.admin@test.sk"))
    assert _licence(alfa) == [{"name": "CC0-1.0", "title": "Creative Commons Zero 1.0",
                               "path": "https://creativecommons.org/publicdomain/zero/1.0/"}]
    # Beta's choice is its own.
    assert [item["name"] for item in _licence(beta)] == ["CC-BY-4.0"]
