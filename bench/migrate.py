"""One new nullable AddField over N municipality schemas: Django's executor vs deploy_migrate.

The migration is written on the fly (tests/hub/tenancy/probe_migrations.py: the `common` app's
migrations copied to a temp package plus `9901_bench_probe`, on MIGRATION_MODULES) and taken
out again afterwards — column dropped, records deleted, fingerprints restored — so the
database is left as it was found.

- old: django-tenants' executor (what deploy_migrate ran before: `schemas_migrate`, its
  multiprocessing executor with TENANT_MIGRATION_PROCESSES), on the template and on a sample of
  the schemas (all of them up to ``old_sample``); per schema × N when sampled;
- new: `manage.py deploy_migrate` in this process, wall time over all N schemas, and the
  part of it spent replaying into the schemas (the rest is fixed: public, template).

    .venv/bin/python bench/migrate.py --schemas 200,1000      # own database <db>_migrate_bench
    measure_new_migration(n=…)   # from bench/scale.py, in its process, on its municipalities

In its own database it makes the schemas cheaply: clones of the template registered as
municipalities (not the onboarding path; bench/scale.py grows that way).
"""

import argparse
import os
import queue
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBE = "9901_bench_probe"
ADD_FIELD = '        migrations.AddField("targetgroup", "bench_probe", models.IntegerField(null=True)),'
UNDO = ("ALTER TABLE common_targetgroup DROP COLUMN IF EXISTS bench_probe; "
        f"DELETE FROM django_migrations WHERE app = 'common' AND name = '{PROBE}'")


def _parallel(names, work, workers: int) -> None:
    """``work(name)`` for every name, ``workers`` threads each on its own connection."""
    from django.db import connection

    todo: queue.SimpleQueue = queue.SimpleQueue()
    for name in names:
        todo.put(name)
    errors = []

    def run():
        try:
            while True:
                try:
                    name = todo.get_nowait()
                except queue.Empty:
                    return
                work(name)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _undo(names, workers: int) -> None:
    from django.db import connection, transaction

    from hub.tenancy.schemas import quote

    def one(name):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL search_path TO {quote(name)}; {UNDO}")

    _parallel(names, one, workers)


def _with_column(names) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                       "WHERE c.relname = 'common_targetgroup' AND a.attname = 'bench_probe' "
                       "AND NOT a.attisdropped AND c.relnamespace::regnamespace::text = ANY(%s)",
                       [list(names)])
        return cursor.fetchone()[0]


def grow(n: int, workers: int = 2) -> list[str]:
    """At least ``n`` municipalities: clones of the template, registered without onboarding."""
    from django.db import connection, transaction
    from django_tenants.utils import get_tenant_model

    from hub.tenancy import schemas

    model = get_tenant_model()
    have = model.objects.count()
    if have < n:
        fingerprint = schemas.migrations_fingerprint()
        names = [f"m_bench_{i:05d}" for i in range(have, n)]

        def clone(name):
            with transaction.atomic():
                schemas.template_clone(name)
                slug = name.removeprefix("m_").replace("_", "-")
                model.objects.create(name=slug, slug=slug, schema_name=name, kind="village",
                                     country="SK", language="sk",
                                     migrations_fingerprint=fingerprint)
            connection.close()  # a backend that clones on and on only grows (schemas.py)

        started = time.perf_counter()
        _parallel(names, clone, workers)
        print(f"  made {len(names)} schemas in {time.perf_counter() - started:.0f} s", flush=True)
    return list(model.objects.order_by("pk").values_list("schema_name", flat=True)[:n])


def measure_new_migration(n: int | None = None, schema_count: int | None = None, *,
                          old_sample: int = 200, **_context) -> dict:
    """Time one new nullable AddField over ``n`` schemas (all municipalities when None)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import get_tenant_model

    from hub.tenancy import schemas
    from hub.tenancy.migrate_engine import apply, capture
    from hub.tenancy.models import CapturedMigration, SpareSchema
    from tests.hub.tenancy.probe_migrations import ProbeMigrations

    n = schema_count or n
    model = get_tenant_model()
    call_command("deploy_migrate", verbosity=0)  # everything current before the probe
    names = grow(n) if n else list(model.objects.order_by("pk").values_list("schema_name",
                                                                              flat=True))
    n = len(names)
    template = settings.TENANT_TEMPLATE_SCHEMA
    workers = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
    before = schemas.migrations_fingerprint()
    sample = names[:old_sample]
    figures = {"schemas": n, "connections": workers}
    with tempfile.TemporaryDirectory() as folder, ProbeMigrations(Path(folder)) as probe:
        probe.add(PROBE, ADD_FIELD)
        try:
            started = time.perf_counter()
            schemas.schemas_migrate([template])
            schemas.schemas_migrate(sample)
            old = time.perf_counter() - started
            connection.set_schema_to_public()
            assert _with_column(sample) == len(sample), "the executor missed schemas"
            _undo([template, *sample], workers)
            figures["old_s"] = round(old, 1)
            figures["old_sampled"] = len(sample)
            figures["old_est_s"] = round(old / len(sample) * n) if sample else None

            replay = []
            real_apply = apply.schemas_apply

            def timed_apply(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return real_apply(*args, **kwargs)
                finally:
                    replay.append(time.perf_counter() - started)

            apply.schemas_apply = timed_apply
            try:
                started = time.perf_counter()
                call_command("deploy_migrate", verbosity=0)
                new = time.perf_counter() - started
            finally:
                apply.schemas_apply = real_apply
            # The rest of the wall time is fixed: public, the template, loading the code.
            figures["new_fixed_s"] = round(new - sum(replay), 1)
            figures["replay_s"] = round(sum(replay), 1)
            figures["replay_ms_per_schema"] = round(sum(replay) / n * 1000, 1) if n else None
            figures["new_s"] = round(new, 1)
            figures["new_est_9000_s"] = round(new - sum(replay) + sum(replay) / n * 9000) \
                if n else None
            figures["migrated"] = _with_column(names)
        finally:
            connection.set_schema_to_public()
            _undo([template, *names], workers)
            CapturedMigration.objects.filter(app="common", name=PROBE).delete()
            capture._MEMORY.clear()
    model.objects.filter(schema_name__in=names).update(migrations_fingerprint=before)
    SpareSchema.objects.filter(role=SpareSchema.Role.TEMPLATE).update(
        migrations_fingerprint=before)
    return figures


def _database_url() -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"))
    return parts._replace(path=parts.path + "_migrate_bench").geturl()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", default="200,1000", help="N, comma-separated, ascending")
    parser.add_argument("--old-sample", type=int, default=200,
                        help="schemas the old executor migrates (time × N / sample beyond it)")
    parser.add_argument("--database-url", default=None,
                        help="default: DATABASE_URL's database + _migrate_bench (kept, grows)")
    args = parser.parse_args()
    url = args.database_url or _database_url()
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlsplit(url)._replace(path="/postgres").geturl().replace("postgres://",
                                                                       "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    rows = []
    for n in (int(value) for value in args.schemas.split(",")):
        print(f"N = {n} …", flush=True)
        figures = measure_new_migration(n, old_sample=args.old_sample)
        print(f"  {figures}", flush=True)
        rows.append(figures)
    load1, load5, _ = os.getloadavg()
    print(f"\nOne new nullable AddField — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, load average {load1:.1f} / {load5:.1f} (1 / 5 min)\n")
    print("| schemas | old: Django's executor | new: deploy_migrate, wall | of which replay "
          "| replay per schema | new, scaled to 9,000 |")
    print("|---:|---:|---:|---:|---:|---:|")
    for f in rows:
        sampled = "" if f["old_sampled"] == f["schemas"] else \
            f" ({f['old_sampled']} schemas in {f['old_s']} s, × N)"
        print(f"| {f['schemas']:,} | {f['old_est_s']} s{sampled} | {f['new_s']} s "
              f"({f['connections']} connections) | {f['replay_s']} s | "
              f"{f['replay_ms_per_schema']} ms | {f['new_est_9000_s']} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
