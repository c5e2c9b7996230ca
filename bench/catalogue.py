"""Catalogue benchmark: public search and the HSDS /services page with 5,000 services.

    DATABASE_URL=... .venv/bin/python bench/catalogue.py [--services 5000] [--requests 1000]

Works in its own database (<database>_bench_catalogue, dropped and recreated), onboards one
SK municipality, fills its catalogue with N services (100 providers, one place with weekday
hours each, names with diacritics) and serves, in-process through the full middleware stack
(Django test client, host routing included, one thread):
- the public catalogue (/catalogue/) with a diacritics-free query from a fixed list
  ("domov dochodcov", "opatrovatelska", "nocl", …), 20 results a page;
- the same with a filter (target group + form) and no query;
- HSDS /hsds/services (50 a page, pages rotating) and /hsds/services/{id} (fully nested).
Prints requests per second (serial, one client) and p50/p95 latency per page, the search
query alone (the selector's SQL, p50/p95) and PostgreSQL's plan for one search, to show the
trigram index (catalogue_service_search_trgm) at work. The catalogue is filled through the
set-based CSV import (tabular.catalogue_import), 2,000 rows at a time.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
                    ).path.lstrip("/") + "_bench_catalogue"

QUERIES = ["domov dochodcov", "opatrovatelska", "nocl", "DENNE centrum", "poradenstvo",
           "sluzba 12", "charita", "banska bystrica", "utulok", "zariadenie pre seniorov"]
TYPES = ["sk-35", "sk-41", "sk-25", "sk-26", "sk-56", "sk-58", "sk-19", "sk-38", "sk-40",
         "sk-24d"]
NAMES = ["Domov dôchodcov", "Opatrovateľská služba", "Nocľaháreň", "Útulok", "Denné centrum",
         "Jedáleň", "Poradňa", "Domov sociálnych služieb", "Denný stacionár", "Komunitné centrum"]
GROUPS = ["seniors", "homeless", "families", "disability-physical", "crisis"]
FORMS = ["residential", "outpatient", "field", "outpatient", "residential"]


def _recreate_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    admin = urlsplit(url)._replace(path="/postgres").geturl().replace("postgres://",
                                                                      "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"))
    os.environ["DATABASE_URL"] = base._replace(path=f"/{BENCH_DB}").geturl()
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KOMPLAN_DEMO", "1")
    os.environ["CONN_MAX_AGE"] = "600"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("TENANT_SPARE_POOL_SIZE", "0")
    _recreate_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django_tenants.utils import tenant_context

    from hub.municipalities.services import municipality_create
    from tenants.catalogue import selectors, tabular
    from tenants.catalogue.models import Service

    setup_test_environment()
    call_command("deploy_migrate", verbosity=0)
    municipality = municipality_create(name="Bench Bystrica", slug="bench-cat", kind="town",
                                       country="SK")
    rng = random.Random(6)
    started = time.perf_counter()
    with tenant_context(municipality):
        rows = []
        for i in range(args.services):
            k = i % len(TYPES)
            rows.append((i + 2, {
                "provider_name": f"Charita č. {i % 100} Banská Bystrica",
                "provider_ico": f"{90000000 + i % 100}", "name": f"{NAMES[k]} – služba {i}",
                "service_type": TYPES[k], "form": FORMS[i % 5],
                "target_groups": f"{GROUPS[i % 5]}; {GROUPS[(i + 2) % 5]}",
                "capacities": f"{FORMS[i % 5]} {10 + i % 90} client", "registry_id": f"B{i:05d}",
                "description": "Ukážkový popis služby. " * 5, "address": f"Hlavná {i}",
                "town": "Banská Bystrica", "postal_code": "97401",
                "latitude": f"{48.7 + rng.random() / 10:.6f}",
                "longitude": f"{19.1 + rng.random() / 10:.6f}", "hours": "Po-Pi 08:00-15:30"}))
        for start in range(0, len(rows), 2000):
            done = tabular.catalogue_import(user=None, rows=rows[start:start + 2000],
                                            commit=True)
            assert done.committed, done.errors[:3]
        ids = [str(u) for u in Service.objects.values_list("uuid", flat=True)]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalogue_service")
        query_times = []
        for i in range(args.requests):
            t0 = time.perf_counter()
            list(selectors.services_public(query=QUERIES[i % len(QUERIES)])[:20])
            query_times.append(time.perf_counter() - t0)
        plan = selectors.services_public(query="nocl").explain().splitlines()
    fill = time.perf_counter() - started
    connection.set_schema_to_public()

    client = Client(HTTP_HOST="bench-cat.localhost")
    pages = {
        "public search /catalogue/?q=…": lambda i: f"/catalogue/?q={QUERIES[i % len(QUERIES)]}",
        "public filter /catalogue/?target_group=…&form=…":
            lambda i: f"/catalogue/?target_group={GROUPS[i % 5]}&form={FORMS[(i + 1) % 5]}",
        "HSDS /hsds/services?page=…": lambda i: f"/hsds/services?page={1 + i % 10}",
        "HSDS /hsds/services/{id}": lambda i: f"/hsds/services/{ids[i % len(ids)]}",
    }
    for path_for in pages.values():  # warm up: templates, connections, caches
        for i in range(20):
            assert client.get(path_for(i)).status_code == 200
    results = []
    for label, path_for in pages.items():
        latencies = []
        begun = time.perf_counter()
        for i in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(path_for(i))
            latencies.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path_for(i), response.status_code)
        rps = args.requests / (time.perf_counter() - begun)
        results.append((label, rps, statistics.median(latencies), p95(latencies)))
    sample = client.get("/hsds/services").json()
    assert sample["total_items"] == args.services and sample["size"] == 50

    print()
    print(f"Komplan catalogue benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}, "
          f"{args.services} services, {args.requests} requests per page, one client")
    print(f"(filling the catalogue through the set-based import: {fill:.1f} s)")
    print()
    print("| page | requests/s | p50 | p95 |")
    print("|---|---:|---:|---:|")
    for label, rps, med, high in results:
        print(f"| {label} | {rps:.0f} | {med * 1000:.1f} ms | {high * 1000:.1f} ms |")
    print(f"| search query alone (selector, first 20) | {len(query_times) / sum(query_times):.0f} "
          f"| {statistics.median(query_times) * 1000:.1f} ms | {p95(query_times) * 1000:.1f} ms |")
    print()
    print("EXPLAIN of the search for “nocl”:")
    for line in plan:
        print("    " + line)
    print("trigram index used:", any("catalogue_service_search_trgm" in line for line in plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
