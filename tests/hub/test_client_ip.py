"""One trusted-client-IP rule for every limit: sign-in lockout, API throttles, public forms.
Behind a proxy two attackers are counted apart; a direct client's X-Forwarded-For changes
nothing; the proxy's own address is never what is counted."""

import json

import pytest
from django.test import RequestFactory

from hub.client_ip import client_ip
from tests.conftest import PASSWORD, client_for

PROXY = "10.0.0.5"


def _ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_proxies_the_connection_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@pytest.mark.parametrize("forwarded,expected", [
    ("198.51.100.1", "198.51.100.1"),                      # the proxy's own entry
    ("6.6.6.6, 198.51.100.1", "198.51.100.1"),             # the client's forgery to its left
    ("6.6.6.6,198.51.100.1", "198.51.100.1"),
    ("", PROXY),                                           # the proxy asked itself
    (None, PROXY),
    ("not-an-address", PROXY),                             # a broken proxy: count the hop
    ("::ffff:198.51.100.1", "198.51.100.1"),
    ("2001:db8::1", "2001:db8::1"),
])
def test_behind_trusted_proxy_ranges(settings, forwarded, expected):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert _ip(PROXY, forwarded) == expected


def test_two_proxies_in_the_trusted_range_are_both_skipped(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert _ip(PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.9") == "198.51.100.1"


def test_a_direct_client_cannot_claim_another_address(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert _ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert _ip("203.0.113.7", "10.0.0.1") == "203.0.113.7"


@pytest.mark.parametrize("count,forwarded,expected", [
    (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
    (2, "6.6.6.6, 198.51.100.1, 172.16.0.2", "198.51.100.1"),
    (1, None, PROXY),
])
def test_behind_a_number_of_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], count
    assert _ip(PROXY, forwarded) == expected


def test_ranges_and_count_together_need_both(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 1
    # The second hop is in the range but beyond the count: it is the client.
    assert _ip(PROXY, "6.6.6.6, 10.0.0.9") == "10.0.0.9"


# --- every limit keys by the rule ---------------------------------------------------------

def _signin(client, email, password, **extra):
    return client.post("/accounts/signin/", {"email": email, "password": password}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    settings.SIGNIN_MAX_FAILURES_PER_ADDRESS = 4


def _via_proxy(address):
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


@pytest.mark.django_db
def test_sign_in_attackers_behind_one_proxy_are_counted_apart(alfa, behind_proxy):
    from axes.models import AccessAttempt

    client = client_for(alfa)
    for n in range(4):
        assert _signin(client, f"nikto{n}@test.sk", "zle", **_via_proxy("198.51.100.1")
                       ).status_code in (400, 429)
    # The first attacker is locked out, whatever account it tries …
    assert _signin(client, "alfa.viewer@test.sk", PASSWORD,
                   **_via_proxy("198.51.100.1")).status_code == 429
    # … a second one behind the same proxy, and the proxy itself, are not.
    assert _signin(client_for(alfa), "alfa.viewer@test.sk", PASSWORD,
                   **_via_proxy("198.51.100.2")).status_code == 302
    assert _signin(client_for(alfa), "alfa.editor@test.sk", PASSWORD,
                   REMOTE_ADDR=PROXY).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


@pytest.mark.django_db
def test_a_direct_clients_forged_header_does_not_move_its_sign_in_count(alfa, behind_proxy):
    from axes.models import AccessAttempt

    client = client_for(alfa)
    for n in range(4):
        _signin(client, f"nikto{n}@test.sk", "zle", REMOTE_ADDR="203.0.113.7",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = _signin(client, "alfa.viewer@test.sk", PASSWORD, REMOTE_ADDR="203.0.113.7",
                       HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.django_db
def test_api_throttle_counts_clients_behind_a_proxy_apart(alfa, behind_proxy, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "3/min", "user": "5/min", "token": "5/min"})
    client = client_for(alfa)
    first = [client.get("/api/portal/", **_via_proxy("198.51.100.1")).status_code
             for _ in range(4)]
    # Forgery from the left changes nothing; a direct client's header neither.
    forged = client.get("/api/portal/", **_via_proxy("6.6.6.6, 198.51.100.1"))
    second = client.get("/api/portal/", **_via_proxy("198.51.100.2"))
    direct = [client.get("/api/portal/", REMOTE_ADDR="203.0.113.7",
                         HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
              for n in range(10, 14)]
    assert first == [200, 200, 200, 429]
    assert forged.status_code == 429
    assert second.status_code == 200
    assert direct == [200, 200, 200, 429]
    assert "detail" in json.loads(forged.content)


@pytest.mark.django_db
def test_signed_in_api_requests_are_counted_per_account(alfa, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    from tests.conftest import account

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "1/min", "user": "3/min", "token": "3/min"})
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    statuses = [editor.get("/api/portal/").status_code for _ in range(4)]
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    other = viewer.get("/api/portal/").status_code
    assert statuses == [200, 200, 200, 429]
    assert other == 200  # same address, another account


@pytest.mark.django_db
def test_public_comment_limit_counts_clients_behind_a_proxy_apart(alfa, behind_proxy):
    from tests.tenants.plans.test_comments import _count, draft_in_discussion

    plan = draft_in_discussion.__wrapped__(alfa)
    body = {"name": "Jana", "email": "jana@example.sk", "text": "Text", "consent": "on"}

    def post(**meta):
        return client_for(alfa).post(f"/plans/{plan.pk}/comment/", body, **meta).status_code

    first = [post(**_via_proxy("198.51.100.1")) for _ in range(6)]
    forged = post(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    second = post(**_via_proxy("198.51.100.2"))
    assert first == [302] * 5 + [400]
    assert forged == 400
    assert second == 302
    assert _count(alfa) == 6
