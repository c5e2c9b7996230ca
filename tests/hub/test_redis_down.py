"""Reading never needs Redis (issue #12): with the caches and REDIS_URL pointed at a port where
nothing listens, every page that does not enqueue work answers as it does with Redis up, the
domain lookup falls back to the database, and a dead Redis costs one try per interval."""

import socket

import pytest
from django.core.cache import caches
from django.db import connection

from hub import redis_guard
from hub.accounts.models import CoordinatorAssignment, User
from hub.municipalities.models import Region
from hub.municipalities.services import domain_add
from hub.tenancy import domain_cache
from tests.conftest import PASSWORD, account, client_for
from tests.hub.tenancy.matrix import MODULES
from tests.hub.tenancy.test_isolation_matrix import _fill, objs  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

TENANT_READS = [(path, minimum) for module in MODULES
                for _route, path, method, minimum, _body in module.PAGES if method == "get"]
TENANT_READS += [(path, "public") for module in MODULES for path in module.API_READS]


def _port_nobody_listens_on() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _point_redis_at(settings, url: str) -> None:
    settings.REDIS_URL = url
    settings.CACHES = {alias: {**conf, "LOCATION": url} for alias, conf in settings.CACHES.items()}
    redis_guard.reset_all()
    domain_cache.local_clear()


def _listener_subscribed() -> None:
    """The process's invalidation listener is up: its first subscription clears the memory
    once, which must not happen in the middle of a test that counts queries."""
    from tests.conftest import wait_for

    domain_cache.municipality_for_host("nowhere.localhost")
    wait_for(lambda: domain_cache._listening, timeout=10, interval=0.05)


@pytest.fixture
def redis_switch(settings):
    """Call with False to take Redis away (a closed port), with True to bring it back."""
    _listener_subscribed()
    real = settings.REDIS_URL
    dead = f"redis://127.0.0.1:{_port_nobody_listens_on()}/0"

    def switch(up: bool) -> None:
        _point_redis_at(settings, real if up else dead)

    yield switch
    redis_guard.reset_all()
    domain_cache.local_clear()


def _get(path, municipality, email, host=None):
    client = client_for(municipality, account(email) if email else None)
    response = client.get(path, HTTP_HOST=host) if host else client.get(path)
    connection.set_schema_to_public()
    return response


def test_every_tenant_page_answers_as_with_redis_up(alfa, objs, redis_switch):  # noqa: F811
    """Every GET of the isolation matrix, as its least role, first with Redis, then without
    (one test: the matrix objects are made once)."""
    def answers():
        found = {}
        for path, minimum in TENANT_READS:
            response = _get(_fill(path, objs), alfa,
                            None if minimum == "public" else f"alfa.{minimum}@test.sk")
            found[path] = (response.status_code, response.get("Location"))
        return found

    with_redis = answers()
    redis_switch(False)
    without = answers()
    assert all(status < 500 for status, _location in with_redis.values()), with_redis
    assert without == with_redis
    assert sum(status == 200 for status, _location in without.values()) >= 40
    assert redis_guard.breaker_for(caches["default"]._servers[0]).is_open


@pytest.fixture
def coordinator(db):
    user = User.objects.get(email="nobody@test.sk")
    CoordinatorAssignment.objects.create(user=user, area=Region.objects.get(code="t-kraj"))
    return user


@pytest.mark.parametrize("path,who", [
    ("/", None), ("/my/", "nobody@test.sk"), ("/accounts/signin/", None),
    ("/regions/", "nobody@test.sk"), ("/regions/t-kraj/", "nobody@test.sk"),
    ("/regions/t-kraj/deadlines/", "nobody@test.sk"), ("/regions/catalogue/", None),
    ("/regions/api/areas/t-kraj/", "nobody@test.sk"),
])
def test_platform_pages_answer_as_with_redis_up(alfa, coordinator, redis_switch, path, who):
    with_redis = _get(path, None, who)
    redis_switch(False)
    without = _get(path, None, who)
    assert with_redis.status_code == 200
    assert without.status_code == 200
    assert without.content.count(b"Testovac") == with_redis.content.count(b"Testovac")


def test_unknown_host_is_still_a_plain_404(alfa, redis_switch):
    redis_switch(False)
    assert _get("/", None, None, host="gamma.localhost").status_code == 404
    assert _get("/", None, None, host="alfa.localhost").status_code == 200


def test_operator_admin_answers_without_redis(redis_switch):
    operator = User.objects.create_superuser("operator@test.sk", PASSWORD)
    redis_switch(False)
    client = client_for(None, operator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_signing_in_with_the_right_password_works_without_redis(alfa, redis_switch):
    redis_switch(False)
    client = client_for(alfa)
    response = client.post("/accounts/signin/", {"email": "alfa.viewer@test.sk",
                                                 "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_public_comment_is_accepted_without_redis(alfa, redis_switch):
    """The submission limit lives in the cache: without it the form is let through (the
    service's own checks still apply), never turned into an error page."""
    from django_tenants.utils import tenant_context

    from tenants.plans.models import Comment
    from tests.tenants.plans.test_comments import _post, draft_in_discussion

    plan = draft_in_discussion.__wrapped__(alfa)
    redis_switch(False)
    response = _post(alfa, plan)
    connection.set_schema_to_public()
    assert response.status_code == 302
    with tenant_context(alfa):
        assert list(Comment.objects.values_list("text", flat=True)) == ["Chýba denný stacionár."]


def test_lookup_falls_back_to_the_database_and_then_memory(alfa, redis_switch,
                                                           django_assert_num_queries):
    redis_switch(False)
    with django_assert_num_queries(1):
        assert domain_cache.municipality_for_host("alfa.localhost").pk == alfa.pk
    with django_assert_num_queries(0):
        assert domain_cache.municipality_for_host("alfa.localhost").pk == alfa.pk


def test_a_silent_redis_costs_one_try_per_interval(alfa, beta, settings):
    """A Redis that accepts connections but never answers (stopped, overloaded): the first
    lookup waits for the read timeout, then the breaker keeps every other caller away."""
    _listener_subscribed()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        _point_redis_at(settings, f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        settings.REDIS_BREAKER_SECONDS = 600
        for _ in range(3):
            for host in ("alfa.localhost", "beta.localhost", "nowhere.localhost"):
                domain_cache.local_clear()
                domain_cache.municipality_for_host(host)
        for _ in range(5):
            assert caches["default"].get("anything", "fallback") == "fallback"
            caches["platform"].set("anything", 1)
        silent.setblocking(False)
        tried = 0
        while True:
            try:
                silent.accept()[0].close()
                tried += 1
            except BlockingIOError:
                break
    redis_guard.reset_all()
    assert tried == 1


def test_cache_calls_degrade_instead_of_raising(redis_switch):
    redis_switch(False)
    cache = caches["platform"]
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False  # a cache lock is never granted without Redis
    assert cache.set("k", 1) is None
    assert cache.has_key("k") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")
    assert cache.get_or_set("k", 7) == 7


def test_a_domain_changed_while_redis_was_down_is_not_served_stale_after(alfa, redis_switch):
    redis_switch(True)
    client = client_for()
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 404  # cached "missing"
    redis_switch(False)
    domain_add(municipality=alfa, hostname="kpss.localhost")
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 200
    redis_switch(True)  # Redis back with its stale "missing"; memory forgotten too
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 200
    assert domain_cache._pending_forgets == set()


def test_memory_is_trusted_five_minutes_while_listening_and_one_while_not(alfa, monkeypatch):
    import time

    _listener_subscribed()
    domain_cache.municipality_for_host("alfa.localhost")
    stored_at, municipality = domain_cache._local["alfa.localhost"]
    two_minutes_ago = stored_at - 120
    domain_cache._local["alfa.localhost"] = (two_minutes_ago, municipality)
    monkeypatch.setattr(domain_cache, "_listening", True)
    domain_cache.municipality_for_host("alfa.localhost")
    assert domain_cache._local["alfa.localhost"][0] == two_minutes_ago  # still trusted
    monkeypatch.setattr(domain_cache, "_listening", False)  # changes cannot arrive
    domain_cache.municipality_for_host("alfa.localhost")
    assert domain_cache._local["alfa.localhost"][0] > time.monotonic() - 5  # read again
