"""Every URL of a municipality's subdomain, tried anonymously, from another municipality's
staff, without membership and with too low a role: nothing leaks and nothing changes."""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from tenants.portal.models import Introduction, WorkerCheck
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db

# route, sample path, method, minimum role ("public" for everyone), body
PAGES = [
    ("/", "/", "get", "public", None),
    ("/staff/", "/staff/", "get", "viewer", None),
    ("/staff/introduction/", "/staff/introduction/", "get", "editor", None),
    ("/staff/introduction/", "/staff/introduction/", "post", "editor",
     {"heading": "Zmenené", "text": "Nový text"}),
    ("/staff/worker-check/", "/staff/worker-check/", "post", "editor", {}),
    ("/accounts/signin/", "/accounts/signin/", "get", "public", None),
    ("/accounts/signout/", "/accounts/signout/", "post", "public", {}),
    ("/i18n/setlang/", "/i18n/setlang/", "post", "public", {"language": "cs"}),
    ("/api/portal/", "/api/portal/", "get", "public", None),
    ("/api/portal/", "/api/portal/", "patch", "editor", {"heading": "Zmenené", "text": "x"}),
    ("/api/schema/", "/api/schema/", "get", "public", None),
    ("/api/docs/", "/api/docs/", "get", "public", None),
    # Plans, public
    ("/plan/", "/plan/", "get", "public", None),
    ("/plans/", "/plans/", "get", "public", None),
    ("/plans/<int:plan_id>/", "/plans/{plan}/", "get", "public", None),
    ("/plans/<int:plan_id>/comment/", "/plans/{plan}/comment/", "post", "public",
     {"text": "Zmenené", "consent": "on"}),
    ("/plans/<int:plan_id>/evaluations/<int:year>/", "/plans/{plan}/evaluations/2023/", "get",
     "public", None),
    # Plans, staff
    ("/staff/plans/", "/staff/plans/", "get", "viewer", None),
    ("/staff/plans/new/", "/staff/plans/new/", "get", "editor", None),
    ("/staff/plans/new/", "/staff/plans/new/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/staff/plans/<int:plan_id>/", "/staff/plans/{draft}/", "get", "viewer", None),
    ("/staff/plans/<int:plan_id>/edit/", "/staff/plans/{draft}/edit/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/staff/plans/<int:plan_id>/transition/", "/staff/plans/{draft}/transition/", "post",
     "editor", {"action": "start_discussion", "discussion_from": "2025-01-01",
                "discussion_to": "2025-01-31"}),
    ("/staff/plans/<int:plan_id>/amend/", "/staff/plans/{plan}/amend/", "post", "editor",
     {"label": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/delete/", "/staff/plans/{draft}/delete/", "post", "admin", {}),
    ("/staff/plans/<int:plan_id>/history/", "/staff/plans/{plan}/history/", "get", "viewer",
     None),
    ("/staff/plans/<int:plan_id>/sections/<slug:kind>/", "/staff/plans/{draft}/sections/swot/",
     "post", "editor", {"body": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/priorities/new/", "/staff/plans/{draft}/priorities/new/",
     "post", "editor", {"number": 9, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/",
     "/staff/plans/{draft}/priorities/{dp}/", "post", "editor",
     {"number": 1, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/new/",
     "/staff/plans/{draft}/priorities/{dp}/measures/new/", "get", "editor", None),
    ("/staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/<int:measure_id>/",
     "/staff/plans/{draft}/priorities/{dp}/measures/{dm}/", "get", "editor", None),
    ("/staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/new/",
     "/staff/plans/{draft}/measures/{dm}/activities/new/", "post", "editor",
     {"number": 9, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/<int:activity_id>/",
     "/staff/plans/{draft}/measures/{dm}/activities/{da}/", "post", "editor",
     {"number": 1, "title": "Zmenené", "weight": "1"}),
    ("/staff/plans/<int:plan_id>/delete/<slug:kind>/<int:object_id>/",
     "/staff/plans/{draft}/delete/measure/{dm}/", "post", "editor", {}),
    ("/staff/plans/<int:plan_id>/action-plans/new/", "/staff/plans/{plan}/action-plans/new/",
     "post", "editor", {"year": 2025}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/",
     "/staff/plans/{plan}/action-plans/2024/", "post", "editor",
     {"activity": "{a111}", "responsible": "Zmenené"}),
    ("/staff/plans/<int:plan_id>/action-plans/<int:year>/next-year/",
     "/staff/plans/{plan}/action-plans/2024/next-year/", "post", "editor", {}),
    ("/staff/plans/<int:plan_id>/evaluations/new/", "/staff/plans/{plan}/evaluations/new/",
     "post", "editor", {"year": 2025}),
    ("/staff/plans/<int:plan_id>/evaluations/<int:year>/",
     "/staff/plans/{plan}/evaluations/2024/", "get", "viewer", None),
    ("/staff/plans/<int:plan_id>/evaluations/<int:year>/publish/",
     "/staff/plans/{plan}/evaluations/2024/publish/", "post", "editor", {"publish": "1"}),
    ("/staff/plans/<int:plan_id>/comments/", "/staff/plans/{plan}/comments/", "get", "viewer",
     None),
    ("/staff/plans/<int:plan_id>/comments/<int:comment_id>/",
     "/staff/plans/{plan}/comments/{comment}/", "post", "editor", {"action": "reject"}),
    ("/staff/target-groups/", "/staff/target-groups/", "get", "editor", None),
    # Plans API (router): reads as the viewsets decide, writes for editors
    ("/api/plans/", "/api/plans/", "post", "editor",
     {"legal_basis": "sk-kpss", "title": "Zmenené", "year_from": 2025, "year_to": 2026}),
    ("/api/plans/<id>/", "/api/plans/{draft}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/plans/<id>/", "/api/plans/{draft}/", "delete", "admin", None),
    ("/api/plans/<id>/transition/", "/api/plans/{draft}/transition/", "post", "editor",
     {"action": "start_discussion", "discussion_from": "2025-01-01",
      "discussion_to": "2025-01-31"}),
    ("/api/priorities/", "/api/priorities/?plan={draft}", "post", "editor",
     {"title": "Zmenené", "number": 9}),
    ("/api/measures/<id>/", "/api/measures/{dm}/", "patch", "editor", {"title": "Zmenené"}),
    ("/api/activities/<id>/", "/api/activities/{da}/", "delete", "editor", None),
    ("/api/evaluations/", "/api/evaluations/", "post", "editor", {"plan": "{plan}", "year": 2025}),
    ("/api/evaluations/<id>/entries/", "/api/evaluations/{evaluation}/entries/", "post",
     "editor", {"measure": "{m21}", "status": "fulfilled"}),
    ("/api/evaluations/<id>/publish/", "/api/evaluations/{evaluation}/publish/", "post",
     "editor", {}),
    ("/api/target-groups/", "/api/target-groups/", "post", "editor", {"name": "Zmenené"}),
]
API_READS = ["/api/plans/", "/api/plans/{plan}/", "/api/plans/{plan}/progress/",
             "/api/priorities/", "/api/measures/", "/api/activities/", "/api/evaluations/",
             "/api/action-plans/",
             "/api/comments/", "/api/target-groups/"]
STAFF_PAGES = [p for p in PAGES if p[3] != "public"]
# Strings only a member's page or answer carries.
STAFF_MARKERS = ['action="/staff/worker-check/"', 'name="heading"', "Zmenené", "alfa.admin@",
                 "Koncept Alfa", "Tajná pripomienka"]
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
                           or route in ("/api/portal/", "/api/schema/", "/api/docs/")}
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
    """Alfa's plans: one in force (with action plan, evaluation, a pending comment), one draft."""
    from tenants.plans import services
    from tenants.plans.models import Comment
    from tests.tenants.plans.builders import plan_in_force, plan_with_tree

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, tree = plan_in_force(user, year_from=2023)
        services.action_plan_create(user=user, plan=plan, year=2024)
        evaluation = services.evaluation_create(user=user, plan=plan, year=2024)
        comment = Comment.objects.create(plan=plan, text="Tajná pripomienka",
                                         consent_at="2024-01-01T00:00:00Z")
        draft, dtree = plan_with_tree(user, title="Koncept Alfa")
    return {"plan": plan.pk, "draft": draft.pk, "evaluation": evaluation.pk,
            "comment": comment.pk, "a111": tree["a111"].pk, "m21": tree["m21"].pk,
            "dp": dtree["p1"].pk, "dm": dtree["m11"].pk, "da": dtree["a111"].pk}


def _fill(value, objs):
    if isinstance(value, str):
        return value.format(**objs)
    if isinstance(value, dict):
        return {k: _fill(v, objs) for k, v in value.items()}
    return value


def _state(municipality):
    from tenants.history.models import Change
    from tenants.plans import models as plan_models

    with tenant_context(municipality):
        return (list(Introduction.objects.values_list("heading", "text")),
                WorkerCheck.objects.count(), Change.objects.count(),
                sorted(plan_models.Plan.objects.values_list("pk", "status", "title")),
                sorted(plan_models.Priority.objects.values_list("pk", "title")),
                sorted(plan_models.Measure.objects.values_list("pk", "title")),
                sorted(plan_models.Activity.objects.values_list("pk", "title")),
                plan_models.ActionPlan.objects.count(), plan_models.ActionItem.objects.count(),
                plan_models.Evaluation.objects.filter(published_at__isnull=False).count(),
                plan_models.EvaluationEntry.objects.count(),
                sorted(plan_models.Comment.objects.values_list("pk", "state")),
                plan_models.TargetGroup.objects.count())


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
