"""Tenancy benchmarks (`make bench`): onboarding, no-op deploy and tenant page throughput.

Works in its own database (<database>_bench, e.g. komplan_bench, dropped and recreated) and prints a table:
- onboarding p50 at 10, 100 and 1,000 tenants — spare rename, template clone, and
  django-tenants' migrate-into-schema, each timed to "schema ready, first page served";
- deploy_migrate with no new migrations at the largest size (a fresh process, wall time),
  beside the stock `migrate_schemas --tenant` no-op per tenant;
- requests per second of a tenant home page with all tenants, rotating hosts, beside the
  same page served from one fixed schema with no host lookup (the single-schema baseline).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import database  # noqa: E402 — after the path is set

# Named after the configured database, so two checkouts on one server never share one.
BENCH_DB = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
                    ).path.lstrip("/") + "_bench"


def _bench_database_url() -> str:
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"))
    return parts._replace(path=f"/{BENCH_DB}").geturl()


def p50(values):
    return statistics.median(values)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="10,100,1000")
    parser.add_argument("--samples", type=int, default=7)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--throughput-only", action="store_true",
                        help="reuse the tenants of the last run; measure only the page rates")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]

    os.environ["DATABASE_URL"] = _bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
    os.environ["CONN_MAX_AGE"] = "600"
    if not args.throughput_only:
        database.recreate(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from hub.municipalities.models import Municipality
    from hub.municipalities.services import municipality_create
    from hub.tenancy import schemas

    setup_test_environment()
    rows, spare_prep = [], []
    deploy_noop = stock_per_tenant = stock_in_process = None
    if not args.throughput_only:
        call_command("deploy_migrate", verbosity=0)
        counter = iter(range(1, 10**6))

        def onboard(method: str) -> float:
            n = next(counter)
            slug = f"bench-{n:05d}"
            started = time.perf_counter()
            if method == "migrate":
                # django-tenants' own path: CREATE SCHEMA + every migration into it.
                name = f"m_bench_{n:05d}"
                with connection.cursor() as cursor:
                    cursor.execute(f'CREATE SCHEMA "{name}"')
                schemas.schemas_migrate([name])
                m = Municipality(name=f"Obec {n}", slug=slug, schema_name=name, kind="village",
                                 country="SK", language="sk",
                                 migrations_fingerprint=schemas.migrations_fingerprint())
                m.save()
                m.domains.create(domain=f"{slug}.localhost", is_primary=True)
            else:
                municipality_create(name=f"Obec {n}", slug=slug, kind="village", country="SK")
            response = Client(HTTP_HOST=f"{slug}.localhost").get("/")
            assert response.status_code == 200, response.status_code
            connection.set_schema_to_public()
            return time.perf_counter() - started

        for level in levels:
            while Municipality.objects.count() < level - 3 * args.samples:
                onboard("clone")
                connection.close()  # as in the worker: a backend that clones on and on slows down
            figures = {}
            for method in ("spare", "clone", "migrate"):
                times = []
                for _ in range(args.samples):
                    if method == "spare":
                        t0 = time.perf_counter()
                        schemas.spare_pool_refill(size=1)
                        spare_prep.append(time.perf_counter() - t0)
                    connection.close()  # each onboarding starts on a fresh connection, included
                    times.append(onboard(method))
                figures[method] = p50(times)
            rows.append((Municipality.objects.count(), figures))
            print(f"  … {Municipality.objects.count()} tenants: spare {figures['spare']:.3f} s, "
                  f"clone {figures['clone']:.3f} s, migrate {figures['migrate']:.3f} s", flush=True)

        tenants = Municipality.objects.count()
        env = dict(os.environ, DATABASE_URL=os.environ["DATABASE_URL"])
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "deploy_migrate", "-v", "0"],
                       env=env, check=True, cwd=ROOT)
        deploy_noop = time.perf_counter() - started
        sample = list(Municipality.objects.values_list("schema_name", flat=True)[:20])
        started = time.perf_counter()
        for name in sample:
            subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate_schemas", "--schema",
                            name, "-v", "0"], env=env, check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL)
        stock_per_tenant = (time.perf_counter() - started) / len(sample)
        # In-process, the stock command skips Django start-up: a fairer per-tenant figure.
        started = time.perf_counter()
        schemas.schemas_migrate(sample)
        stock_in_process = (time.perf_counter() - started) / len(sample)

    hosts = [f"{d}" for d in Municipality.objects.values_list("domains__domain", flat=True)]

    first = Municipality.objects.order_by("pk").first()
    single_middleware = ["bench.single_schema.FixedSchemaMiddleware"] + [
        m for m in django.conf.settings.MIDDLEWARE if "MunicipalityRoutingMiddleware" not in m]
    multi_client = Client()
    with override_settings(MIDDLEWARE=single_middleware, BENCH_FIXED_SCHEMA=first.schema_name):
        single_client = Client()
        single_client.get("/", HTTP_HOST="localhost")  # loads its middleware chain now
    for i in range(min(len(hosts), 1000)):  # warm the domain cache and connections
        multi_client.get("/", HTTP_HOST=hosts[i % len(hosts)])

    def block(client, host_for, n, latencies, offset):
        started = time.perf_counter()
        for i in range(n):
            t0 = time.perf_counter()
            response = client.get("/", HTTP_HOST=host_for(offset + i))
            latencies.append(time.perf_counter() - t0)
            assert response.status_code == 200
        return n / (time.perf_counter() - started)

    # Interleaved blocks, so drift on a shared machine hits both setups alike.
    rounds, per_block = 10, max(1, args.requests // 10)
    multi_rates, single_rates, multi_lat, single_lat = [], [], [], []
    same_rates, same_lat = [], []
    for r in range(rounds):
        multi_rates.append(block(multi_client, lambda i: hosts[i % len(hosts)], per_block,
                                 multi_lat, r * per_block))
        same_rates.append(block(multi_client, lambda i, r=r: hosts[r], per_block, same_lat, 0))
        with override_settings(MIDDLEWARE=single_middleware,
                               BENCH_FIXED_SCHEMA=first.schema_name):
            single_rates.append(block(single_client, lambda i: "localhost", per_block,
                                      single_lat, 0))
    multi_rps, single_rps, same_rps = p50(multi_rates), p50(single_rates), p50(same_rates)
    multi_p95, single_p95 = p95(multi_lat), p95(single_lat)
    tenants = Municipality.objects.count()

    print()
    print(f"Komplan tenancy benchmark — {time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}, "
          f"{args.samples} samples per figure")
    if rows:
        print()
        print("| tenants | onboard: spare rename p50 | onboard: template clone p50 "
              "| django-tenants migrate-into-schema p50 |")
        print("|---:|---:|---:|---:|")
        for count, f in rows:
            print(f"| {count} | {f['spare'] * 1000:.0f} ms | {f['clone'] * 1000:.0f} ms "
                  f"| {f['migrate'] * 1000:.0f} ms |")
        print()
        print(f"Spare preparation (background, off the request path): p50 "
              f"{p50(spare_prep) * 1000:.0f} ms per schema.")
    if deploy_noop is not None:
        print()
        print("| deploy, no new migrations | figure |")
        print("|---|---:|")
        print(f"| `deploy_migrate` at {tenants} tenants (new process, wall) "
              f"| {deploy_noop:.2f} s |")
        print(f"| stock `migrate_schemas --schema X` no-op, per tenant (new process) "
              f"| {stock_per_tenant:.2f} s → {stock_per_tenant * tenants:.0f} s for {tenants} |")
        print(f"| stock migrate executor no-op, per tenant (in process) "
              f"| {stock_in_process:.3f} s → {stock_in_process * tenants:.0f} s for {tenants} |")
    print()
    print(f"| tenant home page, in-process WSGI, 1 thread, {rounds} interleaved blocks "
          f"of {per_block} | req/s (median block) | p95 |")
    print("|---|---:|---:|")
    print(f"| {tenants} tenants, host rotating over all | {multi_rps:.0f} | "
          f"{multi_p95 * 1000:.1f} ms |")
    print(f"| {tenants} tenants, consecutive requests to one host | {same_rps:.0f} | "
          f"{p95(same_lat) * 1000:.1f} ms |")
    print(f"| single schema, no host lookup | {single_rps:.0f} | {single_p95 * 1000:.1f} ms |")
    print(f"| ratio, rotating (every request another tenant) | {multi_rps / single_rps:.2f} | |")
    print(f"| ratio, one host | {same_rps / single_rps:.2f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
