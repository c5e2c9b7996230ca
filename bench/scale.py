"""Country scale (issue #21.7): grow a database to N municipalities through the product's own
onboarding path, then print every scale figure at that N.

Growing is resumable: it counts the municipalities the database already has and adds the
rest, so one database grows across runs (1,000 → 3,000 → 9,000). Each step is what
production does: a spare is prepared by cloning the template (`schemas.spare_create`, what
the `spare_pool_refill` task runs), then `municipality_create` onboards a municipality by
renaming that spare. Both times are logged per step to a CSV next to the database name
(`.state/scale-<database>.csv`), so the onboarding and spare-preparation figures at N are
read from the last steps before N, whenever the measurement runs.

    .venv/bin/python bench/scale.py --database-url postgres://…/komplan_scale --to 9000
    .venv/bin/python bench/scale.py --database-url … --to 3000 --grow-only   # background
    .venv/bin/python bench/scale.py --database-url … --measure-only          # at today's N

It takes as long as it takes; it is not part of `make test` or `make bench`.
"""

import argparse
import contextlib
import csv
import importlib
import inspect
import itertools
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SLUG_PREFIX = "scale-"


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    # The bench prepares the spare itself, in the foreground, so that its time is measured;
    # no refill task is sent to a worker.
    os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()


def _ensure_database(database_url: str) -> None:
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    admin = urlsplit(database_url)._replace(path="/postgres").geturl().replace(
        "postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def log_path(database_url: str) -> Path:
    return ROOT / ".state" / f"scale-{urlsplit(database_url).path.lstrip('/')}.csv"


def grow(database_url: str, to: int, workers: int = 1) -> int:
    """Onboard municipalities until there are ``to``; returns how many there are.

    With ``workers`` > 1, that many processes onboard side by side (the numbers still
    missing, dealt out in turn), as several refill workers and onboardings would."""
    from django.core.management import call_command
    from django.db import connection

    from hub.municipalities.models import Municipality

    call_command("deploy_migrate", verbosity=0)
    have = set(Municipality.objects.filter(slug__startswith=SLUG_PREFIX)
               .values_list("slug", flat=True))
    missing = [n for n in range(1, to + 1) if f"{SLUG_PREFIX}{n:05d}" not in have]
    missing = missing[:max(0, to - Municipality.objects.count())]
    connection.close()
    if workers <= 1:
        _grow_numbers(database_url, missing, to)
    else:
        children = []
        for i in range(workers):
            pid = os.fork()
            if pid == 0:  # the child: its own connections (none are open now), its share
                code = 0
                try:
                    _grow_numbers(database_url, missing[i::workers], to, suffix=f".{i}")
                except BaseException:
                    import traceback

                    traceback.print_exc()
                    code = 1
                finally:
                    os._exit(code)
            children.append(pid)

        def stop(signum, _frame):  # stopping the parent stops the growing children too
            for child in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGTERM)
            raise SystemExit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
        if failed:
            raise SystemExit(f"{len(failed)} growing process(es) failed")
    return Municipality.objects.count()


def _grow_numbers(database_url: str, numbers: list[int], to: int, suffix: str = "") -> None:
    from django.db import connection

    from hub.municipalities.services import municipality_create
    from hub.tenancy import schemas

    path = log_path(database_url)
    path = path.with_name(path.stem + suffix + path.suffix)
    path.parent.mkdir(exist_ok=True)
    new_file = not path.exists()
    started = time.perf_counter()
    with path.open("a", newline="") as handle:
        out = csv.writer(handle)
        if new_file:
            out.writerow(["n", "spare_seconds", "onboard_seconds", "unix_time"])
        for done, n in enumerate(numbers, 1):
            t0 = time.perf_counter()
            schemas.spare_create()
            # spare_pool_refill closes the connection after each clone (a backend that clones
            # on and on grows); the same here.
            connection.close()
            t1 = time.perf_counter()
            municipality_create(name=f"Obec {n}", slug=f"{SLUG_PREFIX}{n:05d}", kind="village",
                                country="SK" if n % 2 else "CZ")
            t2 = time.perf_counter()
            connection.set_schema_to_public()
            out.writerow([n, f"{t1 - t0:.4f}", f"{t2 - t1:.4f}", f"{time.time():.0f}"])
            handle.flush()
            if done % 50 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"  …{suffix} {n}: {done} onboarded here, {rate:.2f}/s, "
                      f"{(len(numbers) - done) / rate / 60:.0f} min to go", flush=True)
    connection.close()


def _quantiles(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    if not values:
        return float("nan"), float("nan")
    return statistics.median(values), values[min(len(values) - 1, int(len(values) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), required=False)
    parser.add_argument("--to", type=int, default=0, help="grow to this many municipalities")
    parser.add_argument("--workers", type=int, default=1, help="processes onboarding side by side")
    parser.add_argument("--grow-only", action="store_true")
    parser.add_argument("--measure-only", action="store_true")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn figure")
    parser.add_argument("--http-and-hooks-only", action="store_true",
                        help="only the gunicorn figure and the hooks (--hooks)")
    parser.add_argument("--onboard-sample", type=int, default=20,
                        help="onboard this many more, one by one, for a quiet rename figure")
    parser.add_argument("--dump-timeout", type=float, default=300,
                        help="seconds before the plain pg_dump -n is stopped")
    parser.add_argument("--http-rounds", type=int, default=3)
    parser.add_argument("--http-seconds", type=float, default=10)
    parser.add_argument("--http-warmup", type=float, default=60)
    parser.add_argument("--hooks", default="migrate,backup,regional",
                        help="the other benchmarks' figures to take (comma-separated; '' none)")
    parser.add_argument("--old-sample", type=int, default=200,
                        help="schemas Django's executor migrates in the migrate hook "
                             "(× N beyond; 2–3 s a schema at 9,000)")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    _ensure_database(args.database_url)
    _setup(args.database_url)
    if not args.measure_only and args.to:
        n = grow(args.database_url, args.to, workers=args.workers)
        print(f"{n} municipalities", flush=True)
    if not args.grow_only:
        measure(args.database_url, http=not args.no_http, http_rounds=args.http_rounds,
                http_seconds=args.http_seconds, http_warmup=args.http_warmup,
                onboard_sample=args.onboard_sample, dump_timeout=args.dump_timeout,
                hooks=args.hooks, old_sample=args.old_sample,
                http_and_hooks_only=args.http_and_hooks_only)


PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _timed(fn, repeat: int = 1) -> float:
    """Median wall seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def onboarding_figures(database_url: str, n: int, last: int = 200) -> dict:
    """Onboarding (spare rename) and spare preparation from the last steps logged up to N."""
    rows = []
    path = log_path(database_url)
    for found in path.parent.glob(path.stem + "*" + path.suffix):  # one log per process
        with found.open() as handle:
            rows += [r for r in csv.DictReader(handle) if int(r["n"]) <= n]
    rows = sorted(rows, key=lambda r: int(r["n"]))[-last:]
    onboard = [float(r["onboard_seconds"]) for r in rows]
    spare = [float(r["spare_seconds"]) for r in rows]
    p50, p95 = _quantiles(onboard)
    s50, s95 = _quantiles(spare)
    return {"steps": len(rows), "onboard_p50": p50, "onboard_p95": p95,
            "spare_p50": s50, "spare_p95": s95,
            "spare_mean": statistics.fmean(spare) if spare else float("nan")}


def onboarding_sample(count: int) -> dict:
    """Onboard ``count`` more municipalities one after another, each from a spare made
    beforehand, so the rename is timed without clones running beside it (the growing
    figures above are taken while other processes clone)."""
    from django.db import connection

    from hub.municipalities.models import Municipality
    from hub.municipalities.services import municipality_create
    from hub.tenancy import schemas

    for _ in range(count):
        schemas.spare_create()
        connection.close()
    taken = set(Municipality.objects.filter(slug__startswith=SLUG_PREFIX + "x")
                .values_list("slug", flat=True))
    times, number = [], 0
    while len(times) < count:
        number += 1
        slug = f"{SLUG_PREFIX}x{number:05d}"
        if slug in taken:
            continue
        started = time.perf_counter()
        municipality_create(name=f"Obec x{number}", slug=slug, kind="village", country="SK")
        times.append(time.perf_counter() - started)
        connection.set_schema_to_public()
    p50, p95 = _quantiles(times)
    return {"p50": p50, "p95": p95, "count": count}


def catalogue_figures() -> dict:
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        relations = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database()), "
                       "pg_size_pretty(pg_database_size(current_database()))")
        size, pretty = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'spare\\_%'")
        spares = cursor.fetchone()[0]
    return {"pg_class": relations, "db_bytes": size, "db_size": pretty, "spares": spares}


def user_row_figures() -> dict:
    """What a public table referenced from every schema costs: the triggers on accounts_user,
    and one sign-in's UPDATE and one user's DELETE (constraints checked at once), both
    rolled back."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'accounts_user'::regclass")
        triggers = cursor.fetchone()[0]
        with transaction.atomic():
            user_id = get_user_model().objects.create(email="scale@bench.invalid").pk
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            update = _timed(lambda: cursor.execute(
                "UPDATE accounts_user SET last_login = now() WHERE id = %s", [user_id]), repeat=3)
            delete = _timed(lambda: cursor.execute(
                "DELETE FROM accounts_user WHERE id = %s", [user_id]))
            transaction.set_rollback(True)
    return {"triggers": triggers, "update": update, "delete": delete}


def deploy_migrate_seconds() -> float:
    from django.core.management import call_command

    return _timed(lambda: call_command("deploy_migrate", verbosity=0))


def pg_dump_one_seconds(database_url: str, schema: str, *, options: str = "",
                        timeout: float = 600) -> float | None:
    """Wall seconds of `pg_dump -n` one schema; None past ``timeout``.

    pg_dump 15 reads the dependencies of every materialized view in the database with one
    query whose plan (a nested loop over all of pg_depend) grows with the catalogue; with
    ``options="-c enable_nestloop=off"`` (PGOPTIONS) the same dump takes a fraction of it."""
    url = database_url.replace("postgres://", "postgresql://", 1)
    env = dict(os.environ, PGOPTIONS=options)
    started = time.perf_counter()
    try:
        subprocess.run([str(PG_BIN / "pg_dump"), "-n", schema, "-f", os.devnull, "-d", url],
                       check=True, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        from django.db import connection

        with connection.cursor() as cursor:  # its query would run on without the client
            cursor.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND application_name = 'pg_dump'")
        return None
    return time.perf_counter() - started


def table_list_seconds(schema: str) -> float:
    """Django's introspection query as it runs per schema (stock migrate_schemas does)."""
    from django.db import connection

    connection.set_schema(schema)
    with connection.cursor() as cursor:
        seconds = _timed(lambda: connection.introspection.get_table_list(cursor), repeat=3)
    connection.set_schema_to_public()
    return seconds


def http_ratio(database_url: str, rounds: int, seconds: float, warmup: float,
               connections: int) -> dict:
    """Tenant home page req/s, host rotating over every municipality ÷ one fixed schema,
    over HTTP with gunicorn — bench/routing.py's servers and client, on this database."""
    from bench import routing
    from hub.municipalities.models import Domain, Municipality

    routing.BASE_URL = database_url
    routing.BENCH_DB = urlsplit(database_url).path.lstrip("/")
    hosts = list(Domain.objects.filter(is_primary=True).order_by("pk")
                 .values_list("domain", flat=True))
    first = Municipality.objects.order_by("pk").values_list("schema_name", flat=True).first()
    # The home page's content cache (tenants/portal/home_cache.py) on, and off: off is what a
    # municipality's first look after a write or after KOMPLAN_HOME_CACHE_SECONDS costs.
    # One rotation a server, kept across rounds (each round goes on where the last stopped).
    off = {"KOMPLAN_HOME_CACHE_SECONDS": "0"}
    setups = {"rotating": ("hub.settings", itertools.cycle(hosts), {}),
              "single": ("bench.settings_single", hosts[:1], {"BENCH_FIXED_SCHEMA": first}),
              "rotating, not cached": ("hub.settings", itertools.cycle(hosts[::-1]), off),
              "single, not cached": ("bench.settings_single", hosts[:1],
                                     {"BENCH_FIXED_SCHEMA": first, **off})}
    tags = {name: name.replace(", not cached", "-uncached") for name in setups}
    servers = {name: routing.start_server(module, 3, 4, env, tags[name])
               for name, (module, _hosts, env) in setups.items()}
    meters = {name: routing.CpuMeter(process.pid, f"komplan-bench-{tags[name]}")
              for name, (process, _port) in servers.items()}
    rows = []
    try:
        # The rotating servers' warm-up passes over every municipality at least once: each
        # web process then has met every host (and, cached, every home page) — the steady
        # state of a rotation. Time alone was not enough at 9,000: uncached, 60 s answered
        # ~5,000 hosts, so the measured rounds went on into pages never built before.
        for name, (_process, port) in servers.items():
            rotating = name.startswith("rotating")
            routing.load(port, setups[name][1], warmup if rotating else 10, connections,
                         at_least=len(hosts) if rotating else 0)
        for _ in range(rounds):
            row = {}
            for name, (_process, port) in servers.items():
                before = meters[name].snapshot()
                row[name] = routing.load(port, setups[name][1], seconds, connections)
                row[name]["per_cpu"] = row[name]["requests"] / routing.cpu_used(
                    before, meters[name].snapshot())
            rows.append(row)
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=30)
    ratios = [r["rotating"]["rps"] / r["single"]["rps"] for r in rows]
    per_cpu = [r["rotating"]["per_cpu"] / r["single"]["per_cpu"] for r in rows]
    return {"ratio": statistics.median(ratios), "low": min(ratios), "high": max(ratios),
            "cpu_ratio": statistics.median(per_cpu), "cpu_low": min(per_cpu),
            "cpu_high": max(per_cpu),
            "rotating_rps": statistics.median(r["rotating"]["rps"] for r in rows),
            "single_rps": statistics.median(r["single"]["rps"] for r in rows),
            "rotating_p95": statistics.median(r["rotating"]["p95"] for r in rows),
            "uncached_ratio": statistics.median(
                r["rotating, not cached"]["rps"] / r["single, not cached"]["rps"] for r in rows),
            "uncached_cpu_ratio": statistics.median(
                r["rotating, not cached"]["per_cpu"] / r["single, not cached"]["per_cpu"]
                for r in rows),
            "uncached_rps": statistics.median(r["rotating, not cached"]["rps"] for r in rows),
            "uncached_single_rps": statistics.median(r["single, not cached"]["rps"]
                                                     for r in rows),
            "rounds": rounds}


BENCH_TASK = "bench.scale.nothing"


def fanout_figures() -> dict:
    """The nightly dispatcher's own work for every municipality: since the outbox (workers/
    fanout.py) it records one due row a municipality and sends nothing itself — the sweeper
    sends each minute's slice. Timed here is that recording; the rows are deleted again (a
    sweeper on this database would otherwise send a task nobody registered), and nothing is
    sent to the broker (fan_out_task would queue a sweep on whatever Redis REDIS_URL names)."""
    import uuid

    from django.conf import settings

    from workers.fanout import fan_out
    from workers.models import Dispatch

    run = f"scale-bench-{uuid.uuid4().hex[:8]}"
    try:
        started = time.perf_counter()
        sent = fan_out(task_name=BENCH_TASK, window=settings.FANOUT_WINDOW_SECONDS, run=run)
        seconds = time.perf_counter() - started
        recorded = Dispatch.objects.filter(task_name=BENCH_TASK).count()
    finally:
        Dispatch.objects.filter(task_name=BENCH_TASK).delete()
    return {"sent": sent, "seconds": seconds, "depth": recorded}


def nightly_work(sample: int = 30) -> dict:
    """What each municipality's nightly tasks cost in a worker, timed in-process over a
    sample spread across all municipalities (each in a transaction that is rolled back, so
    nothing is queued): the regional refresh and the documents' due check."""
    from django.db import connection, transaction
    from django_tenants.utils import tenant_context

    from hub.municipalities.models import Municipality
    from hub.regional.services import figures_refresh
    from tenants.documents.services import documents_regenerate_due

    pks = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    picked = list(Municipality.objects.filter(pk__in=pks[:: max(1, len(pks) // sample)][:sample]))
    regional, documents = [], []
    for municipality in picked:
        with transaction.atomic():
            started = time.perf_counter()
            figures_refresh(municipality=municipality)
            regional.append(time.perf_counter() - started)
            with tenant_context(municipality):
                started = time.perf_counter()
                documents_regenerate_due()
                documents.append(time.perf_counter() - started)
            transaction.set_rollback(True)
        connection.set_schema_to_public()
    return {"regional_p50": statistics.median(regional),
            "documents_p50": statistics.median(documents), "sample": len(picked)}


def _hook(module: str, function: str, **context):
    """Another helper's measurement, when its code is on this branch; else a sentence.

    It is given those of ``context`` (database_url, schema, n) its signature names."""
    try:
        found = getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        return "not available on this branch"
    try:
        parameters = inspect.signature(found).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
        return found(**{k: v for k, v in context.items() if takes_any or k in parameters})
    except Exception as error:  # one failing figure must not lose the others
        return f"failed: {type(error).__name__}: {error}"


def measure(database_url: str, *, http: bool = True, http_rounds: int = 3,
            http_seconds: float = 10, http_warmup: float = 60, connections: int = 8,
            onboard_sample: int = 20, dump_timeout: float = 300,
            hooks: str = "migrate,backup,regional", old_sample: int = 200,
            http_and_hooks_only: bool = False) -> None:
    """Print the scale table at the database's current N (``http_and_hooks_only``: the
    request path and the hooks, not the database's own figures)."""
    from hub.municipalities.models import Municipality

    n = Municipality.objects.count()
    first = Municipality.objects.order_by("pk").values_list("schema_name", flat=True).first()
    rows: list[tuple[str, str]] = []
    context = {"database_url": database_url, "schema": first, "n": n, "old_sample": old_sample}
    wanted = {h.strip() for h in hooks.split(",") if h.strip()}

    def row(label, value):
        rows.append((label, value))
        print(f"  {label}: {value}", flush=True)

    if not http_and_hooks_only:
        _database_figures(database_url, n, first, row, onboard_sample, dump_timeout)
    _http_and_hooks(database_url, n, context, wanted, row, http, http_rounds, http_seconds,
                    http_warmup, connections)
    load1, load5, _ = os.getloadavg()
    print()
    print(f"Scale at N = {n:,} municipalities — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, load average {load1:.1f} / {load5:.1f} (1 / 5 min)")
    print()
    print(f"| figure | at {n:,} |")
    print("|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


def _database_figures(database_url, n, first, row, onboard_sample, dump_timeout) -> None:
    """Onboarding, the catalogue, pg_dump, the user row and the nightly work at N."""
    figures = onboarding_figures(database_url, n)
    row("onboarding by spare rename, p50 / p95",
        f"{figures['onboard_p50'] * 1000:.0f} / {figures['onboard_p95'] * 1000:.0f} ms "
        f"(last {figures['steps']} onboardings while growing)")
    row("spare preparation (template clone) per schema, p50 / p95",
        f"{figures['spare_p50'] * 1000:.0f} / {figures['spare_p95'] * 1000:.0f} ms "
        "(while growing)")
    if onboard_sample:
        sample = onboarding_sample(onboard_sample)
        row("onboarding by spare rename, nothing else cloning, p50 / p95",
            f"{sample['p50'] * 1000:.0f} / {sample['p95'] * 1000:.0f} ms "
            f"({sample['count']} in a row)")
    row("`deploy_migrate` with nothing new", f"{deploy_migrate_seconds():.2f} s")
    user = user_row_figures()
    row("triggers on `accounts_user`; one sign-in's UPDATE / one user's DELETE",
        f"{user['triggers']:,}; {user['update'] * 1000:.1f} / {user['delete'] * 1000:.1f} ms")
    cat = catalogue_figures()
    row("rows in `pg_class`", f"{cat['pg_class']:,}")
    row("database size", cat["db_size"])
    tuned = pg_dump_one_seconds(database_url, first, options="-c enable_nestloop=off")
    row("`pg_dump -n` one schema, PGOPTIONS='-c enable_nestloop=off'", f"{tuned:.1f} s"
        if tuned is not None else "over 600 s")
    plain = pg_dump_one_seconds(database_url, first, timeout=dump_timeout)
    row("`pg_dump -n` one schema, as it comes", f"{plain:.1f} s" if plain is not None
        else f"over {dump_timeout:.0f} s (stopped)")
    row("Django `get_table_list` in one schema (median of 3)",
        f"{table_list_seconds(first) * 1000:.0f} ms")
    fan = fanout_figures()
    row("nightly fan-out: recording the outbox rows / rows recorded",
        f"{fan['seconds']:.1f} s / {fan['depth']:,} (for {fan['sent']:,} municipalities)")
    work = nightly_work()
    per_night = (work["regional_p50"] + work["documents_p50"]) * n
    row("nightly work per municipality: regional refresh / documents' due check (p50 of "
        f"{work['sample']}, in-process; these municipalities have never generated a document, "
        "so every check finds work: an upper bound)",
        f"{work['regional_p50'] * 1000:.0f} / {work['documents_p50'] * 1000:.0f} ms → "
        f"{per_night / 60:.0f} worker-minutes a night for {n:,}")


def _http_and_hooks(database_url, n, context, wanted, row, http, http_rounds, http_seconds,
                    http_warmup, connections) -> None:
    """The request path over HTTP, then the other benchmarks' figures (hooks)."""
    if http:
        try:
            h = http_ratio(database_url, http_rounds, http_seconds, http_warmup, connections)
            row("tenant home page req/s, rotating ÷ single (HTTP, gunicorn -w 3 --threads 4, "
                f"{connections} connections)",
                f"**{h['ratio']:.2f}** ({h['low']:.2f}–{h['high']:.2f} over {h['rounds']} rounds; "
                f"{h['rotating_rps']:.0f} vs {h['single_rps']:.0f} req/s, rotating p95 "
                f"{h['rotating_p95'] * 1000:.0f} ms); per CPU-second **{h['cpu_ratio']:.2f}** "
                f"({h['cpu_low']:.2f}–{h['cpu_high']:.2f})")
            row("the same with the home page's content cache off (KOMPLAN_HOME_CACHE_SECONDS=0"
                ": every request reads the municipality's schema)",
                f"**{h['uncached_ratio']:.2f}**; {h['uncached_rps']:.0f} vs "
                f"{h['uncached_single_rps']:.0f} req/s; per CPU-second "
                f"{h['uncached_cpu_ratio']:.2f}")
        except Exception as error:
            row("tenant home page rotating ÷ single", f"failed: {error}")
    if "migrate" in wanted:
        row("one new migration over every schema (bench/migrate.py)",
            _format(_hook("bench.migrate", "measure_new_migration", **context)))
    if "backup" in wanted:
        row("one municipality exported and restored (bench/backup.py)",
            _format(_hook("bench.backup", "measure_one_municipality", **context)))
    if "regional" in wanted:
        row(f"regional overview and JSON, {n:,} read-model rows (bench/regional.py)",
            _format(_hook("bench.regional", "measure_overview", **context)))


def _format(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} {item:.3g}" if isinstance(item, float) else f"{key} {item}"
                         for key, item in value.items())
    if isinstance(value, float):
        return f"{value:.2f} s"
    return str(value)


if __name__ == "__main__":
    main()
