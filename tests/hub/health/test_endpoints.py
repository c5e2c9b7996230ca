"""/healthz and /readyz: answered on any Host before routing, no cookies, nothing cached,
no tenant or schema named — also when what is wrong is a schema."""

import logging
import socket

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from hub.health import checks

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "redis": "ok"}}
HOSTS = [
    "localhost",                     # the platform
    "alfa.localhost",                # a municipality
    "gamma.localhost",               # unknown municipality
    "10.1.2.3:8000",                 # a probe on the pod's address (not in ALLOWED_HOSTS)
    "evil.example",                  # outside the platform domain
    "alfa.localhost@evil.example",   # forged
    "tenant_template.localhost",     # a schema's name
    "a" * 300 + ".localhost",        # oversized
    "bad host\r\nX-Injected: 1",     # malformed
]


@pytest.fixture(autouse=True)
def _fresh_checks():
    checks._current_schemas.clear()
    checks._last_states.clear()
    checks._redis_client.cache_clear()
    yield
    checks._current_schemas.clear()
    checks._last_states.clear()
    checks._redis_client.cache_clear()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(path, host="localhost", method="get"):
    response = getattr(Client(HTTP_HOST=host), method)(path)
    assert "Set-Cookie" not in response.headers and not response.cookies
    return response


@pytest.mark.parametrize("host", HOSTS)
def test_liveness_answers_on_any_host(alfa, host):
    response = _get("/healthz", host)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert connection.schema_name == "public"


@pytest.mark.parametrize("host", HOSTS)
def test_readiness_answers_on_any_host(alfa, host):
    response = _get("/readyz", host)
    assert response.status_code == 200
    assert response.json() == ALL_OK
    assert response["Cache-Control"] == "no-store"


def test_head_has_no_body_and_other_methods_are_refused():
    head = _get("/readyz", method="head")
    assert head.status_code == 200 and head.content == b""
    post = _get("/healthz", method="post")
    assert post.status_code == 405 and post["Allow"] == "GET, HEAD"


def test_paths_next_to_the_probes_are_routed_as_usual(alfa):
    assert Client(HTTP_HOST="gamma.localhost").get("/healthz/").status_code == 404
    tenant_page = Client(HTTP_HOST="alfa.localhost").get("/readyz/x")
    assert tenant_page.status_code == 404 and tenant_page["Content-Type"].startswith("text/html")


def test_redis_down_is_degraded_but_ready(alfa, caplog):
    settings.REDIS_URL, real = f"redis://127.0.0.1:{_closed_port()}/0", settings.REDIS_URL
    try:
        with caplog.at_level(logging.INFO, logger="hub.health.checks"):
            first = _get("/readyz", "10.1.2.3")
            second = _get("/readyz", "alfa.localhost")
    finally:
        settings.REDIS_URL = real
    expected = {"status": "degraded",
                "checks": {"database": "ok", "migrations": "ok", "redis": "down"}}
    assert (first.status_code, first.json()) == (200, expected)
    assert (second.status_code, second.json()) == (200, expected)
    # Said once per change of state, not on every probe.
    warnings = [r.getMessage() for r in caplog.records
                if r.levelno == logging.WARNING and r.name == "hub.health.checks"]
    assert len(warnings) == 1 and warnings[0].startswith("Readiness: redis is down (")
    checks._redis_client.cache_clear()
    with caplog.at_level(logging.INFO, logger="hub.health.checks"):
        assert _get("/readyz").json() == ALL_OK
    assert caplog.records[-1].getMessage() == "Readiness: redis is ok again"


@pytest.mark.parametrize("schema,app,name", [
    ("public", "accounts", "0001_initial"),
    (settings.TENANT_TEMPLATE_SCHEMA, "plans", "0001_initial"),
])
def test_a_schema_behind_the_code_makes_it_unready_without_naming_it(alfa, schema, app, name):
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',  # noqa: S608
                       [app, name])
        assert cursor.rowcount == 1
    response = _get("/readyz", "alfa.localhost")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {
        "database": "ok", "migrations": "pending", "redis": "ok"}}
    body = response.content.decode()
    for secret in ("public", "template", "alfa", "m_", app):
        assert secret not in body


def test_a_current_schema_is_remembered(alfa, django_assert_num_queries):
    assert _get("/readyz").json() == ALL_OK
    # Only the database check itself (SAVEPOINT, SET, SELECT, RELEASE) on the next probe.
    with django_assert_num_queries(4):
        assert checks.readiness() == (200, ALL_OK)
