"""Catalogue benchmark: public search and the HSDS /services page with 500 services.

    DATABASE_URL=... .venv/bin/python bench/catalogue.py [--services 500] [--requests 1000]

Works in its own database (<database>_bench_catalogue, dropped and recreated), onboards one
SK municipality, fills its catalogue with N services (100 providers, one place with weekday
hours each, names with diacritics) and serves, in-process through the full middleware stack
(Django test client, host routing included, one thread):
- the public catalogue (/catalogue/) with a diacritics-free query from a fixed list
  ("domov dochodcov", "opatrovatelska", "nocl", …), 20 results a page;
- the same with a filter (target group + form) and no query;
- HSDS /hsds/services (50 a page, pages rotating) and /hsds/services/{id} (fully nested).
Prints requests per second (serial, one client) and p50/p95 latency per page.
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
    parser.add_argument("--services", type=int, default=500)
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
    from tenants.catalogue import services
    from tenants.catalogue.models import Service

    setup_test_environment()
    call_command("deploy_migrate", verbosity=0)
    municipality = municipality_create(name="Bench Bystrica", slug="bench-cat", kind="town",
                                       country="SK")
    rng = random.Random(6)
    started = time.perf_counter()
    with tenant_context(municipality):
        providers = [services.provider_save(user=None, name=f"Charita č. {i} Banská Bystrica",
                                            ico=f"{90000000 + i}") for i in range(100)]
        for i in range(args.services):
            k = i % len(TYPES)
            services.service_save(
                user=None, provider=providers[i % 100], name=f"{NAMES[k]} – služba {i}",
                service_type=TYPES[k], form=FORMS[i % 5],
                target_groups=[GROUPS[i % 5], GROUPS[(i + 2) % 5]], capacity=10 + i % 90,
                capacity_unit="client", registry_id=f"B{i:05d}",
                description="Ukážkový popis služby. " * 5, areas=["Banská Bystrica"],
                locations=[{"address": f"Hlavná {i}", "town": "Banská Bystrica",
                            "postal_code": "97401", "latitude": f"{48.7 + rng.random() / 10:.6f}",
                            "longitude": f"{19.1 + rng.random() / 10:.6f}",
                            "hours": [{"weekday": d, "opens": "08:00", "closes": "15:30"}
                                      for d in range(5)]}])
        ids = [str(u) for u in Service.objects.values_list("uuid", flat=True)]
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
    print(f"(filling the catalogue through the services: {fill:.1f} s)")
    print()
    print("| page | requests/s | p50 | p95 |")
    print("|---|---:|---:|---:|")
    for label, rps, med, high in results:
        print(f"| {label} | {rps:.0f} | {med * 1000:.1f} ms | {high * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
