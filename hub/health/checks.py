"""Readiness checks: can this web process serve pages right now? Each check is short-bounded.

- database: one `SELECT 1` under a short statement timeout (and settings' connect timeout).
- migrations: every migration this code ships is applied — the shared apps' in `public`, the
  tenant apps' in the template schema that new municipalities are cloned from. "Applied" and
  not "the recorded fingerprint equals ours": during a rolling deploy the migration job moves
  the template ahead while the previous pods still serve, and they must stay ready. Once a
  schema is current for this code it stays so, so the answer is kept and costs no query.
- dump_locks (a warning, never a 503): whether the server's lock table holds the locks a
  whole-database pg_dump takes (hub/backup/locks.py); counted once per 10 minutes per process.
  Answered under "warnings" only when it is not ok: "low", or "unknown" if it could not count.
- redis: a PING with a 0.5 s socket timeout. Redis down does not make the process unready:
  it is a cache and the broker, reading never needs it, and taking every web pod out of
  service because Redis blinked would turn a degraded platform into no platform.

Answers name checks and states only — no schema, host, tenant or error text (that goes to
the log, once per change of state).
"""

import functools
import logging

import redis
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name

from hub.backup import locks

logger = logging.getLogger(__name__)

STATEMENT_TIMEOUT_MS = 500
REDIS_TIMEOUT_SECONDS = 0.5

_current_schemas: set[str] = set()  # schemas that carry every migration of this code
_last_states: dict[str, str] = {}


def database() -> str:
    if connection.schema_name != get_public_schema_name():
        connection.set_schema_to_public()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
        cursor.execute("SELECT 1")
    return "ok"


@functools.cache
def _code_migrations(app_names: tuple[str, ...]) -> tuple:
    labels = {config.label for config in apps.get_app_configs() if config.name in app_names}
    loader = MigrationLoader(None, ignore_no_migrations=True, load=False)
    loader.load_disk()
    return tuple(migration for key, migration in sorted(loader.disk_migrations.items())
                 if key[0] in labels)


def _applied(migration, recorded: set[tuple[str, str]]) -> bool:
    if (migration.app_label, migration.name) in recorded:
        return True
    # A squashed migration counts when everything it replaces was applied before it existed.
    return bool(migration.replaces) and all(tuple(key) in recorded for key in migration.replaces)


def _schema_current(schema: str, app_names: list[str]) -> bool:
    if schema in _current_schemas:
        return True
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
            # The schema name is ours (public or the template), quoted by the backend.
            cursor.execute(f"SELECT app, name FROM {connection.ops.quote_name(schema)}"  # noqa: S608
                           ".django_migrations")
            recorded = set(cursor.fetchall())
    except Exception:  # no such schema or table yet: not migrated
        logger.debug("Migrations of %s unreadable", schema, exc_info=True)
        return False
    if all(_applied(m, recorded) for m in _code_migrations(tuple(app_names))):
        _current_schemas.add(schema)
        return True
    return False


def migrations() -> str:
    current = (_schema_current("public", settings.SHARED_APPS)
               and _schema_current(settings.TENANT_TEMPLATE_SCHEMA, settings.TENANT_APPS))
    return "ok" if current else "pending"


@functools.cache
def _redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT_SECONDS,
                                socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


def redis_ping() -> str:
    _redis_client().ping()
    return "ok"


def _run(name: str, check, failed: str) -> str:
    try:
        state = check()
        error = None
    except Exception as exc:  # any failure of a dependency is an answer, not a 500
        state, error = failed, exc
    previous = _last_states.get(name)
    if previous != state:
        if state == "ok":
            if previous is not None:
                logger.info("Readiness: %s is %s again", name, state)
        else:
            logger.warning("Readiness: %s is %s%s", name, state,
                           f" ({type(error).__name__}: {error})" if error else "")
        _last_states[name] = state
    return state


def dump_locks() -> str:
    return "ok" if locks.lock_budget_cached().enough else "low"


def readiness() -> tuple[int, dict]:
    """(HTTP status, body): 503 when the database is down or migrations are pending."""
    checks = {"database": _run("database", database, "down")}
    checks["migrations"] = (_run("migrations", migrations, "unknown")
                            if checks["database"] == "ok" else "unknown")
    checks["redis"] = _run("redis", redis_ping, "down")
    if checks["database"] != "ok" or checks["migrations"] != "ok":
        return 503, {"status": "unavailable", "checks": checks}
    body = {"status": "ok" if checks["redis"] == "ok" else "degraded", "checks": checks}
    warning = _run("dump_locks", dump_locks, "unknown")
    if warning != "ok":
        body["warnings"] = {"dump_locks": warning}
    return 200, body
