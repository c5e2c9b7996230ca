"""One municipality exported alone and imported again: wall time of each, at any N.

    DATABASE_URL=... .venv/bin/python bench/backup.py [--municipalities 50] [--rounds 3]
    .venv/bin/python bench/backup.py --database-url postgres://…/komplan_9k --rounds 3

Works in its own database (<database>_bench_backup, dropped and recreated): onboards
``--municipalities`` empty ones around it (more schemas, a bigger catalogue), then, per round,
one municipality with the demo's content (Banská Bystrica's plans, groups, meetings and
catalogue, Bánov's documents with their files) is exported to a temporary file and imported
under a new slug; prints the times, the rows and the archive's size.

With ``--database-url`` it measures in that database as it stands (at its N: the one
bench/scale.py grew) instead, adding no municipalities around it. bench/scale.py calls
``measure_one_municipality`` the same way; the municipality it measures, its copy and their
files are removed again afterwards.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import database  # noqa: E402 — after the path is set

BENCH_DB = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
                    ).path.lstrip("/") + "_bench_backup"


def measure_one_municipality(slug: str | None = None, **_context) -> dict:
    """Seconds to export one demo-sized municipality and to import it under a new slug.

    With ``slug``, that municipality is exported as it is (and its copy removed afterwards);
    without, a new one with the demo's content is made first (not timed) and removed too."""
    from hub.backup.export import municipality_export
    from hub.backup.restore import municipality_import
    from hub.municipalities.models import Municipality
    from hub.tenancy import schemas
    from tests.hub.backup.helpers import dropped, seeded

    made = None
    if slug is None:
        slug = f"bench-{uuid.uuid4().hex[:8]}"
        made = seeded(slug, name="Bench")
    source = Municipality.objects.get(slug=slug)
    # The import provisions its schema as onboarding does: a spare renamed, made ready ahead
    # of time (beat keeps the pool full), or else the template cloned (~1.5 s more).
    spares = schemas.spare_pool_refill(size=1)
    copy_slug = f"{slug[:30]}-copy"
    with tempfile.TemporaryDirectory(prefix="komplan-bench-backup-") as folder:
        path = Path(folder) / "municipality.tar"
        try:
            exported = municipality_export(slug, path)
            imported = municipality_import(path, slug=copy_slug)
        finally:
            for municipality in Municipality.objects.filter(slug__in=[copy_slug]):
                dropped(municipality)
            if made is not None:
                dropped(source)
        size = path.stat().st_size if path.exists() else 0
    return {"export s": exported.seconds, "import s": imported.seconds, "rows": exported.rows,
            "files": exported.files, "archive MB": size / 1e6, "schema from": imported.how,
            "spares made first": spares}


def _setup_env(database_url: str | None = None) -> None:
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"))
    os.environ["DATABASE_URL"] = database_url or base._replace(path=f"/{BENCH_DB}").geturl()
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KOMPLAN_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("TENANT_SPARE_POOL_SIZE", "0")
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "komplan-bench-media"))




def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=None,
                        help="measure in this database as it stands (not recreated, nothing "
                             "onboarded around it)")
    args = parser.parse_args()
    _setup_env(args.database_url)
    if not args.database_url:
        database.recreate(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    from hub.municipalities.models import Municipality
    from hub.municipalities.services import municipality_create

    call_command("deploy_migrate", verbosity=0)
    if not args.database_url:
        for number in range(args.municipalities):
            municipality_create(name=f"Obec {number}", slug=f"obec-{number}", kind="village",
                                country="SK")
    others = Municipality.objects.count()
    results = [measure_one_municipality() for _ in range(args.rounds)]
    load1, load5, _ = os.getloadavg()
    print(f"One municipality exported and imported — {others:,} other "
          f"municipalities, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, load average {load1:.1f} / {load5:.1f} (1 / 5 min)")
    print()
    print("| figure | median | rounds |")
    print("|---|---:|---|")
    for key in ("export s", "import s"):
        values = [r[key] for r in results]
        print(f"| {key.split()[0]} | {statistics.median(values):.2f} s | "
              + ", ".join(f"{v:.2f}" for v in values) + " |")
    first = results[0]
    print(f"| archive | {first['archive MB']:.2f} MB | {first['rows']} rows, "
          f"{first['files']} files; import schema from a {first['schema from']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
