"""Document rendering benchmarks (`.venv/bin/python bench/documents.py`): Typst through the
same renderer the documents worker uses (workers/render), on synthetic data of the shapes the
catalogue (issue 6 print_data contract) and the plans produce. No database needed.

Prints:
- catalogue with 300 providers (1–2 services each, 70–110-word Slovak descriptions): pages,
  cold wall time in a fresh process (import + first render) and its peak RSS, warm median;
- one leaflet (12 services): cold and warm median;
- the multi-year plan (6 priorities × 5 measures × 4 activities, indicators, budgets);
- one process's RSS over 100 distinct renders (every 10th a 300-provider catalogue, the rest
  plans and leaflets), once without recycling and once recycled every 10 tasks like the
  documents worker (`--max-tasks-per-child 10`).
"""

import argparse
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ("sociálna služba poskytuje pomoc ľuďom v nepriaznivej situácii ťažké zdravotné "
         "postihnutie dôchodkový vek opatrovateľská starostlivosť zariadenie pre seniorov "
         "denný stacionár útulok nocľaháreň poradenstvo ďalšie vzdelávanie rodina dieťa "
         "podpora samostatného bývania krízová pomoc účasť na živote spoločnosti ošetrovanie "
         "stravovanie upratovanie práčovňa terénna ambulantná pobytová forma úhrada zmluva "
         "žiadosť posudok odkázanosť obec vyšší územný celok kraj okres mesto Žilina Ľubietová "
         "Čierny Balog Ďumbier Šťavnica Ružomberok Trenčín Nitra Košice Prešov Púchov").split()
TOWNS = ["Banská Bystrica", "Brezno", "Zvolen", "Detva", "Ľubietová", "Čierny Balog",
         "Šťavnica", "Žiar nad Hronom", "Krupina", "Hriňová", "Poltár", "Lučenec"]
DAYS = ["pondelok", "utorok", "streda", "štvrtok", "piatok"]
TYPES = [("sk-35", "Zariadenie pre seniorov"), ("sk-41", "Opatrovateľská služba"),
         ("sk-25", "Nocľaháreň"), ("sk-28", "Zariadenie núdzového bývania"),
         ("sk-39", "Domov sociálnych služieb"), ("sk-24a", "Sociálne poradenstvo"),
         ("sk-40", "Denný stacionár"), ("sk-34", "Rehabilitačné stredisko")]


def labels():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ.setdefault("KOMPLAN_TESTING", "1")  # no SECRET_KEY needed; no database is used
    django.setup()
    from django.utils import translation

    from tenants.documents.sources import _labels

    with translation.override("sk"):
        return {k: str(v) for k, v in _labels().items()}


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def service(rng, n, provider):
    town = rng.choice(TOWNS)
    return {"id": f"s{n}", "name": f"{rng.choice(TYPES)[1]} {provider['name'].split()[-1]} {n}",
            "provider": provider, "form": rng.choice(["pobytová", "ambulantná", "terénna"]),
            "target_groups": rng.sample(["seniori", "ľudia so zdravotným postihnutím", "rodiny",
                                        "ľudia bez domova"], 2),
            "age_from": 18, "age_to": None,
            "capacities": [f"pobytová {rng.randint(5, 120)} lôžka"], "covers": [],
            "hidden_address": False, "description": words(rng, rng.randint(70, 110)),
            "fees": "Podľa VZN č. 5/2024.", "eligibility": "Posudok o odkázanosti.",
            "phone": f"+421 48 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            "email": "", "website": "",
            "locations": [{"address": f"Hlavná {rng.randint(1, 200)}, {town}", "town": town,
                           "accessibility": "bezbariérový",
                           "hours": [{"day": d, "opens": "08:00", "closes": "15:30"}
                                     for d in DAYS]}]}


def catalogue(seed, providers=300, audience=None):
    rng = random.Random(seed)
    groups = {code: {"code": code, "name": name, "paragraph": f"§ {code[3:]} zákona 448/2008",
                     "services": []} for code, name in TYPES}
    places = {}
    n = 0
    for p in range(providers):
        provider = {"name": f"Poskytovateľ č. {p} {rng.choice(WORDS)}", "legal_form": "n. o.",
                    "ico": f"{rng.randint(10**7, 10**8 - 1)}",
                    "website": f"https://p{p}.example.sk", "email": f"info@p{p}.example.sk",
                    "phone": "+421 48 123 4567"}
        for _ in range(rng.randint(1, 2)):
            n += 1
            s = service(rng, n, provider)
            groups[rng.choice(TYPES)[0]]["services"].append(s)
            places.setdefault(s["locations"][0]["town"], []).append(s["id"])
    return {"title": "Katalóg sociálnych služieb", "updated_at": "23. novembra 2026",
            "groups": [g for g in groups.values() if g["services"]],
            "places": [{"town": t, "service_ids": ids} for t, ids in sorted(places.items())]}


def leaflet(seed):
    data = catalogue(seed, providers=8)
    data.pop("updated_at")
    data.update(title="Pomoc pre seniorov a ich opatrovateľov",
                intro=words(random.Random(seed), 30),
                where_to_turn="Odbor sociálnych vecí – Banská Bystrica, e-mail: kpss@bb.sk.")
    return data


def plan(seed):
    rng = random.Random(seed)
    return {
        "plan": {"title": f"Komunitný plán sociálnych služieb {seed}", "period": "2025–2030",
                 "legal_basis": "SK: zákon 448/2008", "status": "platný",
                 "vision": words(rng, 80), "resolution": "12/2024", "in_force_from": "1. 1. 2025"},
        "sections": [{"title": t, "paragraphs": [words(rng, 120) for _ in range(4)]}
                     for t in ("Demografia", "Existujúce služby", "Potreby", "Zdroje", "SWOT")],
        "priorities": [{
            "number": p, "title": words(rng, 5), "description": words(rng, 40),
            "target_groups": ["seniori"],
            "measures": [{
                "number": f"{p}.{m}", "title": words(rng, 6), "description": words(rng, 40),
                "responsible": "Odbor sociálnych vecí", "partners": "Charita, ÚPSVaR",
                "target_groups": ["seniori", "rodiny"], "service_types": "§ 35",
                "budget": [{"year": y, "source": "mesto", "amount": "15 000,00"}
                           for y in range(2025, 2031)],
                "indicators": [{"name": "Počet miest", "unit": "miest", "baseline": "10",
                                "targets": [{"year": str(y), "value": str(10 + y - 2024)}
                                            for y in range(2025, 2031)]}],
                "activities": [{"number": f"{p}.{m}.{a}", "title": words(rng, 7),
                                "responsible": "mesto"} for a in range(1, 5)]}
                for m in range(1, 6)]}
            for p in range(1, 7)]}


def document(kind, seed, L):
    data = {"catalogue": catalogue, "leaflet": leaflet, "plan": plan}[kind](seed)
    data.update(municipality="Banská Bystrica", language="sk", labels=L,
                generated_on="23. novembra 2026")
    return data


def _status_mib(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mib() -> float:
    return _status_mib("VmRSS:")


def cold(kind: str) -> None:
    """Child process: import + one render; prints wall time, pages and peak RSS as JSON."""
    L = labels()
    data = document(kind, 1, L)
    start = time.perf_counter()
    from tenants.documents.services import _pages
    from workers.render.typst_pdf import render_pdf

    pdf = render_pdf(kind, data)
    wall = time.perf_counter() - start
    peak = _status_mib("VmHWM:")  # (ru_maxrss would include the forked parent's pages)
    print(json.dumps({"wall": wall, "pages": _pages(pdf), "peak": peak, "size": len(pdf)}))


def warm(kind: str, repeats: int, L) -> float:
    from workers.render.typst_pdf import render_pdf

    times = []
    for n in range(repeats):
        data = document(kind, 1000 + n, L)  # distinct data: no memoised shortcut
        start = time.perf_counter()
        render_pdf(kind, data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _series_worker(kinds, queue):
    from workers.render.typst_pdf import render_pdf

    L = labels()
    for kind, seed in kinds:
        render_pdf(kind, document(kind, seed, L))
        queue.put(rss_mib())


def series(total: int, per_child: int | None) -> list[float]:
    jobs = [("catalogue" if n % 10 == 0 else ("plan" if n % 2 else "leaflet"), 5000 + n)
            for n in range(total)]
    chunk = per_child or total
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    found = []
    for start in range(0, total, chunk):
        proc = ctx.Process(target=_series_worker, args=(jobs[start:start + chunk], queue))
        proc.start()
        for _ in jobs[start:start + chunk]:
            found.append(queue.get(timeout=600))
        proc.join()
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cold", help=argparse.SUPPRESS)
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--per-child", type=int, default=10,
                        help="renders per process before it is replaced (worker's "
                             "--max-tasks-per-child)")
    parser.add_argument("--memory-only", action="store_true")
    parser.add_argument("--no-recycle-limit", type=int, default=30,
                        help="renders in the unrecycled series (memory grows without bound)")
    args = parser.parse_args()
    if args.cold:
        cold(args.cold)
        return 0
    print(f"# documents benchmark, {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{multiprocessing.cpu_count()} CPUs")
    L = labels()
    if not args.memory_only:
        table(L)
    memory(args)
    return 0


def table(L):
    print(f"{'document':<28}{'pages':>6}{'cold s':>9}{'warm s':>9}{'peak RSS MiB':>14}{'KiB':>8}")
    for kind, repeats in (("catalogue", 3), ("leaflet", 15), ("plan", 5)):
        colds = []
        for _ in range(3):
            out = subprocess.run([sys.executable, __file__, "--cold", kind], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout.strip().splitlines()[-1]
            colds.append(json.loads(out))
        warm_s = warm(kind, repeats, L)
        c = sorted(colds, key=lambda r: r["wall"])[1]
        label = {"catalogue": "catalogue, 300 providers", "leaflet": "leaflet, 12 services",
                 "plan": "multi-year plan"}[kind]
        print(f"{label:<28}{c['pages']:>6}{c['wall']:>9.2f}{warm_s:>9.3f}{c['peak']:>14.0f}"
              f"{c['size'] / 1024:>8.0f}")


def memory(args):
    grow = series(args.no_recycle_limit, None)
    print(f"\nRSS of one process, {args.no_recycle_limit} distinct renders, never recycled: "
          f"{grow[0]:.0f} → {grow[-1]:.0f} MiB (max {max(grow):.0f})")
    print("  after render " + ", ".join(f"{i + 1}: {v:.0f}" for i, v in enumerate(grow)
                                         if (i + 1) % 5 == 0 or i == 0))
    n = args.per_child
    kept = series(args.renders, n)
    print(f"RSS over {args.renders} renders, child recycled every {n} (as the documents "
          f"worker): max {max(kept):.0f} MiB, last {kept[-1]:.0f} MiB")
    print("  per child max: " + ", ".join(f"{max(kept[i:i + n]):.0f}"
                                           for i in range(0, len(kept), n)))


if __name__ == "__main__":
    sys.exit(main())
