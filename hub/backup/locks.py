"""How many locks a whole-database pg_dump needs, against what the server's lock table holds.

pg_dump takes an ACCESS SHARE lock on every relation it dumps and holds them all in one
transaction. The server's shared lock table has room for max_locks_per_transaction ×
(max_connections + max_prepared_transactions) locks — for all sessions together — so one
dump of ~9,000 schemas (41 tables and ~40 sequences each) needs it far above the default 64
(deploy/SCALING.md §2). Counted here: tables, partitioned tables, sequences, views,
materialized views and foreign tables outside the system schemas — every kind pg_dump locks
in some release, so the figure errs high, never low. The capacity errs low the same way:
PostgreSQL sizes the table by all backend slots (autovacuum and WAL senders too) and can
borrow spare shared memory, so a dump may still pass a little beyond it.
"""

import math
import time
from dataclasses import dataclass

from django.db import connection, transaction

#: Headroom over the dump's own locks: the other sessions hold some of the table meanwhile.
HEADROOM = 1.25
#: Readiness keeps one count this long per process: counting scans pg_class (1.85 M rows at
#: 9,000 municipalities); the count changes only when municipalities are added.
CACHE_SECONDS = 600
#: Readiness only: under the probe's 3 s timeout. backup_check counts without one — the count
#: scans pg_class (measured: 0.24 s at 1,000 municipalities under load 12, 0.79 s at 9,000
#: under load 5), so a loaded server at country scale comes near the limit.
COUNT_TIMEOUT_MS = 2000

_COUNT = """
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema')
       AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
"""


@dataclass(frozen=True)
class LockBudget:
    """The locks a whole-database dump takes and the server's shared lock table."""

    needed: int
    max_locks_per_transaction: int
    max_connections: int
    max_prepared_transactions: int

    @property
    def slots(self) -> int:
        return self.max_connections + self.max_prepared_transactions

    @property
    def capacity(self) -> int:
        return self.max_locks_per_transaction * self.slots

    @property
    def enough(self) -> bool:
        return self.needed * HEADROOM <= self.capacity

    @property
    def recommended(self) -> int:
        """The smallest max_locks_per_transaction with the headroom, never below today's."""
        return max(self.max_locks_per_transaction,
                   math.ceil(self.needed * HEADROOM / max(self.slots, 1)))


def lock_budget(*, timeout_ms: int | None = COUNT_TIMEOUT_MS) -> LockBudget:
    """Count now (one scan of pg_class) and read the server's settings; the count gives up
    after ``timeout_ms`` (None: the session's own statement timeout)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if timeout_ms is not None:
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        cursor.execute(_COUNT)
        needed = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('max_locks_per_transaction')::int, "
                       "current_setting('max_connections')::int, "
                       "current_setting('max_prepared_transactions')::int")
        locks, connections, prepared = cursor.fetchone()
    return LockBudget(needed, locks, connections, prepared)


_cached: tuple[float, LockBudget | Exception] | None = None


def lock_budget_cached(*, now=time.monotonic) -> LockBudget:
    """lock_budget(), counted at most once per CACHE_SECONDS in this process — a count that
    failed (timed out) too, so a slow catalogue never slows every probe."""
    global _cached
    if _cached is None or now() - _cached[0] > CACHE_SECONDS:
        try:
            _cached = (now(), lock_budget())
        except Exception as error:
            _cached = (now(), error)
    if isinstance(_cached[1], Exception):
        raise _cached[1]
    return _cached[1]


def cache_clear() -> None:
    global _cached
    _cached = None
