"""Found in review: an application changed through a form is recorded in the history with its
old value; the provider's form is rate limited; the result and staff lists do not query once
per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from hub import ratelimit
from tenants.funding import links, services
from tenants.funding.models import Application
from tenants.history.models import Change
from tests.conftest import account, client_for
from tests.tenants.funding.builders import application, evaluated, round_, score_all, two_services

pytestmark = pytest.mark.django_db

_BODY = {"requested": "300", "personnel_costs": "800", "operating_costs": "200",
         "other_sources": "100", "capacity": "12", "capacity_unit": "klientov", "note": ""}


def _open_round_with_application(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r = round_(user, title="Otvorené kolo")
        services.round_transition(user=user, round_=r, to="open")
        mine, _other = two_services(user)
        made = application(user, r, mine, requested=100, personnel=800, operating=200)
        token = links.provider_link_token(round_=r, provider_id=mine.provider_id)
    return r, mine, made, token


def _requested_changes(alfa, made):
    with tenant_context(alfa):
        return [c.changes.get("requested") for c in Change.objects.filter(
            subject="funding.application", object_id=made.pk, action=Change.Action.UPDATED)]


def test_a_staff_edit_of_an_application_is_in_the_history_with_the_old_amount(alfa):
    r, _mine, made, _token = _open_round_with_application(alfa)
    client = client_for(alfa, account("alfa.editor@test.sk"))
    response = client.post(f"/staff/funding/{r.pk}/applications/{made.pk}/",
                           data={**_BODY, "measure": ""})
    assert response.status_code == 302
    assert _requested_changes(alfa, made) == [["100", "300"]]


def test_a_providers_edit_behind_its_link_is_in_the_history_too(alfa):
    _r, mine, made, token = _open_round_with_application(alfa)
    response = client_for(alfa).post(f"/funding/apply/{token}/?service={mine.pk}", data=_BODY)
    assert response.status_code == 302
    assert _requested_changes(alfa, made) == [["100", "300"]]


def test_the_providers_form_is_rate_limited_and_a_refusal_writes_nothing(alfa, monkeypatch):
    _r, mine, made, token = _open_round_with_application(alfa)
    monkeypatch.setitem(ratelimit.LIMITS, "apply", ratelimit.Limit(
        submissions=2, seconds=3600, message=ratelimit.LIMITS["apply"].message))
    client = client_for(alfa)
    url = f"/funding/apply/{token}/?service={mine.pk}"
    for requested in ("300", "400"):
        assert client.post(url, data={**_BODY, "requested": requested}).status_code == 302
    response = client.post(url, data={**_BODY, "requested": "500"},
                           HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 400
    assert "V krátkom čase ste poslali viacero žiadostí" in response.content.decode()
    with tenant_context(alfa):
        assert Application.objects.get(pk=made.pk).requested == 400
    # Reading the page is not counted.
    assert client.get(url).status_code == 200
    assert response["Cache-Control"] == "no-store"


def _queries(client, path) -> int:
    client.get(path)  # the first request of a session reads what later ones have cached
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured.captured_queries)


def test_the_public_results_list_does_not_query_once_per_round(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        evaluated(user, title="Prvé kolo", publish=True)
    anonymous = client_for(alfa)
    one = _queries(anonymous, "/api/funding-results/")
    with tenant_context(alfa):
        evaluated(user, title="Druhé kolo", ico="55500041", publish=True)
        evaluated(user, title="Tretie kolo", ico="55500061", publish=True)
    assert _queries(anonymous, "/api/funding-results/") == one
    assert len(anonymous.get("/api/funding-results/").json()["results"]) == 3


def test_the_staff_round_page_and_lists_do_not_query_once_per_row(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        r, _first = evaluated(user, title="Prvé kolo")
    staff = client_for(alfa, account("alfa.editor@test.sk"))
    paths = [f"/staff/funding/{r.pk}/", "/staff/funding/", "/api/funding-rounds/",
             f"/api/funding-applications/?round={r.pk}", f"/staff/funding/{r.pk}/history/"]
    before = {path: _queries(staff, path) for path in paths}
    with tenant_context(alfa):
        evaluated(user, title="Druhé kolo", ico="55500041")
        r.refresh_from_db()
        services.round_transition(user=user, round_=r, to="open")
        for n, ico in enumerate(("55500071", "55500081")):
            a, b = two_services(user, ico=ico)
            application(user, r, a, requested=100 + n, personnel=500)
            application(user, r, b, requested=200 + n, personnel=500)
        services.round_transition(user=user, round_=r, to="evaluating")
        score_all(user, r)
        services.round_allocate(user=user, round_=r)
    after = {path: _queries(staff, path) for path in paths}
    assert after == before
