"""Host-rotation throughput over HTTP (issue #21.5): the tenant home page with the Host
rotating over every municipality ÷ the same page from one fixed schema with no host lookup.

Both setups are real gunicorn servers with the production worker class and threads
(`deploy/start.sh web`: gthread, `--threads 4`; `-w` from WEB_WORKERS, 3), fed by one
keep-alive HTTP client with several connections. Rounds are interleaved (rotating, then
single, then rotating …) so that drift on a shared machine hits both alike; the figure is
the median of the per-round ratios, with the spread.

Works in `<database>_bench` (as bench/run.py): municipalities are added through the product's
onboarding path until there are ``--tenants``; an existing database is reused as it is.

    .venv/bin/python bench/routing.py --tenants 1000
"""

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
BENCH_DB = urlsplit(BASE_URL).path.lstrip("/") + "_bench"


def bench_database_url() -> str:
    return urlsplit(BASE_URL)._replace(path=f"/{BENCH_DB}").geturl()


def _ensure_database() -> None:
    import psycopg

    admin = urlsplit(BASE_URL)._replace(path="/postgres").geturl().replace(
        "postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def build(tenants: int) -> tuple[list[str], str]:
    """Municipalities up to ``tenants`` (onboarding path); their hosts and the first schema."""
    _ensure_database()
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from hub.municipalities.models import Domain, Municipality
    from hub.municipalities.services import municipality_create

    call_command("deploy_migrate", verbosity=0)
    have = Municipality.objects.count()
    started = time.perf_counter()
    for n in range(have + 1, tenants + 1):
        municipality_create(name=f"Obec {n}", slug=f"route-{n:05d}", kind="village",
                            country="SK" if n % 2 else "CZ")
        connection.set_schema_to_public()
        if n % 100 == 0:
            connection.close()  # a backend that clones on and on grows; the worker does the same
            print(f"  … {n} municipalities ({time.perf_counter() - started:.0f} s)", flush=True)
    hosts = list(Domain.objects.filter(is_primary=True).order_by("pk")
                 .values_list("domain", flat=True)[:tenants])
    first = Municipality.objects.order_by("pk").values_list("schema_name", flat=True).first()
    connection.close()
    return hosts, first


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by one server: its gunicorn workers and their PostgreSQL backends
    (found by application_name). Unlike req/s, requests per CPU-second hardly move when
    other work shares the machine."""

    def __init__(self, master_pid: int, application_name: str):
        self.master_pid, self.application_name = master_pid, application_name

    def pids(self) -> list[int]:
        import psycopg

        children = []
        for task in Path(f"/proc/{self.master_pid}/task").iterdir():
            children += [int(p) for p in (task / "children").read_text().split()]
        admin = urlsplit(BASE_URL)._replace(path="/postgres").geturl().replace(
            "postgres://", "postgresql://", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            backends = [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                [self.application_name])]
        return children + backends

    def snapshot(self) -> dict[int, float]:
        found = {}
        for pid in self.pids():
            try:
                found[pid] = _cpu_seconds(pid)
            except OSError:  # gone meanwhile
                pass
        return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def start_server(settings_module: str, workers: int, threads: int,
                 extra_env: dict | None = None, name: str = "bench") -> tuple[subprocess.Popen, int]:
    port = _free_port()
    database_url = f"{bench_database_url()}?application_name=komplan-bench-{name}"
    env = dict(os.environ, DATABASE_URL=database_url, PORT=str(port),
               DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="bench-only-not-secret",
               DEBUG="0", KOMPLAN_DEMO="0", LOG_LEVEL="WARNING", **(extra_env or {}))
    env.pop("KOMPLAN_TESTING", None)
    # The server's log goes to a file: a pipe nobody reads fills after 64 kB and then blocks
    # every process that writes a warning — the server would stall mid-benchmark.
    log = (ROOT / ".state" / f"bench-{name}.log")
    log.parent.mkdir(exist_ok=True)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "hub.wsgi", "-c",
         str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", str(workers), "--threads", str(threads),
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


async def _one_connection(port, hosts_iter, stop_at, latencies, errors, at_least=0):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at or len(latencies) + len(errors) < at_least:
            host = next(hosts_iter)
            started = time.perf_counter()
            writer.write(f"GET / HTTP/1.1\r\nHost: {host}\r\nAccept-Language: sk\r\n"
                         "Connection: keep-alive\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
            if b"connection: close" in head.lower():
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
    finally:
        writer.close()


def load(port: int, hosts, seconds: float, connections: int, at_least: int = 0) -> dict:
    """Requests/s for ``seconds`` over ``connections`` keep-alive connections. ``hosts``: a
    list (each call starts again from its first host) or an iterator a caller keeps across
    calls, so that each round goes on where the last stopped and the rotation really passes
    over every municipality instead of the first few hundred again. ``at_least``: go on past
    ``seconds`` until this many requests were answered (a warm-up that passes over every
    host once)."""
    hosts_iter = hosts if hasattr(hosts, "__next__") else itertools.cycle(hosts)
    latencies, errors = [], []

    async def run():
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(*[_one_connection(port, hosts_iter, stop_at, latencies, errors,
                                               at_least)
                               for _ in range(connections)])

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} answers were not 200: {sorted(set(errors))}")
    ordered = sorted(latencies)
    return {"rps": len(latencies) / elapsed, "p50": ordered[len(ordered) // 2],
            "p95": ordered[int(len(ordered) * 0.95)], "requests": len(latencies)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3")))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--warmup", type=float, default=240,
                        help="seconds of rotation per server before measuring: every database "
                             "connection reads each schema's catalogue entries once")
    parser.add_argument("--stock", action="store_true",
                        help="also rotate on django-tenants' stock backend (before the change)")
    args = parser.parse_args()

    hosts, first_schema = build(args.tenants)
    print(f"{len(hosts)} municipalities; gunicorn gthread -w {args.workers} --threads "
          f"{args.threads}; {args.connections} keep-alive connections; {args.rounds} interleaved "
          f"rounds of {args.seconds:.0f} s per setup", flush=True)
    setups = {"rotating": ("hub.settings", hosts, {}),
              "single": ("bench.settings_single", hosts[:1], {"BENCH_FIXED_SCHEMA": first_schema})}
    if args.stock:
        setups["stock"] = ("bench.settings_stock", hosts, {})
    servers = {name: start_server(module, args.workers, args.threads, env, name)
               for name, (module, _hosts, env) in setups.items()}
    meters = {name: CpuMeter(process.pid, f"komplan-bench-{name}")
              for name, (process, _port) in servers.items()}
    rows = []
    try:
        for name, (_process, port) in servers.items():  # warm every process and connection
            warm = load(port, setups[name][1], args.warmup if name != "single" else 20,
                        args.connections)
            print(f"  warm-up {name}: {warm['requests']} requests", flush=True)
        for n in range(args.rounds):
            row = {}
            for name, (_process, port) in servers.items():
                before = meters[name].snapshot()
                row[name] = load(port, setups[name][1], args.seconds, args.connections)
                row[name]["per_cpu"] = row[name]["requests"] / cpu_used(
                    before, meters[name].snapshot())
            rows.append(row)
            print(f"  round {n + 1}: " + ", ".join(
                f"{name} {r['rps']:.1f} req/s {r['per_cpu']:.1f} req/CPU-s"
                for name, r in row.items()), flush=True)
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(timeout=30)

    load1, load5, _load15 = os.getloadavg()
    print()
    print(f"Host rotation over HTTP — {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"load average {load1:.1f} / {load5:.1f} (1 / 5 min) at the end")
    print()
    print(f"| tenant home page, {len(hosts)} municipalities, gunicorn gthread -w {args.workers} "
          f"--threads {args.threads}, {args.connections} connections | req/s (median round) "
          "| req per CPU-second (median) | p50 | p95 |")
    print("|---|---:|---:|---:|---:|")
    labels = {"rotating": "host rotating over all", "stock": "host rotating over all, "
              "django-tenants' stock backend (before)", "single": "single schema, no host lookup"}
    for name in rows[0]:
        print(f"| {labels[name]} | {statistics.median(r[name]['rps'] for r in rows):.1f} | "
              f"{statistics.median(r[name]['per_cpu'] for r in rows):.1f} | "
              f"{statistics.median(r[name]['p50'] for r in rows) * 1000:.1f} ms | "
              f"{statistics.median(r[name]['p95'] for r in rows) * 1000:.1f} ms |")
    for name in [n for n in rows[0] if n != "single"]:
        ratios = [r[name]["rps"] / r["single"]["rps"] for r in rows]
        cpu = [r[name]["per_cpu"] / r["single"]["per_cpu"] for r in rows]
        print(f"| **ratio, {'after' if name == 'rotating' else 'before'}** (median of "
              f"{len(ratios)} rounds; spread req/s {min(ratios):.2f}–{max(ratios):.2f}, per "
              f"CPU-second {min(cpu):.2f}–{max(cpu):.2f}) | **{statistics.median(ratios):.3f}** "
              f"| **{statistics.median(cpu):.3f}** | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
