"""Every URL of a municipality's subdomain, tried anonymously, from another municipality's
staff, without membership and with too low a role: nothing leaks and nothing changes.

The rows live in `matrix/<app>.py`, one module per tenant app (PAGES, API_READS, MARKERS,
objects(), state()); a new app adds its module there and this file picks it up."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from tenants.portal.models import Introduction
from tests.conftest import account, client_for
from tests.hub.tenancy.matrix import MODULES

pytestmark = pytest.mark.django_db

# route, sample path, method, minimum role ("public" for everyone), body
PAGES = [row for module in MODULES for row in module.PAGES]
API_READS = [path for module in MODULES for path in module.API_READS]
STAFF_PAGES = [p for p in PAGES if p[3] != "public"]
# Strings only a member's page or answer carries.
STAFF_MARKERS = [marker for module in MODULES for marker in module.MARKERS]
RANK = {"viewer": 1, "editor": 2, "admin": 3}


def _tenant_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver("hub.urls_tenant").url_patterns:
        if isinstance(entry, URLResolver):
            yield from _tenant_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + str(entry.pattern), entry.callback


def test_every_tenant_url_declares_access_and_is_in_the_matrix():
    routes = {path: view for path, view in _tenant_routes() if "^" not in path}
    assert set(routes) == {route for route, *_ in PAGES if not route.startswith("/api/")
                           or route in ("/api/portal/", "/api/schema/", "/api/docs/",
                                        "/api/docs/tokens/")}
    for path, view in routes.items():
        declared = getattr(view, "access", None) or getattr(getattr(view, "view_class", None),
                                                            "access", None)
        assert declared, f"{path} does not declare who may use it"


def test_every_api_viewset_declares_access_and_is_tried():
    from hub.urls_tenant import router

    tried = {path.split("/")[2] for _r, path, *_ in PAGES if path.startswith("/api/")}
    tried |= {path.split("/")[2] for path in API_READS}
    for prefix, viewset, _basename in router.registry:
        assert getattr(viewset, "access", None), f"{prefix} does not declare who may use it"
        assert prefix in tried, f"/api/{prefix}/ is not in the isolation matrix"


@pytest.fixture
def objs(alfa):
    found = {}
    with tenant_context(alfa):
        for module in MODULES:
            made = module.objects(alfa)
            # Keys name sample paths of every module, so two modules may not share one.
            assert not set(made) & set(found), f"{module.__name__} reuses {set(made) & set(found)}"
            found.update(made)
    return found


def _fill(value, objs):
    if isinstance(value, str):
        return value.format(**objs)
    if isinstance(value, dict):
        return {k: _fill(v, objs) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, objs) for v in value]
    return value


def _state(municipality):
    with tenant_context(municipality):
        return tuple(module.state() for module in MODULES)


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


@pytest.mark.parametrize("route,path,method,minimum,body", STAFF_PAGES)
def test_denied_actors_see_nothing_and_change_nothing(
        alfa, objs, route, path, method, minimum, body, django_capture_on_commit_callbacks):
    path, body = _fill(path, objs), _fill(body, objs)
    before = _state(alfa)
    for label, email in _actors(minimum):
        client = client_for(alfa, account(email) if email else None)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _call(client, method, path, body)
        text = response.content.decode()
        if email is None and not path.startswith(("/api/", "/plans/")):
            assert response.status_code == 302, label
            assert response["Location"].startswith("/accounts/signin/?next="), label
        elif email is None and path.startswith("/api/"):
            # No credentials at all: 401 with the Bearer challenge (hub/accounts/authentication).
            assert response.status_code == 401, (label, response.status_code)
            assert response["WWW-Authenticate"].startswith("Bearer"), label
        else:
            assert response.status_code == 403, (label, response.status_code)
        assert not any(marker in text for marker in STAFF_MARKERS), label
        assert callbacks == [], f"{label} enqueued work"
        assert _state(alfa) == before, f"{label} changed data"


@pytest.mark.parametrize("route,path,method,minimum,body", STAFF_PAGES)
def test_member_with_the_role_gets_in(alfa, objs, route, path, method, minimum, body):
    path, body = _fill(path, objs), _fill(body, objs)
    client = client_for(alfa, account(f"alfa.{minimum}@test.sk"))
    response = _call(client, method, path, body)
    assert response.status_code in (200, 201, 204, 302), (response.status_code,
                                                           response.content[:300])
    if response.status_code == 302:
        assert "/accounts/signin/" not in response["Location"]


@pytest.mark.parametrize("path", API_READS + ["/plans/{plan}/", "/plan/", "/plans/"])
def test_public_reads_never_show_drafts_or_pending_comments(alfa, objs, path):
    body = client_for(alfa).get(_fill(path, objs)).content.decode()
    assert "Koncept Alfa" not in body and "Tajná pripomienka" not in body


@pytest.mark.parametrize("path", ["/plans/{draft}/", "/api/plans/{draft}/",
                                  "/plans/{plan}/evaluations/2024/"])
def test_drafts_and_unpublished_evaluations_are_404_publicly(alfa, objs, path):
    assert client_for(alfa).get(_fill(path, objs)).status_code == 404


@pytest.mark.parametrize("path", ["/plans/{plan}/", "/api/plans/{plan}/",
                                  "/staff/plans/{plan}/"])
def test_ids_of_one_municipality_are_unknown_in_another(alfa, beta, objs, path):
    client = client_for(beta, account("beta.admin@test.sk"))
    assert client.get(_fill(path, objs)).status_code == 404


def test_other_municipalitys_session_cookie_is_unknown_here(alfa, beta):
    beta_client = client_for(beta, account("beta.admin@test.sk"))
    assert beta_client.get("/staff/").status_code == 200
    # The same browser (same cookie jar) on Alfa's subdomain is anonymous there.
    beta_client.defaults["HTTP_HOST"] = "alfa.localhost"
    response = beta_client.get("/staff/")
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]


def test_token_of_another_municipality_cannot_write(alfa, beta):
    from hub.accounts.tokens import token_create

    _token, secret = token_create(municipality=beta, user=account("beta.admin@test.sk"),
                                  name="Beta web", scope="write", resources=[])
    before = _state(alfa)
    response = client_for(alfa).patch(
        "/api/portal/", data=json.dumps({"heading": "Zmenené", "text": "x"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert _state(alfa) == before


def test_write_token_writes_only_its_own_municipality(alfa, beta):
    from hub.accounts.tokens import token_create

    _token, secret = token_create(municipality=alfa, user=account("alfa.admin@test.sk"),
                                  name="Alfa web", scope="write", resources=[])
    beta_before = _state(beta)
    response = client_for(alfa).patch(
        "/api/portal/", data=json.dumps({"heading": "Nový úvod", "text": "Text úvodu"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["heading"] == "Nový úvod" and response.json()["name"] == "Alfa"
    with tenant_context(alfa):
        assert list(Introduction.objects.values_list("heading", "text")) == [
            ("Nový úvod", "Text úvodu")]
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
                  "/admin/": "operator", "/accessibility/": "public", "/privacy/": "public"}
for _module in MODULES:
    PLATFORM_PAGES.update(getattr(_module, "PLATFORM_PAGES", {}))


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
