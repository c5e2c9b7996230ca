"""Regional overview benchmark: a coordinator's overview page for a region of 200 municipalities.

Works in its own database (<database>_bench_regional, dropped and recreated). The read model
needs no tenant schemas, so the 200 municipalities are registry rows with read-model rows
written directly (figures_store, as the refresh worker does) — no schema per municipality.
Times the whole Django request in-process (middleware, session, two read-model queries,
medians/outliers, template) after a warm-up and prints p50 / p95 server time; target
(DESIGN.md): ≤ 50 ms.

    .venv/bin/python bench/regional.py [--municipalities 200] [--requests 300]
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
BENCH_DB = urlsplit(BASE_URL).path.lstrip("/") + "_bench_regional"


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _recreate_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("KOMPLAN_TESTING", "1")
    os.environ["CONN_MAX_AGE"] = "600"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from hub.accounts.models import CoordinatorAssignment, User
    from hub.municipalities.models import Municipality, Region
    from hub.regional.services import figures_store

    setup_test_environment()
    call_command("migrate_schemas", "--shared", verbosity=0)
    rng = random.Random(8)
    area = Region.objects.create(code="bench-kraj", name="Benchmarkový kraj", kind="region",
                                 country="SK")
    today = datetime.date.today()
    started = time.perf_counter()
    for i in range(args.municipalities):
        population = rng.randint(150, 80000)
        place = Municipality.objects.create(
            schema_name=f"m_bench{i}", slug=f"bench{i}", name=f"Obec {i:03d}", kind="village",
            country="SK", language="sk", population=population,
            population_65=population // 5 if i % 3 else None, region=area)
        types = {t: {"bed": rng.randint(0, 60)} for t in ("sk-35", "sk-36", "sk-38")}
        types["sk-41"] = {"client": rng.randint(0, 40)}
        figures_store(
            municipality=place, today=today, listing=None,
            sources={"plans": True, "participation": True, "catalogue": True},
            values={
                "services": rng.randint(0, 25), "capacity_by_type": types,
                "capacity_by_target_group": {"seniors": {"bed": rng.randint(0, 80)}},
                "senior_capacity": {"bed": rng.randint(0, 80)},
                "catalogue_updated_at": None,
                "plan_status": rng.choice(["in_force", "in_force", "draft", ""]),
                "plan_year_from": 2022, "plan_year_to": 2027,
                "plan_valid_to": datetime.date(rng.choice([2026, 2027, 2028]), 12, 31),
                "covered_years": [2022, 2023, 2024, 2025, 2026],
                "action_plan_years": rng.sample([2025, 2026, 2027], 2),
                "evaluation_years": [2024] + ([2025] if rng.random() < .6 else []),
                "fulfilment": rng.randint(0, 1000) / 10, "fulfilment_year": 2025,
                "public_comments": rng.randint(0, 40), "meetings_held_12m": rng.randint(0, 12),
                "group_members": rng.randint(0, 30),
            })
    print(f"made {args.municipalities} municipalities with read-model rows "
          f"in {time.perf_counter() - started:.1f} s (no tenant schemas)", flush=True)
    user = User.objects.create_user("bench.koordinator@komplan.test", "bench-pass-2026")
    CoordinatorAssignment.objects.create(user=user, area=area)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    results = []
    for label, path in (("overview", "/regions/bench-kraj/"),
                        ("overview sorted by fulfilment",
                         "/regions/bench-kraj/?sort=fulfilment&dir=desc"),
                        ("bar chart", "/regions/bench-kraj/charts/?figure=services"),
                        ("deadline watch", "/regions/bench-kraj/deadlines/"),
                        ("API", "/regions/api/areas/bench-kraj/"),
                        ("CSV export", "/regions/bench-kraj/export.csv")):
        for _ in range(20):  # warm-up: connections, templates, translations
            assert client.get(path).status_code == 200
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a, queries=queries: (queries.append(sql),
                                                                   execute(sql, *a))[1]):
            client.get(path)
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        results.append((label, statistics.median(times), percentile(times, .95), len(queries),
                        len(response.content)))
    print(f"\nRegional pages, {args.municipalities} municipalities, {args.requests} requests "
          f"each, in-process server time ({datetime.date.today()}):")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>9}")
    for label, p50, p95, nq, size in results:
        print(f"{label:32} {p50:8.1f} {p95:8.1f} {nq:8d} {size:9d}")
    overview = results[0]
    print(f"\noverview p95 {overview[2]:.1f} ms vs target 50 ms: "
          f"{'met' if overview[2] <= 50 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
