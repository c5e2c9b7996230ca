"""Every bad body is a 400 with field errors in the caller's language, and nothing is written:
each write endpoint tried with an empty body, wrong types, unknown ids and ids that exist
only in another municipality, with a write token of this municipality's admin."""

import json

import pytest
from django_tenants.utils import tenant_context

from hub.accounts.tokens import token_create
from hub.urls_tenant import router
from tenants.participation.models import WorkingGroup
from tests.conftest import account, client_for
from tests.hub.tenancy.test_isolation_matrix import _state

pytestmark = pytest.mark.django_db

CREATABLE = [prefix for prefix, viewset, _basename in router.registry
             if hasattr(viewset, "create")]
UPDATABLE = [prefix for prefix, viewset, _basename in router.registry
             if hasattr(viewset, "partial_update")]
ENGLISH = "This field is required."


@pytest.fixture
def call(alfa):
    _token, secret = token_create(municipality=alfa, user=account("alfa.admin@test.sk"),
                                  name="Bad bodies", scope="write", resources=[])
    client = client_for(alfa)

    def send(method, path, body, language="sk"):
        return getattr(client, method)(path, data=json.dumps(body),
                                       content_type="application/json",
                                       HTTP_AUTHORIZATION=f"Bearer {secret}",
                                       HTTP_ACCEPT_LANGUAGE=language)
    return send


def _field_errors(response) -> dict:
    body = response.json()
    assert isinstance(body, dict) and body, body
    assert ENGLISH not in json.dumps(body, ensure_ascii=False)
    return body


@pytest.mark.parametrize("prefix", CREATABLE)
@pytest.mark.parametrize("body", [{}, [], "text", {"name": {"x": 1}, "title": [1],
                                                   "number": "not a number"}])
def test_bad_create_is_400_and_writes_nothing(alfa, call, prefix, body):
    before = _state(alfa)
    response = call("post", f"/api/{prefix}/", body)
    assert response.status_code == 400, (prefix, response.status_code, response.content[:300])
    _field_errors(response)
    assert _state(alfa) == before


@pytest.mark.parametrize("prefix", UPDATABLE)
def test_patch_of_an_unknown_id_is_404_and_writes_nothing(alfa, call, prefix):
    before = _state(alfa)
    for missing in ("999999", "99999999999999999999", "abc"):
        response = call("patch", f"/api/{prefix}/{missing}/", {"title": "x"})
        assert response.status_code == 404, (prefix, missing, response.status_code)
        assert set(response.json()) == {"detail"}
    assert _state(alfa) == before


def test_the_two_old_500s_are_400s_with_field_errors(alfa, call):
    before = _state(alfa)
    groups = call("post", "/api/working-groups/", {"description": "bez názvu a druhu"})
    assert groups.status_code == 400 and "name" in _field_errors(groups)
    members = call("post", "/api/group-members/", {"email": "a@example.org"})
    assert members.status_code == 400 and set(_field_errors(members)) >= {"group"}
    assert _state(alfa) == before


def test_an_id_that_exists_only_in_another_municipality_is_refused(alfa, beta, call):
    with tenant_context(beta):
        beta_group = WorkingGroup.objects.create(name="Skupina Bety")
    before = _state(alfa)
    response = call("post", "/api/group-members/", {"group": beta_group.pk, "name": "Jana"})
    assert response.status_code == 400 and "group" in _field_errors(response)
    for parent in ("plan", "priority", "measure"):
        prefix = {"plan": "priorities", "priority": "measures", "measure": "activities"}[parent]
        response = call("post", f"/api/{prefix}/?{parent}={beta_group.pk}",
                        {"number": "1", "title": "x"})
        assert response.status_code == 400 and parent in _field_errors(response)
    assert _state(alfa) == before


def test_messages_follow_accept_language(alfa, call):
    sk = call("post", "/api/working-groups/", {}, language="sk").json()
    cs = call("post", "/api/working-groups/", {}, language="cs").json()
    assert sk["name"] == ["Toto pole je povinné."]
    assert cs["name"] == ["Toto pole je vyžadováno."]
