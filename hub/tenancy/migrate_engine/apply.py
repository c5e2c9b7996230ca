"""Bring schemas up to the template: each in one transaction, over a few parallel connections."""

import dataclasses
import logging
import queue
import threading
import time

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model

from hub.tenancy.migrate_engine.capture import PYTHON, Capture
from hub.tenancy.schemas import quote

logger = logging.getLogger(__name__)

MIGRATED, CURRENT, STOCK = "migrated", "current", "stock"
# A backend caches the catalog entries of every relation it touches; over thousands of
# schemas one connection's memory only grows. A fresh one after this many schemas.
SCHEMAS_PER_CONNECTION = 500


@dataclasses.dataclass
class Result:
    migrated: list[str] = dataclasses.field(default_factory=list)
    current: list[str] = dataclasses.field(default_factory=list)
    stock: list[str] = dataclasses.field(default_factory=list)  # need Django's executor
    failed: dict[str, str] = dataclasses.field(default_factory=dict)
    waited: set[str] = dataclasses.field(default_factory=set)  # failed on the lock timeout


def _content_types_sql(template: str) -> str:
    """Adds the template's content types a schema lacks (what `migrate` creates for new models)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app_label, model FROM {quote(template)}.django_content_type")  # noqa: S608
        rows = cursor.fetchall()
    if not rows:
        return ""
    values = ", ".join(["(%s, %s)"] * len(rows))
    return connection.ops.compose_sql(
        f"INSERT INTO django_content_type (app_label, model) SELECT v.a, v.m FROM "  # noqa: S608
        f"(VALUES {values}) AS v(a, m) WHERE NOT EXISTS (SELECT 1 FROM django_content_type c "
        "WHERE c.app_label = v.a AND c.model = v.m)",
        [value for row in rows for value in row])


@dataclasses.dataclass
class Plan:
    """What every schema gets, prepared once."""

    capture: Capture
    fingerprint: str
    content_types_sql: str
    tenant_table: str
    lock_timeout_ms: int = 0  # 0: wait for table locks as long as it takes

    def fingerprint_sql(self, schema: str) -> str:
        return connection.ops.compose_sql(
            f"UPDATE {self.tenant_table} SET migrations_fingerprint = %s "  # noqa: S608
            "WHERE schema_name = %s", [self.fingerprint, schema])


def plan_make(capture: Capture, fingerprint: str, template: str) -> Plan:
    model = get_tenant_model()
    table = f"{quote(get_public_schema_name())}.{connection.ops.quote_name(model._meta.db_table)}"
    return Plan(capture=capture, fingerprint=fingerprint,
                content_types_sql=_content_types_sql(template), tenant_table=table,
                lock_timeout_ms=round(settings.TENANT_MIGRATION_LOCK_TIMEOUT * 1000))


def schema_apply(name: str, plan: Plan) -> str:
    """Give one schema the migrations it lacks, in one transaction: all of them or nothing.

    Reads only the schema's own django_migrations; the rest is the template's SQL. Returns
    MIGRATED, CURRENT (nothing lacking; fingerprint recorded) or STOCK (it lacks migrations
    older than the capture — Django's executor must run there; nothing was done).
    """
    capture = plan.capture
    connection.set_schema(name)
    with transaction.atomic(), connection.cursor() as cursor:
        # Qualified: if this schema had no such table, public's must not be read instead.
        cursor.execute(f"SELECT app, name FROM {quote(name)}.django_migrations")  # noqa: S608
        applied = set(cursor.fetchall())

        def done(step):
            return step.key in applied or all(record in applied for record in step.records)

        # Said again for this transaction alone, in front of every batch: the statements are
        # unqualified and must land in this schema whatever the connection did before.
        # An ALTER TABLE queued behind a long request would stall every later query on that
        # table meanwhile: give up after a while, try the schema again later.
        search_path = (f"SET LOCAL lock_timeout = {int(plan.lock_timeout_ms)};\n"
                       f"SET LOCAL search_path TO {quote(name)}, {quote(get_public_schema_name())}")
        lacking = [step for step in capture.steps if not done(step)]
        known = {key for step in capture.steps for key in (step.key, *step.records)}
        if any(key not in applied and key not in known for key in capture.nodes):
            return STOCK
        batch: list[str] = [search_path]
        for step in lacking:
            if step.kind != PYTHON:
                batch.extend(step.statements)
                continue
            cursor.execute(";\n".join(batch))
            batch = [search_path]
            # A data migration runs here, in this schema, on states rendered once.
            with connection.schema_editor(atomic=False) as editor:
                for operation, before, after in step.rendered():
                    operation.database_forwards(step.app_label, editor, before, after)
        records = [record for step in lacking for record in step.records]
        if records:
            batch.append(connection.ops.compose_sql(
                "INSERT INTO django_migrations (app, name, applied) VALUES "  # noqa: S608 — placeholders only
                + ", ".join(["(%s, %s, now())"] * len(records)),
                [value for record in records for value in record]))
            if plan.content_types_sql:
                batch.append(plan.content_types_sql)
        batch.append(plan.fingerprint_sql(name))
        cursor.execute(";\n".join(batch))
    return MIGRATED if lacking else CURRENT


def _one(name: str, plan: Plan, result: Result, lock: threading.Lock) -> None:
    try:
        outcome = schema_apply(name, plan)
    except Exception as error:  # one schema's failure must not stop the others
        logger.warning("Schema %s was not migrated (left as it was): %s", name, error)
        with lock:
            result.failed[name] = f"{type(error).__name__}: {error}".strip()
            if isinstance(error.__cause__, psycopg.errors.LockNotAvailable):
                result.waited.add(name)
        return
    with lock:
        getattr(result, outcome).append(name)


def schemas_apply(names: list[str], plan: Plan, *, workers: int = 1,
                  progress=None) -> Result:
    """Apply ``plan`` to every schema named, ``workers`` connections at a time; the schemas
    that gave up waiting for a table lock are tried once more at the end.

    With one worker it runs on the caller's connection (inside the caller's transaction, if
    any: each schema is then a savepoint). With more, each thread opens its own connection.
    """
    result = _pass(names, plan, workers, progress)
    if result.waited:
        again = _pass(sorted(result.waited), plan, workers, None)
        for name in result.waited:
            del result.failed[name]
        for outcome in ("migrated", "current", "stock"):
            getattr(result, outcome).extend(getattr(again, outcome))
        result.failed.update(again.failed)
        result.waited = again.waited
    return result


def _pass(names, plan, workers, progress) -> Result:
    result, lock = Result(), threading.Lock()
    started = time.perf_counter()
    total = len(names)

    def report():
        if progress is not None:
            finished = len(result.migrated) + len(result.current) + len(result.stock) + \
                len(result.failed)
            if finished % SCHEMAS_PER_CONNECTION == 0 or finished == total:
                progress(finished, total, time.perf_counter() - started)

    if workers <= 1 or total <= 1:
        for name in names:
            _one(name, plan, result, lock)
            report()
        connection.set_schema_to_public()
        return result
    work: queue.SimpleQueue = queue.SimpleQueue()
    for name in names:
        work.put(name)

    def worker():
        served = 0
        try:
            while True:
                try:
                    name = work.get_nowait()
                except queue.Empty:
                    return
                _one(name, plan, result, lock)
                with lock:
                    report()
                served += 1
                if served % SCHEMAS_PER_CONNECTION == 0:
                    connection.close()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, name=f"migrate-{i}", daemon=True)
               for i in range(min(workers, total))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connection.set_schema_to_public()
    return result
