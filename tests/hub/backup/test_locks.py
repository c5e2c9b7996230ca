"""The lock budget of a whole-database pg_dump: counted from the catalogue, compared with the
server's lock table, printed by backup_check and reported by /readyz as a warning only."""

import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub.backup import locks
from hub.health import checks
from hub.municipalities.services import municipality_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    locks.cache_clear()
    checks._last_states.clear()
    yield
    locks.cache_clear()
    checks._last_states.clear()


def _relations_in(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = %s)"
                       " + (SELECT count(*) FROM pg_sequences WHERE schemaname = %s)"
                       " + (SELECT count(*) FROM pg_views WHERE schemaname = %s)",
                       [schema, schema, schema])
        return cursor.fetchone()[0]


def test_each_municipality_adds_its_tables_and_sequences():
    before = locks.lock_budget()
    municipality_create(name="Gama", slug="gama", kind="village", country="SK")
    after = locks.lock_budget()
    per_schema = _relations_in("m_gama")
    assert per_schema > 41  # the tables and their sequences
    assert after.needed - before.needed == per_schema
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_locks_per_transaction")
        assert after.max_locks_per_transaction == int(cursor.fetchone()[0])
    assert after.capacity == after.max_locks_per_transaction * (
        after.max_connections + after.max_prepared_transactions)


def test_the_budget_arithmetic():
    budget = locks.LockBudget(needed=369_000, max_locks_per_transaction=256,
                              max_connections=200, max_prepared_transactions=0)
    assert budget.capacity == 51_200 and not budget.enough
    assert budget.recommended == 2307  # 369,000 × 1.25 / 200, rounded up
    assert locks.LockBudget(1000, 64, 100, 0).enough
    assert not locks.LockBudget(6000, 64, 100, 0).enough  # 6,000 × 1.25 > 6,400


def test_backup_check_prints_the_figures_and_fails_when_too_low(monkeypatch):
    out = io.StringIO()
    call_command("backup_check", stdout=out)
    real = locks.lock_budget()
    assert f"locks {real.needed} relations" in out.getvalue() and "Enough" in out.getvalue()

    monkeypatch.setattr("hub.backup.management.commands.backup_check.lock_budget",
                        lambda **_: locks.LockBudget(369_000, 64, 100, 0))
    with pytest.raises(CommandError, match="max_locks_per_transaction = 4613"):
        call_command("backup_check", stdout=io.StringIO())
    err = io.StringIO()
    call_command("backup_check", "--warn-only", stdout=io.StringIO(), stderr=err)
    assert "Too low" in err.getvalue()


def test_backup_check_counts_without_the_readiness_timeout():
    """At 9,000 municipalities the count scans ~2.4 M rows of pg_class (0.8 s at load 5, more
    under load): near the readiness probe's 2 s; the command waits for it instead of failing
    on a timeout."""
    with CaptureQueriesContext(connection) as command:
        call_command("backup_check", "--warn-only", stdout=io.StringIO(),
                     stderr=io.StringIO())
    assert not [q for q in command.captured_queries if "statement_timeout" in q["sql"]]
    with CaptureQueriesContext(connection) as probe:
        locks.lock_budget_cached()
    assert [q for q in probe.captured_queries
            if f"statement_timeout = {locks.COUNT_TIMEOUT_MS}" in q["sql"]]


def test_readiness_warns_of_a_low_lock_table_but_stays_ready(monkeypatch, caplog, alfa):
    monkeypatch.setattr(locks, "lock_budget", lambda: locks.LockBudget(369_000, 64, 100, 0))
    with caplog.at_level(logging.WARNING, logger="hub.health.checks"):
        first = Client(HTTP_HOST="localhost").get("/readyz")
        second = Client(HTTP_HOST="alfa.localhost").get("/readyz")
    for response in (first, second):
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        assert response.json()["warnings"] == {"dump_locks": "low"}
    assert [r.getMessage() for r in caplog.records if r.name == "hub.health.checks"] == [
        "Readiness: dump_locks is low"]  # said once per change of state


def test_readiness_counts_once_and_says_unknown_when_it_cannot(monkeypatch, alfa):
    calls = []

    def failing():
        calls.append(1)
        raise TimeoutError("canceling statement due to statement timeout")

    monkeypatch.setattr(locks, "lock_budget", failing)
    for _ in range(3):
        status, body = checks.readiness()
        assert status == 200 and body["warnings"] == {"dump_locks": "unknown"}
    assert len(calls) == 1  # a failed count is remembered too, not retried on every probe


def test_readiness_has_no_warning_when_the_lock_table_is_big_enough(alfa):
    status, body = checks.readiness()
    assert status == 200 and "warnings" not in body
