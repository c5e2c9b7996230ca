"""One sign-in for every host: handoff tokens between hosts, refused when replayed, on another
host, expired, without a membership or with a foreign ``next``; sign-out ends every session."""

import copy
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.utils import timezone

from hub.accounts.handoff import issue_handoff
from hub.accounts.models import HandoffToken, Membership
from tests.conftest import PASSWORD, account, client_for

pytestmark = pytest.mark.django_db


def _go(client, query):
    """The handoff address ``/accounts/go/`` redirects to, as (host, token, next)."""
    response = client.get(f"/accounts/go/?{query}")
    assert response.status_code == 302, response.status_code
    target = urlsplit(response["Location"])
    assert target.path == "/accounts/handoff/", response["Location"]
    params = parse_qs(target.query)
    return target.hostname, params["token"][0], params["next"][0]


def _signed_in(client) -> bool:
    response = client.get("/staff/")
    return response.status_code == 200


def _signed_in_on_platform(client) -> bool:
    return client.get("/my/").status_code == 200


def test_platform_to_municipality_without_a_password(alfa):
    platform = client_for(None, account("alfa.admin@test.sk"))
    host, token, next_path = _go(platform, "place=alfa&next=/staff/")
    assert host == "alfa.localhost" and next_path == "/staff/"
    # Only a hash of the token is kept.
    assert not HandoffToken.objects.filter(token_hash=token).exists()
    there = client_for(alfa)
    response = there.get("/accounts/handoff/", {"token": token, "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert _signed_in(there)


def test_municipality_to_platform_for_coordinators_and_operators(alfa):
    client = client_for(alfa, account("alfa.viewer@test.sk"))
    host, token, next_path = _go(client, "next=/my/")
    assert host == "localhost" and next_path == "/my/"
    platform = client_for()
    response = platform.get("/accounts/handoff/", {"token": token, "next": "/my/"})
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert _signed_in_on_platform(platform)


def test_replayed_token_is_refused(alfa):
    _, token, _ = _go(client_for(None, account("alfa.admin@test.sk")), "place=alfa")
    assert client_for(alfa).get("/accounts/handoff/", {"token": token}).status_code == 302
    replay = client_for(alfa)
    response = replay.get("/accounts/handoff/", {"token": token})
    assert response.status_code == 400
    assert "Tento odkaz na prihlásenie už neplatí." in response.content.decode()
    assert not _signed_in(replay)


def test_token_on_another_host_is_refused_and_spent(alfa, beta):
    user = account("alfa.admin@test.sk")
    Membership.objects.create(user=user, municipality=beta, role="viewer")
    issuer = client_for(None, user)
    _, token, _ = _go(issuer, "place=alfa")
    elsewhere = client_for(beta)
    assert elsewhere.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert not _signed_in(elsewhere)
    # Seen on the wrong host, it is not trusted on the right one either.
    right = client_for(alfa)
    assert right.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert not _signed_in(right)
    # Nor on the platform domain.
    _, token, _ = _go(issuer, "place=alfa")
    platform = client_for()
    assert platform.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert not _signed_in_on_platform(platform)


def test_expired_token_is_refused(alfa):
    token = issue_handoff(user=account("alfa.admin@test.sk"), host="alfa.localhost")
    HandoffToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(alfa)
    assert client.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert not _signed_in(client)


def test_token_for_an_account_without_membership_there_is_refused(alfa):
    # Issued by hand (the go address refuses to issue it, below).
    token = issue_handoff(user=account("beta.admin@test.sk"), host="alfa.localhost")
    client = client_for(alfa)
    assert client.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert client.get("/accounts/signin/").context["user"].is_anonymous


def test_go_refuses_a_place_without_membership_and_anonymous(beta):
    platform = client_for(None, account("alfa.admin@test.sk"))
    assert platform.get("/accounts/go/?place=beta").status_code == 404
    assert platform.get("/accounts/go/?place=no-such-place").status_code == 404
    assert HandoffToken.objects.count() == 0
    response = client_for().get("/accounts/go/?place=beta")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/signin/")


@pytest.mark.parametrize("foreign", ["https://evil.example/", "//evil.example/",
                                     "http://beta.localhost/staff/", "javascript:alert(1)"])
def test_foreign_next_is_refused_and_nothing_signed_in(alfa, foreign):
    platform = client_for(None, account("alfa.admin@test.sk"))
    # The issuing side never passes a foreign next on.
    _, token, next_path = _go(platform, f"place=alfa&next={foreign}")
    assert next_path == "/staff/"
    client = client_for(alfa)
    response = client.get("/accounts/handoff/", {"token": token, "next": foreign})
    assert response.status_code == 400
    assert not _signed_in(client)


def test_unknown_or_missing_token_is_refused(alfa):
    client = client_for(alfa)
    for query in ({}, {"token": "x" * 43}, {"token": "x" * 500}):
        assert client.get("/accounts/handoff/", query).status_code == 400
    assert not _signed_in(client)


def test_locked_out_account_is_not_let_in_by_a_handoff(alfa, settings):
    platform = client_for(None, account("alfa.admin@test.sk"))
    _, token, _ = _go(platform, "place=alfa")
    guesser = client_for(alfa)
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        guesser.post("/accounts/signin/", {"email": "alfa.admin@test.sk", "password": "zle"})
    client = client_for(alfa)
    assert client.get("/accounts/handoff/", {"token": token}).status_code == 400
    assert not _signed_in(client)


def test_handoff_does_not_forget_failed_sign_ins(alfa, settings):
    # Signed in on the platform first (a sign-in there forgets the failures, as it should).
    issuer = client_for(None, account("alfa.admin@test.sk"))
    guesser = client_for(alfa)
    for _ in range(settings.SIGNIN_MAX_FAILURES - 1):
        guesser.post("/accounts/signin/", {"email": "alfa.admin@test.sk", "password": "zle"})
    before = sum(AccessAttempt.objects.filter(username="alfa.admin@test.sk")
                 .values_list("failures_since_start", flat=True))
    assert before == settings.SIGNIN_MAX_FAILURES - 1
    _, token, _ = _go(issuer, "place=alfa")
    client = client_for(alfa)
    assert client.get("/accounts/handoff/", {"token": token}).status_code == 302
    after = sum(AccessAttempt.objects.filter(username="alfa.admin@test.sk")
                .values_list("failures_since_start", flat=True))
    assert after == before


def _everywhere(alfa):
    user = account("alfa.admin@test.sk")
    platform = client_for()
    assert platform.post("/accounts/signin/", {"email": user.email,
                                               "password": PASSWORD}).status_code == 302
    _, token, _ = _go(platform, "place=alfa")
    there = client_for(alfa)
    assert there.get("/accounts/handoff/", {"token": token}).status_code == 302
    assert _signed_in(there) and _signed_in_on_platform(platform)
    return platform, there


def test_sign_out_on_one_host_signs_out_everywhere(alfa):
    platform, there = _everywhere(alfa)
    assert there.post("/accounts/signout/").status_code == 302
    assert not _signed_in(there)
    assert not _signed_in_on_platform(platform)
    # Signing in again works.
    assert platform.post("/accounts/signin/", {"email": "alfa.admin@test.sk",
                                               "password": PASSWORD}).status_code == 302
    assert _signed_in_on_platform(platform)


def test_sign_out_everywhere_works_with_redis_down(alfa, settings):
    platform, there = _everywhere(alfa)
    caches = copy.deepcopy(settings.CACHES)
    for alias in caches:
        caches[alias]["LOCATION"] = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CACHES = caches
    assert platform.post("/accounts/signout/").status_code == 302
    assert not _signed_in(there)
    assert not _signed_in_on_platform(platform)


def test_other_accounts_stay_signed_in(alfa):
    _platform, there = _everywhere(alfa)
    connection.set_schema_to_public()
    other = client_for(alfa, account("alfa.editor@test.sk"))
    there.post("/accounts/signout/")
    assert _signed_in(other)


def test_operator_moves_from_a_municipality_to_the_admin(alfa):
    operator = account("alfa.admin@test.sk")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    connection.set_schema_to_public()
    client = client_for(alfa, operator)
    assert 'href="/accounts/go/?next=/admin/"' in client.get("/staff/").content.decode()
    host, token, next_path = _go(client, "next=/admin/")
    assert host == "localhost" and next_path == "/admin/"
    platform = client_for()
    response = platform.get("/accounts/handoff/", {"token": token, "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert platform.get("/admin/").status_code == 200
    # Not offered to an account that is no operator.
    connection.set_schema_to_public()
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    assert "next=/admin/" not in editor.get("/staff/").content.decode()
