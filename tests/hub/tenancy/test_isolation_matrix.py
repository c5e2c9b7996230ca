"""Every URL of a municipality's subdomain, tried anonymously, from another municipality's
staff, without membership and with too low a role: nothing leaks and nothing changes."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from tenants.portal.models import Introduction, WorkerCheck
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db

# path, method, minimum role ("public" for everyone), body
PAGES = [
    ("/", "get", "public", None),
    ("/staff/", "get", "viewer", None),
    ("/staff/introduction/", "get", "editor", None),
    ("/staff/introduction/", "post", "editor", {"heading": "Zmenené", "text": "Nový text"}),
    ("/staff/worker-check/", "post", "editor", {}),
    ("/accounts/signin/", "get", "public", None),
    ("/accounts/signout/", "post", "public", {}),
    ("/i18n/setlang/", "post", "public", {"language": "cs"}),
    ("/api/portal/", "get", "public", None),
    ("/api/portal/", "patch", "editor", {"heading": "Zmenené", "text": "Nový text"}),
    ("/api/schema/", "get", "public", None),
    ("/api/docs/", "get", "public", None),
]
STAFF_PAGES = [p for p in PAGES if p[2] != "public"]
# Strings only a member's page or answer carries.
STAFF_MARKERS = ['action="/staff/worker-check/"', 'name="heading"', "Zmenené", "alfa.admin@"]
RANK = {"viewer": 1, "editor": 2, "admin": 3}


def _tenant_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver("hub.urls_tenant").url_patterns:
        if isinstance(entry, URLResolver):
            yield from _tenant_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + str(entry.pattern), entry.callback


def test_every_tenant_url_declares_access_and_is_in_the_matrix():
    routes = dict(_tenant_routes())
    assert set(routes) == {path for path, *_ in PAGES}
    for path, view in routes.items():
        declared = getattr(view, "access", None) or getattr(getattr(view, "view_class", None),
                                                            "access", None)
        assert declared, f"{path} does not declare who may use it"


def _state(municipality):
    with tenant_context(municipality):
        return (list(Introduction.objects.values_list("heading", "text")),
                WorkerCheck.objects.count())


def _call(client, method, path, body):
    if path.startswith("/api/"):
        return getattr(client, method)(path, data=json.dumps(body) if body is not None else None,
                                       content_type="application/json")
    return getattr(client, method)(path, data=body or {})


def _actors(minimum):
    yield "anonymous", None
    yield "no membership", "nobody@test.sk"
    yield "other municipality's admin", "beta.admin@test.sk"
    for role in ("viewer", "editor"):
        if RANK[role] < RANK[minimum]:
            yield f"alfa {role}", f"alfa.{role}@test.sk"


@pytest.mark.parametrize("path,method,minimum,body", STAFF_PAGES)
def test_denied_actors_see_nothing_and_change_nothing(
        alfa, path, method, minimum, body, django_capture_on_commit_callbacks):
    before = _state(alfa)
    for label, email in _actors(minimum):
        client = client_for(alfa, account(email) if email else None)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _call(client, method, path, body)
        text = response.content.decode()
        if email is None and not path.startswith("/api/"):
            assert response.status_code == 302, label
            assert response["Location"].startswith("/accounts/signin/?next="), label
        else:
            assert response.status_code == 403, (label, response.status_code)
        assert not any(marker in text for marker in STAFF_MARKERS), label
        assert callbacks == [], f"{label} enqueued work"
        assert _state(alfa) == before, f"{label} changed data"


@pytest.mark.parametrize("path,method,minimum,body", STAFF_PAGES)
def test_member_with_the_role_gets_in(alfa, path, method, minimum, body):
    client = client_for(alfa, account(f"alfa.{minimum}@test.sk"))
    response = _call(client, method, path, body)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/staff/"


def test_other_municipalitys_session_cookie_is_unknown_here(alfa, beta):
    beta_client = client_for(beta, account("beta.admin@test.sk"))
    assert beta_client.get("/staff/").status_code == 200
    # The same browser (same cookie jar) on Alfa's subdomain is anonymous there.
    beta_client.defaults["HTTP_HOST"] = "alfa.localhost"
    response = beta_client.get("/staff/")
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]


def test_token_of_another_municipalitys_admin_cannot_write(alfa):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=account("beta.admin@test.sk"))
    before = _state(alfa)
    response = client_for(alfa).patch(
        "/api/portal/", data=json.dumps({"heading": "Zmenené", "text": "x"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 403
    assert _state(alfa) == before


def test_editor_token_writes_only_its_own_municipality(alfa, beta):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=account("alfa.editor@test.sk"))
    beta_before = _state(beta)
    response = client_for(alfa).patch(
        "/api/portal/", data=json.dumps({"heading": "Nový úvod", "text": "Text úvodu"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["heading"] == "Nový úvod" and response.json()["name"] == "Alfa"
    assert _state(alfa)[0] == [("Nový úvod", "Text úvodu")]
    assert _state(beta) == beta_before


def test_public_api_answers_with_this_municipality_only(alfa, beta):
    data = client_for(beta).get("/api/portal/").json()
    assert data["name"] == "Beta" and data["language"] == "cs"
    assert "Alfa" not in json.dumps(data)


def test_invalid_api_body_is_refused_and_nothing_written(alfa):
    before = _state(alfa)
    client = client_for(alfa, account("alfa.editor@test.sk"))
    response = client.patch("/api/portal/", data=json.dumps({"heading": ""}),
                            content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"heading", "text"}
    assert _state(alfa) == before


PLATFORM_PAGES = {"/": "public", "/my/": "account", "/accounts/signin/": "public",
                  "/accounts/signout/": "public", "/i18n/setlang/": "public",
                  "/admin/": "operator"}


def test_every_platform_url_is_known():
    routes = {"/admin/" if path.startswith("/admin/") else path
              for path, _ in _tenant_routes(get_resolver("hub.urls_public").url_patterns)}
    assert routes == set(PLATFORM_PAGES)


def test_platform_account_and_operator_pages_need_the_right_account():
    anonymous = client_for()
    assert anonymous.get("/my/")["Location"].startswith("/accounts/signin/")
    assert anonymous.get("/admin/")["Location"].startswith("/admin/login/")
    staff_only = client_for(None, account("alfa.admin@test.sk"))
    response = staff_only.get("/admin/municipalities/municipality/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("path", ["/admin/", "/my/", "/admin/municipalities/municipality/"])
def test_platform_pages_do_not_exist_on_a_municipality(alfa, path):
    response = client_for(alfa, account("alfa.admin@test.sk")).get(path)
    assert response.status_code == 404
