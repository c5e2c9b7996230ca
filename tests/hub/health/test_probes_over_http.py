"""Probes against a real gunicorn: ready with its database, alive but unready without it, and
the web healthcheck of docker-compose.yml agreeing."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
READY = (b'{"status": "ok", "checks": {"database": "ok", "migrations": "ok", "redis": "ok"}}')
NO_DATABASE = (b'{"status": "unavailable", "checks": {"database": "down", '
               b'"migrations": "unknown", "redis": "ok"}}')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str, host: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def _compose_web_healthcheck(port: int) -> int:
    """Run the web service's healthcheck command from docker-compose.yml against ``port``."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    kind, python, *args = compose["services"]["web"]["healthcheck"]["test"]
    assert (kind, python) == ("CMD", "python")
    return subprocess.run([sys.executable, *args], env=dict(os.environ, PORT=str(port)),
                          capture_output=True, timeout=60).returncode


@pytest.fixture
def start_web(tmp_path):
    started = []

    def start(database_url: str):
        port = _free_port()
        log = tmp_path / f"gunicorn-{port}.log"
        # One worker process: "logged once per change of state" is per process.
        env = dict(os.environ, PORT=str(port), KOMPLAN_TESTING="1", DATABASE_URL=database_url,
                   CONN_MAX_AGE="0", WEB_WORKERS="1")
        with open(log, "wb") as output:
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "hub.wsgi",
                 "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
                cwd=ROOT, env=env, stdout=output, stderr=output)
        started.append(process)
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if _get(port, "/healthz", "localhost")[0] == 200:
                    return port, log
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def test_ready_with_its_database_on_any_host(django_db_setup, start_web):
    db = settings.DATABASES["default"]
    host = f"{db['HOST']}:{db['PORT']}" if db.get("PORT") else db["HOST"]
    port, _log = start_web(f"postgres://{db['USER']}@{host}/{db['NAME']}")
    for host_header in ("10.0.0.7:8000", "evil.example", "alfa.localhost", "localhost"):
        status, body, headers = _get(port, "/readyz", host_header)
        assert (status, body) == (200, READY)
        assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    assert _compose_web_healthcheck(port) == 0


def test_without_its_database_alive_but_not_ready(start_web):
    port, log = start_web(f"postgres://postgres@127.0.0.1:{_free_port()}/komplan")
    for host in ("10.0.0.7:8000", "evil.example", "alfa.localhost"):
        assert _get(port, "/healthz", host)[:2] == (200, b'{"status": "ok"}')
        status, body, headers = _get(port, "/readyz", host)
        assert (status, body) == (503, NO_DATABASE)
        assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    # Pages need the database; the process stays up and keeps answering.
    assert _get(port, "/", "localhost")[0] >= 500
    assert _get(port, "/healthz", "localhost")[0] == 200
    assert _compose_web_healthcheck(port) == 1
    text = log.read_text()
    # Successful probes stay out of the access log, failed ones are in it; the database
    # failure is logged once, not once per probe.
    assert '"GET /healthz HTTP/1.1" 200' not in text
    assert text.count('"GET /readyz HTTP/1.1" 503') == 4  # three hosts and the healthcheck
    assert text.count("Readiness: database is down") == 1
