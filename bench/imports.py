"""Import benchmark: the 2,000-row CSV check and commit, the national registry file, and the
demography import job.

    DATABASE_URL=... .venv/bin/python bench/imports.py [--rows 2000] [--services 7000]
        [--only registry-slice]   (only the municipality's check and commit of its slice)
        [--only demography] [--areas 100] [--other-areas 900]

Works in its own database (<database>_bench_imports, dropped and recreated).

1. CSV: a 2,000-row file (100 providers, one place with hours each) is checked and then
   committed by the import job's two steps, in-process as the worker runs them; prints the
   wall time and the number of SQL queries of each step, then the same file once more (every
   row unchanged).
2. Registry: generates a national rpss.json in the real structure (``--services`` services,
   ~2.8 facilities each, statutory bodies, document links, time ranges — about 5 KB a
   service, so 7,000 make ~35 MB; written to a temporary folder, never committed), loads
   codebooks for 14 kraje, 77 okresy and 6,300 obce, and imports one ORP-sized okres's slice
   (about 80 obce) into a municipality: the check and the commit each in a fresh process,
   printing wall time and peak RSS (resource.getrusage). Then the platform's reading of the
   whole file into the snapshot, also in a fresh process.
3. Demography: an ORP of ``--areas`` obce imports a file in the statistical office's layout
   (each obec × 2 sexes × 21 age bands × 3 years) through the job function, in-process as
   the worker runs it (parse and store, all or nothing); then the same obce inside a file
   that also has ``--other-areas`` obce of other territories, whose rows are skipped.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import database  # noqa: E402 — after the path is set

BENCH_DB = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
                    ).path.lstrip("/") + "_bench_imports"
TYPES = [(3, "pečovatelská služba"), (5, "tísňová péče"), (7, "odlehčovací služby"),
         (13, "domovy pro seniory"), (20, "azylové domy"), (1, "odborné sociální poradenství"),
         (2, "osobní asistence"), (9, "denní stacionáře"), (30, "terénní programy"),
         (33, "sociální rehabilitace")]
GROUPS = [(24, "senioři"), (10, "osoby s chronickým onemocněním"), (12, "oběti domácího násilí"),
          (26, "pečující osoby"), (30, "osoby žijící s demencí")]


def czso_demography(codes: list[str], years=(2021, 2022, 2023), seed: int = 15) -> bytes:
    """A CSV in the statistical office's long layout: every code × sex × 21 bands × year."""
    rng = random.Random(seed)
    bands = [f"{a} až {a + 5} (více nebo rovno {a} a méně než {a + 5})"
             for a in range(0, 100, 5)] + ["100 a více"]
    lines = ["idhod,hodnota,stapro_kod,pohlavi_cis,pohlavi_kod,vek_cis,vek_kod,vuzemi_cis,"
             "vuzemi_kod,casref_do,pohlavi_txt,vek_txt,vuzemi_txt"]
    n = 0
    for code in codes:
        for year in years:
            for sex, sex_text in (("1", "muž"), ("2", "žena")):
                for band in bands:
                    n += 1
                    lines.append(f'{n},{rng.randint(0, 400)},3162,102,{sex},7700,,43,{code},'
                                 f'{year}-12-31,{sex_text},"{band}",Obec {code}')
    return ("\n".join(lines) + "\n").encode()


def demography(areas: int, other_areas: int) -> list[str]:
    """Import the demography of an ORP of ``areas`` obce as the worker does; table lines."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from hub.municipalities import codebooks
    from hub.municipalities.models import TerritorialUnit
    from hub.municipalities.services import municipality_create, territory_load
    from tenants.analysis import import_jobs
    from tenants.analysis.models import PopulationCount

    codes = [str(800000 + n) for n in range(areas)]
    others = [str(700000 + n) for n in range(other_areas)]
    book = ("level,code,name,parent,orp\nkraj,97,Bench kraj,,\nokres,9701,Bench okres,97,\n"
            "orp,9702,Bench ORP,97,\n" + "".join(f"obec,{c},Obec {c},9701,9702\n" for c in codes))
    rows, errors = codebooks.csv_rows(book.encode())
    assert errors == [], errors
    territory_load(country="CZ", rows=rows)
    orp = municipality_create(
        name="Bench demografie", slug="bench-demography", kind="district", country="CZ",
        territory=TerritorialUnit.objects.get(country="CZ", level="orp", code="9702"))
    lines = ["", f"Demography import job (the statistical office's layout, {areas} obce × 2 "
             "sexes × 21 bands × 3 years; in-process, as the worker runs it):", "",
             "| file | rows | size | wall | SQL queries | stored | skipped |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    files = [("own obce only", czso_demography(codes))]
    if other_areas:
        files.append((f"+ {other_areas} obce of other territories (skipped)",
                      czso_demography(codes + others, seed=16)))
    with tenant_context(orp):
        for label, data in files:
            job = import_jobs.demography_import_start_bytes(user=None, data=data,
                                                             filename="bench.csv")
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                done = import_jobs.demography_import_run(job_id=job.pk)
                elapsed = time.perf_counter() - t0
            assert done.status == "done", (done.status, done.message, done.errors[:3])
            assert PopulationCount.objects.count() == areas * 2 * 21 * 3
            rows_in_file = data.count(b"\n") - 1
            lines.append(f"| {label} | {rows_in_file:,} | {len(data) / 2**20:.1f} MiB "
                         f"| {elapsed:.2f} s | {len(queries)} | {done.stored:,} | "
                         f"{done.skipped:,} |")
            print(lines[-1], flush=True)
    return lines


def _setup_env():
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan"))
    if not base.path.endswith("_bench_imports"):  # a child process has it already
        os.environ["DATABASE_URL"] = base._replace(path=f"/{BENCH_DB}").geturl()
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("KOMPLAN_DEMO", "1")
    os.environ["CONN_MAX_AGE"] = "600"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("TENANT_SPARE_POOL_SIZE", "0")
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "komplan-bench-media"))


# Generated data ------------------------------------------------------------------------------

def csv_bytes(rows: int) -> bytes:
    import csv
    import io

    from tenants.catalogue.tabular import COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for i in range(rows):
        writer.writerow({**dict.fromkeys(COLUMNS, ""),
            "provider_name": f"Poskytovateľ {i % 100}", "provider_ico": f"{91000000 + i % 100}",
            "name": f"Služba č. {i}", "service_type": ["sk-35", "sk-41", "sk-25"][i % 3],
            "form": ["residential", "field", "residential"][i % 3],
            "target_groups": "seniors; carers", "capacities": f"residential {10 + i % 50} bed"
            if i % 3 != 1 else f"field {20 + i % 40} client",
            "registry_id": f"C{i:06d}", "description": "Popis služby. " * 4,
            "address": f"Hlavná {i}", "town": "Bench", "postal_code": "97401",
            "hours": "Po-Pi 08:00-15:30"})
    return out.getvalue().encode()


def territory(rng):
    """14 kraje, 77 okresy, 6,300 obce (codes invented, no real ones)."""
    kraje = [f"9{k:02d}" for k in range(14)]
    okresy = [(f"8{o:03d}", kraje[o % 14]) for o in range(77)]
    obce = [(f"7{n:05d}", okresy[n % 77][0]) for n in range(6300)]
    return kraje, okresy, obce


def codebook_files(kraje, okresy, obce):
    def book(items):
        return json.dumps({"polozky": items}, ensure_ascii=False).encode()

    return [
        ("druhy-socialni-sluzby.json", book([{"id": f"DruhSocialniSluzby/{c}", "nazev": {"cs": n}}
                                             for c, n in TYPES])),
        ("cilove-skupiny-osoby.json", book([{"id": f"CilovaSkupinaOsoby/{c}", "nazev": {"cs": n}}
                                            for c, n in GROUPS])),
        ("kraje.json", book([{"id": f"Kraj/{k}", "nazev": {"cs": f"Kraj {k}"}} for k in kraje])),
        ("okresy.json", book([{"id": f"Okres/{o}", "nazev": {"cs": f"Okres {o}"},
                               "kraj": {"id": f"Kraj/{k}"}} for o, k in okresy])),
        ("obce.json", book([{"id": f"Obec/{c}", "nazev": {"cs": f"Obec {c}"},
                             "okres": {"id": f"Okres/{o}"}} for c, o in obce])),
    ]


def national_file(path: Path, services: int, okresy, obce, rng) -> int:
    kraj_of = dict(okresy)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"polozky": [\n')
        for i in range(services):
            type_code = TYPES[i % len(TYPES)][0]
            facilities = []
            for f in range(1 + (i % 4 != 0) + (i % 3 == 0) + (i % 5 == 0)):
                obec, okres = obce[rng.randrange(len(obce))]
                facilities.append({
                    "nazev": f"Zařízení {i}-{f} (ukázka)", "poskytujeOd": "2014-01-01",
                    "poskytujeDo": "2020-01-01" if f == 3 else None,
                    "utajenaAdresa": i % 97 == 0,
                    "vedouci": {"jmeno": "Jméno", "prijmeni": f"Vedoucí {i}"},
                    "adresa": {"cisloDomovni": 100 + f, "cisloOrientacni": str(f + 1),
                               "dodatekAdresy": None, "kodAdresnihoMista": 10000000 + i * 10 + f,
                               "psc": "25601", "typCislaDomovniho": {"id": "TypStavebnihoObjektu/1"},
                               "kraj": {"id": f"Kraj/{kraj_of[okres]}"},
                               "okres": {"id": f"Okres/{okres}"}, "obec": {"id": f"Obec/{obec}"},
                               "castObce": {"id": f"CastObce/{400000 + i}"},
                               "mestskyObvodMestskaCast": None, "mestskyObvodVPraze": None,
                               "ulice": {"nazev": f"Ulice {i % 300}"}}})
            forms = [{"forma": {"id": "FormaSocialniSluzby/" + ["pob", "ter", "amb"][i % 3]},
                      "nepretrzitePoskytovani": i % 2 == 0,
                      "casoveRozsahy": [{"den": {"id": f"DenVTydnu/{d}"}, "od": "07:30",
                                         "do": "15:30"} for d in range(1, 6)],
                      "kapacity": [{"pocet": 10 + i % 90,
                                    "popis": f"Maximální kapacita {10 + i % 90} s účinností od "
                                             "01.01.2020.",
                                    "typ": {"id": "TypKapacitySocialniSluzby/"
                                            + ["luzka", "klient", "kontakt"][i % 3]}}]}]
            if i % 6 == 0:
                forms.append({"forma": {"id": "FormaSocialniSluzby/amb"},
                              "nepretrzitePoskytovani": False, "casoveRozsahy": None,
                              "kapacity": [{"pocet": 5, "popis": "Kapacita 5.",
                                            "typ": {"id": "TypKapacitySocialniSluzby/klient"}}]})
            attachments = [{"priloha": {"nazev": f"dokument-{d}.pdf",
                                        "url": f"https://registry.example/rest/documents/{i}-{d}"},
                            "popis": "Popis přílohy k registraci služby. " * 3}
                           for d in range(3)]
            record = {
                "portalId": 500000 + i, "id": f"SocialniSluzba/{500000 + i}",
                "identifikator": f"{7000000 + i}", "datumPoskytovaniOd": "2014-01-01",
                "datumPoskytovaniDo": "2022-12-31" if i % 50 == 0 else None,
                "kontaktniAdresy": [], "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{type_code}"},
                "zarizeni": facilities,
                "poskytovatel": {"id": f"Poskytovatel/{90000000 + i % 2500}",
                                 "nazev": f"Poskytovatel {i % 2500}, z. s. (ukázka)",
                                 "ico": f"{90000000 + i % 2500}",
                                 "pravniForma": {"id": "FormaPravniSubjektivity/706"},
                                 "weby": [{"web": f"https://p{i % 2500}.example", "poznamka": None}],
                                 "emaily": [{"email": f"info@p{i % 2500}.example", "poznamka": None}],
                                 "telefony": [{"telefon": f"3170{i % 2500:05d}", "poznamka": None}],
                                 "statutarniOrgany": [{"titulPred": "Mgr.", "jmeno": "Jana",
                                                       "prijmeni": f"Statutární {i}",
                                                       "titulZa": None, "funkce": "ředitelka"}]},
                "emaily": [{"email": f"sluzba{i}@p.example", "poznamka": None}],
                "telefony": [{"telefon": f"31799{i:05d}", "poznamka": "recepce"}],
                "faxy": [], "weby": [],
                "ciloveSkupiny": [{"id": f"CilovaSkupinaOsoby/{GROUPS[i % 5][0]}"},
                                  {"id": f"CilovaSkupinaOsoby/{GROUPS[(i + 1) % 5][0]}"}],
                "vekoveSkupiny": [{"id": "VekovaSkupinaOsoby/8"}],
                "doplnujiciInformaceVekoveSkupiny": None, "formy": forms,
                "rozsirenePusobnostiVKraji": ([{"okres": {"id": f"Okres/{okresy[i % 77][0]}"}}]
                                              if i % 10 == 0 else []),
                "doplnkoveUdaje": {"realizacePoskytovani": attachments,
                                   "planyFinancnihoZajisteni": attachments,
                                   "personalniZajisteni": attachments},
            }
            out.write(json.dumps(record, ensure_ascii=False))
            out.write(",\n" if i < services - 1 else "\n")
        out.write("]}\n")
    return path.stat().st_size


# Child processes --------------------------------------------------------------------------

def child(step: str, argument: str) -> None:
    """Run one step in this fresh process and print "seconds peak_mib queries"."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from hub.municipalities.models import Municipality

    started = time.perf_counter()
    if step == "snapshot":
        from hub.rpss.models import RegistryFile
        from hub.rpss.services import registry_file_read

        done = registry_file_read(registry_file=RegistryFile.objects.get(pk=int(argument)))
        assert done.status == "done", done.message
    else:
        from tenants.catalogue import imports
        from tenants.catalogue.models import ImportJob

        municipality = Municipality.objects.get(slug="bench-orp")
        with tenant_context(municipality), CaptureQueriesContext(connection) as queries:
            job = imports.run_step(job_id=int(argument), step=step)
            assert job is not None and job.status in ("checked", "done"), (job.status, job.message)
            if step == "check":
                ImportJob.objects.filter(pk=job.pk).update(status="pending")
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.2f} {peak:.0f} {len(queries) if step != 'snapshot' else 0}")


def _in_child(step: str, argument: str) -> tuple[float, float, int]:
    done = subprocess.run([sys.executable, __file__, "--child", step, argument],
                          capture_output=True, text=True, check=False, env=os.environ)
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    seconds, peak, queries = done.stdout.strip().splitlines()[-1].split()
    return float(seconds), float(peak), int(queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--services", type=int, default=7000)
    parser.add_argument("--child", nargs=2)
    parser.add_argument("--only", choices=["registry-slice", "demography"],
                        help="registry-slice: skip the CSV import and the platform's snapshot "
                             "read; demography: only the demography import")
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--other-areas", type=int, default=900)
    args = parser.parse_args()
    _setup_env()
    if args.child:
        child(*args.child)
        return 0
    database.recreate(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from hub.municipalities.models import TerritorialUnit
    from hub.municipalities.services import municipality_create
    from hub.rpss.services import codebooks_load, registry_file_create
    from tenants.catalogue import imports
    from tenants.catalogue.models import ImportJob, Service

    call_command("deploy_migrate", verbosity=0)
    rng = random.Random(19)
    lines = []

    if args.only == "demography":
        _print_table(connection, demography(args.areas, args.other_areas))
        return 0

    # 1. CSV
    timings = []
    if not args.only:
        town = municipality_create(name="Bench", slug="bench-csv", kind="town", country="SK")
        data = csv_bytes(args.rows)
        with tenant_context(town):
            for round_number in (1, 2):
                job = imports.import_start_bytes(user=None, kind=ImportJob.Kind.TABLE,
                                                 data=data, filename="bench.csv")
                for step in ("check", "commit"):
                    with CaptureQueriesContext(connection) as queries:
                        t0 = time.perf_counter()
                        done = imports.run_step(job_id=job.pk, step=step)
                        elapsed = time.perf_counter() - t0
                    assert done.status in ("checked", "done"), (done.status, done.message)
                    if step == "check":
                        ImportJob.objects.filter(pk=job.pk).update(status="pending")
                    timings.append((round_number, step, elapsed, len(queries), done.message))
            assert Service.objects.count() == args.rows
        print(timings, flush=True)
        lines.append(f"CSV/XLSX import of {args.rows} rows (in-process, as the worker runs it):")
        lines.append("")
        lines.append("| file | step | wall | SQL queries | result |")
        lines.append("|---|---|---:|---:|---|")
    for round_number, step, elapsed, queries, message in timings:
        what = "new rows" if round_number == 1 else "same file again (all unchanged)"
        lines.append(f"| {what} | {step} | {elapsed:.2f} s | {queries} | {message} |")

    # 2. Registry
    kraje, okresy, obce = territory(rng)
    t0 = time.perf_counter()
    codebooks_load(files=codebook_files(kraje, okresy, obce))
    codebook_seconds = time.perf_counter() - t0
    folder = Path(tempfile.mkdtemp(prefix="komplan-bench-rpss-"))
    national = folder / "rpss.json"
    t0 = time.perf_counter()
    size = national_file(national, args.services, okresy, obce, rng)
    generate_seconds = time.perf_counter() - t0
    unit = TerritorialUnit.objects.get(country="CZ", level="district", code=okresy[5][0])
    orp = municipality_create(name="Bench ORP", slug="bench-orp", kind="district", country="CZ",
                              territory=unit)
    with tenant_context(orp):
        from django.core.files import File

        with national.open("rb") as handle:
            job = imports.import_start(user=None, kind=ImportJob.Kind.REGISTRY_FILE,
                                       upload=File(handle, name="rpss.json"))
    check = _in_child("check", str(job.pk))
    with tenant_context(orp):
        job.refresh_from_db()
        preview = job.preview
    commit = _in_child("commit", str(job.pk))
    with tenant_context(orp):
        imported = Service.objects.count()
        # The same file again after every service's capacity and places changed here (never
        # synced: no conflict), so the commit updates all of them.
        from tenants.catalogue.models import Location

        Service.objects.update(capacities=[], registry_synced=None)
        Location.objects.all().delete()
        with national.open("rb") as handle:
            again = imports.import_start(user=None, kind=ImportJob.Kind.REGISTRY_FILE,
                                         upload=File(handle, name="rpss.json"))
    check_again = _in_child("check", str(again.pk))
    commit_again = _in_child("commit", str(again.pk))
    with tenant_context(orp):
        again.refresh_from_db()
        changed = again.result.get("applied", {}).get("changed")
    snapshot = (0.0, 0.0, 0)
    if not args.only:
        from django.core.files import File

        with national.open("rb") as handle:
            upload = File(handle, name="rpss.json")
            upload.size = size
            registry_file = registry_file_create(upload=upload, queue=False)
        snapshot = _in_child("snapshot", str(registry_file.pk))
    obce_in_unit = TerritorialUnit.objects.filter(parent=unit).count()
    lines.append("")
    lines.append(f"National registry file: {args.services} services, {size / 2**20:.1f} MiB "
                 f"(generated in {generate_seconds:.1f} s; codebooks with "
                 f"{len(obce)} obce loaded in {codebook_seconds:.1f} s). One okres of "
                 f"{obce_in_unit} obce: {preview.get('matched')} services concern it, "
                 f"{preview.get('new')} new, {len(preview.get('blocked', []))} cannot be "
                 f"imported; {imported} imported.")
    lines.append("")
    lines.append("| step (fresh process each) | wall | peak RSS | SQL queries |")
    lines.append("|---|---:|---:|---:|")
    lines.append(f"| municipality: check its slice of the file | {check[0]:.1f} s | "
                 f"{check[1]:.0f} MiB | {check[2]} |")
    lines.append(f"| municipality: commit (re-reads the file, applies the slice) | "
                 f"{commit[0]:.1f} s | {commit[1]:.0f} MiB | {commit[2]} |")
    lines.append(f"| municipality: the same file again, {changed} services changed: check | "
                 f"{check_again[0]:.1f} s | {check_again[1]:.0f} MiB | {check_again[2]} |")
    lines.append(f"| municipality: the same file again: commit (updates them) | "
                 f"{commit_again[0]:.1f} s | {commit_again[1]:.0f} MiB | {commit_again[2]} |")
    if not args.only:
        lines.append(f"| platform: read the whole file into the snapshot | {snapshot[0]:.1f} s "
                     f"| {snapshot[1]:.0f} MiB | |")
    if not args.only:
        lines += demography(args.areas, args.other_areas)
    _print_table(connection, lines)
    national.unlink()
    folder.rmdir()
    return 0


def _print_table(connection, lines: list[str]) -> None:
    print()
    print(f"Komplan import benchmark — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
