"""Regional pages at country scale: a coordinator's overview, its JSON, charts and exports over
a Středočeský-kraj-sized region (1,144 municipalities) and the whole country (9,000), and the
platform's home page over the same rows.

Works in its own database (<database>_bench_regional, dropped and recreated). The read model
needs no tenant schemas, so each area is registry rows plus read-model rows inserted in bulk
(hub/regional/synthetic.py) — no schema per municipality. Times the whole Django request
in-process (middleware, session, the read-model queries, template), after a warm-up, and
prints p50 / p95 server time, queries and bytes per page; exports are timed until their last
streamed byte. Target (issue #21): the overview ≤ 50 ms p95 at 9,000 rows.

    .venv/bin/python bench/regional.py [--sizes 1144,9000] [--requests 200]

``measure(count, requests)`` does one size in whatever database Django is set up on (it
builds its own region and removes it again): bench/scale.py calls it.
"""

import argparse
import contextlib
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
BENCH_DB = urlsplit(BASE_URL).path.lstrip("/") + "_bench_regional"
TARGET_MS = 50


def _recreate_database() -> str:
    import psycopg

    parts = urlsplit(BASE_URL)
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return parts._replace(path=f"/{BENCH_DB}").geturl()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _pages(code: str, prefix: str) -> list[tuple[str, str, int]]:
    """(label, path, how many requests as a share of --requests: exports are slow by nature)."""
    area = f"/regions/{code}"
    return [
        ("overview", f"{area}/", 1),
        ("overview, summary not cached", f"{area}/", -1),
        ("JSON, summary not cached", f"/regions/api/areas/{code}/", -1),
        ("overview sorted by a capacity rate", f"{area}/?sort=capacity_per_1000:beds&dir=desc", 1),
        ("overview, page 20", f"{area}/?sort=fulfilment&page=20", 1),
        ("overview filtered (okres + name)", f"{area}/?unit=D{8 % 1000}01&q=zdar", 1),
        ("JSON, 50 a page", f"/regions/api/areas/{code}/", 1),
        ("JSON, page 10 sorted", f"/regions/api/areas/{code}/?sort=services&page=10", 1),
        ("chart (histogram + ends)", f"{area}/charts/?figure=public_comments", 1),
        ("profile of one municipality", f"{area}/municipalities/{prefix}7/", 1),
        ("deadline watch, first page", f"{area}/deadlines/", 1),
        ("deadline watch, check page 20 by day", f"{area}/deadlines/?check=no_plan&sort=due"
                                                 f"&dir=desc&page=20", 1),
        ("deadline watch filtered (okres + name)", f"{area}/deadlines/?unit=D{8 % 1000}01"
                                                   f"&q=zdar", 1),
        ("deadline JSON, 50 a page", f"/regions/api/areas/{code}/deadlines/?page=3", 1),
        ("gaps tab, 50 a page", f"{area}/gaps/", 1),
        ("gaps tab, summary not cached", f"{area}/gaps/", -1),
        ("gaps tab, one type by gap, page 20", f"{area}/gaps/?type=sk-35&sort=gap&page=20", 1),
        ("gaps tab filtered (okres + name)", f"{area}/gaps/?unit=D{8 % 1000}01&q=zdar", 1),
        ("gaps JSON, 50 a page", f"/regions/api/areas/{code}/gaps/?sort=name&page=3", 1),
        ("gaps CSV export, whole area", f"{area}/gaps/export.csv", 10),
        ("gaps XLSX export, whole area", f"{area}/gaps/export.xlsx", 20),
        ("CSV export, whole area", f"{area}/export.csv", 10),
        ("XLSX export, whole area", f"{area}/export.xlsx", 20),
        ("platform home page", "/", 1),
        ("platform home, search", "/?q=zdar", 1),
        ("platform home, page 100", "/?page=100", 1),
    ]


def profile(client, path: str, out=print) -> None:
    """One warm request to ``path``: its queries with their times, then where the rest of the
    time goes (cProfile, the 25 costliest functions by own time)."""
    import cProfile
    import io
    import pstats

    from django.db import connection

    for _ in range(5):
        _body(client.get(path))
    timed = []

    def record(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - t0) * 1000, sql))

    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    with connection.execute_wrapper(record):
        profiler.enable()
        _body(client.get(path))
        profiler.disable()
    total = (time.perf_counter() - t0) * 1000
    out(f"{path}: {total:.1f} ms, {len(timed)} queries, {sum(t for t, _ in timed):.1f} ms in SQL")
    for ms, sql in timed:
        out(f"  {ms:7.2f} ms  {sql[:160]}")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(25)
    out(text.getvalue())


def _time(client, label: str, path: str, n: int) -> dict:
    from django.db import connection

    for _ in range(10 if n >= 20 else 2):  # warm-up: connections, templates, translations
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        _body(response)
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        size = len(_body(client.get(path)))
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        _body(client.get(path))
        times.append((time.perf_counter() - t0) * 1000)
    return {"label": label, "path": path, "p50_ms": statistics.median(times),
            "p95_ms": percentile(times, .95), "queries": len(queries), "bytes": size,
            "requests": n}


def measure(count: int, requests: int = 200, *, out=print, only: str = "",
            profile_label: str = "") -> list[dict]:
    """Build an area of ``count`` municipalities, time its pages, remove it again; one dict a
    page: label, path, p50_ms, p95_ms, queries, bytes, requests. ``only``: comma-separated
    label prefixes to time (e.g. "overview,JSON"), all pages when empty."""
    from django.db import connection
    from django.test import Client

    from hub.accounts.models import CoordinatorAssignment, User
    from hub.municipalities.models import Municipality, Region, TerritorialUnit
    from hub.regional import table
    from hub.regional.models import MunicipalityFigures, NetworkFigure
    from hub.regional.synthetic import network_build, region_build, region_remove

    code, prefix = f"bench-{count}", f"b{count}x"
    started = time.perf_counter()
    area = region_build(code=code, name=f"Benchmark {count}", country="CZ", count=count, seed=8,
                        districts=max(1, count // 95), prefix=prefix)
    rows = network_build(area)
    out(f"built {count} municipalities with read-model rows ({rows} network rows) in "
        f"{time.perf_counter() - started:.1f} s (bulk inserts, no tenant schemas)")
    user = None
    results = []
    try:  # from here on the area is removed again whatever fails (in a grown database too)
        with connection.cursor() as cursor:
            # Only the tables just filled: a database-wide ANALYZE in a database of 9,000
            # tenant schemas visits ~800,000 relations (bench/scale.py calls this there).
            tables = [model._meta.db_table for model in (
                Municipality, Region, TerritorialUnit, MunicipalityFigures, NetworkFigure)]
            cursor.execute("ANALYZE " + ", ".join(f'public."{table}"' for table in tables))
        user = (User.objects.filter(email=f"bench.{count}@komplan.test").first()
                or User.objects.create_user(f"bench.{count}@komplan.test", "bench-pass-2026"))
        CoordinatorAssignment.objects.create(user=user, area=area)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        wanted = tuple(p.strip() for p in only.split(",") if p.strip())
        for label, path, divisor in _pages(code, prefix):
            if wanted and not label.startswith(wanted):
                continue
            if profile_label:
                if label == profile_label:
                    profile(client, path, out=out)
                continue
            # "not cached": every request misses the summary cache (a new fingerprint each
            # time), as the first look at a filter or sort after the read model changed does.
            cold = mock.patch.object(table, "_fingerprint", lambda: uuid.uuid4().hex)
            with cold if divisor < 0 else contextlib.nullcontext():
                results.append(_time(client, label, path, max(5, requests // abs(divisor))))
            out(f"  {label}: p50 {results[-1]['p50_ms']:.1f} ms, "
                f"p95 {results[-1]['p95_ms']:.1f} ms")
    finally:
        # The account stays (deleting one cascades into tenant tables from public).
        if user is not None:
            CoordinatorAssignment.objects.filter(user=user).delete()
        region_remove(area)
    return results


def measure_overview(n: int, requests: int = 50, only: str = "overview,JSON",
                     **_context) -> dict:
    """bench/scale.py's hook: the overview and its JSON over an area of ``n`` read-model rows
    built in the database Django is set up on (and removed again); p50 / p95 ms a page."""
    results = measure(n, requests, out=lambda *_args: None, only=only)
    return {f"{r['label']} p50/p95 ms": f"{r['p50_ms']:.0f} / {r['p95_ms']:.0f}"
            for r in results}


def print_table(count: int, results: list[dict], out=print) -> None:
    out(f"\nRegional pages, {count} municipalities, in-process server time "
        f"({datetime.date.today()}, load {os.getloadavg()[0]:.1f}):")
    out(f"{'page':36} {'req':>5} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>10}")
    for r in results:
        out(f"{r['label']:36} {r['requests']:5d} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
            f"{r['queries']:8d} {r['bytes']:10d}")
    overview = next((r for r in results if r["label"].startswith("overview")), None)
    if overview is None:
        return
    out(f"overview p95 {overview['p95_ms']:.1f} ms vs target {TARGET_MS} ms: "
        f"{'met' if overview['p95_ms'] <= TARGET_MS else 'NOT met'}")


def _print(*args):
    print(*args, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1144,9000",
                        help="comma-separated numbers of municipalities")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="", help='label prefixes, e.g. "overview,JSON"')
    parser.add_argument("--profile", default="",
                        help='one page\'s label ("overview"): its queries and a profile')
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _recreate_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("KOMPLAN_TESTING", "1")
    os.environ["CONN_MAX_AGE"] = "600"

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate_schemas", "--shared", verbosity=0)
    for count in (int(s) for s in args.sizes.split(",")):
        results = measure(count, args.requests, out=_print, only=args.only,
                          profile_label=args.profile)
        if results:
            print_table(count, results, out=_print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
