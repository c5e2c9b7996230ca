"""Needs-analysis benchmark: the network analysis and demography pages of an ORP with 100
obce (five years of 5-year bands by sex: 20,000 counts) and 500 services.

Runs in one municipality of an existing database (default: benesov of the demo; run
`manage.py seed_demo` first), inside a transaction that is rolled back, so nothing stays:
    DATABASE_URL=... .venv/bin/python bench/analysis.py [--obce 100] [--services 500]
Prints server-side times (p50/p95) measured in-process with Django's test client.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
os.environ.setdefault("KOMPLAN_TESTING", "1")

TYPES = [("cz-49", "seniors", "bed"), ("cz-50", "dementia", "bed"),
         ("cz-40", "seniors", "client"), ("cz-48", "disability-intellectual", "bed"),
         ("cz-39", "disability-physical", "client"), ("cz-65", "families", "client"),
         ("cz-62", "youth", "contact"), ("cz-57", "homeless", "bed"),
         ("cz-46", "seniors", "client"), ("cz-69", "excluded", "contact")]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return (statistics.median(times) * 1000,
            times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slug", default="benesov")
    parser.add_argument("--obce", type=int, default=100)
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", action="store_true",
                        help="print where one network analysis page spends its time (SORT=tottime, TOP=n)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client
    from django_tenants.utils import tenant_context

    from hub.accounts.models import User
    from hub.municipalities import codebooks
    from hub.municipalities.models import Municipality, TerritorialUnit
    from hub.municipalities.services import territory_load
    from tenants.analysis import services
    from tenants.catalogue import services as catalogue_services
    from tenants.catalogue.models import Provider, Service

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(15)
    municipality = Municipality.objects.get(slug=args.slug)
    viewer = User.objects.get(email=f"{args.slug}.viewer@komplan.test")
    codes = [str(900000 + n) for n in range(args.obce)]
    csv = ("level,code,name,parent,orp\nkraj,98,Bench kraj,,\nokres,9801,Bench okres,98,\n"
           "orp,9802,Bench ORP,98,\n" + "".join(
               f"obec,{code},Obec {code},9801,9802\n" for code in codes))

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            rows, errors = codebooks.csv_rows(csv.encode())
            assert errors == [], errors
            territory_load(country="CZ", rows=rows)
            municipality.territory = TerritorialUnit.objects.get(country="CZ", level="orp",
                                                                 code="9802")
            municipality.save(update_fields=["territory"])
            client = Client(HTTP_HOST=f"{municipality.slug}.{settings.PLATFORM_DOMAIN}")
            with tenant_context(municipality):
                client.force_login(viewer)
                counts = []
                for code in codes:
                    for year in range(2019, 2024):
                        for sex in ("m", "f"):
                            for start in range(0, 100, 5):
                                counts.append({"area_code": code, "area_name": code,
                                               "year": year, "sex": sex, "age_from": start,
                                               "age_to": None if start == 95 else start + 4,
                                               "count": rng.randint(5, 200)})
                services.population_store(rows=counts, source="manual")
                provider = Provider.objects.create(name="Bench poskytovatel")
                Service.objects.bulk_create([Service(
                    provider=provider, name=f"Služba {n}", service_type=kind, form="field",
                    target_groups=[group],
                    covers=[] if rng.random() < 0.4 else [f"municipality:{rng.choice(codes)}"],
                    capacities=[{"form": "field", "unit": unit,
                                 "capacity": rng.randint(1, 60)}])
                    for n, (kind, group, unit) in ((n, rng.choice(TYPES))
                                                   for n in range(args.services))])
                # As the catalogue's imports do after their bulk insert (the stamp the
                # network analysis cache is keyed on).
                catalogue_services.catalogue_touched()
            if args.profile:
                import cProfile
                import pstats

                client.get("/staff/analysis/network/")  # warm caches, as the timings do
                profile = cProfile.Profile()
                profile.runcall(client.get, "/staff/analysis/network/")
                stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
                stats.print_stats(int(os.environ.get("TOP", "25")))
            print(f"ORP of {args.obce} obce, {len(counts)} population counts, "
                  f"{args.services} services; load average {os.getloadavg()[0]:.2f}; "
                  f"analysis cache {settings.KOMPLAN_ANALYSIS_CACHE_SECONDS} s")

            def demography_changed():
                with tenant_context(municipality):
                    services.demography_touched()

            # The network pages keep their inputs (tenants/analysis/network_cache.py): the
            # second line is the first look after a change, when they are read afresh.
            for label, path, before in (
                    ("network analysis page", "/staff/analysis/network/", None),
                    ("  … after each change", "/staff/analysis/network/", demography_changed),
                    ("network analysis API", "/api/network-analysis/", None),
                    ("demography page", "/staff/analysis/", None)):
                times = []
                for _ in range(args.repeat + 1):
                    if before is not None:
                        before()
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append(time.perf_counter() - start)
                    assert response.status_code == 200, (path, response.status_code)
                p50, p95 = percentiles(times[1:])  # the first warms caches
                print(f"{label:24} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                      f"({len(response.content) // 1024} KiB)")
            raise Rollback
    except Rollback:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
