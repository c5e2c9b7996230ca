"""Test fixtures: two committed municipalities, accounts in every role, a real Celery worker."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import tenant_context

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Spravny-kon-baterka-42"
# Files the tests upload, and mail the worker process sends (Django's file backend: the
# worker is another process, so its messages are read back from this folder).
TEST_FILES = Path(tempfile.mkdtemp(prefix="komplan-test-"))
MEDIA_ROOT = TEST_FILES / "media"
WORKER_MAIL = TEST_FILES / "worker-mail"


@pytest.fixture(scope="session", autouse=True)
def _media_in_a_tmp_folder():
    from django.test.utils import override_settings

    override = override_settings(MEDIA_ROOT=str(MEDIA_ROOT))
    override.enable()
    yield
    override.disable()
    shutil.rmtree(TEST_FILES, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def static_files_collected():
    """Hashed static names come from collectstatic's manifest, as in the image; collected
    again only when a static file changed."""
    from hub.staticfiles import collect_if_changed

    collect_if_changed()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """The test database, always made (pytest-django skips it when no collected test is
    marked for the database — e.g. only browser or worker tests — which would let the
    fixtures below write into the development database), then the template and two
    municipalities."""
    from django.test.utils import setup_databases, teardown_databases

    from hub.accounts.models import Membership, User
    from hub.municipalities.models import Region
    from hub.municipalities.services import municipality_create
    from hub.tenancy.schemas import template_ensure

    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        assert connection.settings_dict["NAME"].startswith("test_"), "not a test database"
        template_ensure()
        kraj = Region.objects.create(code="t-kraj", name="Testovací kraj", kind="region",
                                     country="SK")
        okres = Region.objects.create(code="t-okres", name="Okres Test", kind="district",
                                      country="SK", parent=kraj)
        kraj_cz = Region.objects.create(code="t-kraj-cz", name="Zkušební kraj", kind="region",
                                        country="CZ")
        alfa = municipality_create(name="Alfa", slug="alfa", kind="town", country="SK",
                                   population=1000, kpss_email="kpss@alfa.test",
                                   district=okres)
        beta = municipality_create(name="Beta", slug="beta", kind="village", country="CZ",
                                   population=500, region=kraj_cz)
        for place, roles in ((alfa, ("admin", "editor", "viewer")), (beta, ("admin",))):
            for role in roles:
                user = User.objects.create_user(f"{place.slug}.{role}@test.sk", PASSWORD)
                Membership.objects.create(user=user, municipality=place, role=role)
        User.objects.create_user("nobody@test.sk", PASSWORD)
    yield
    # Worker processes and server threads may leave a connection behind for a moment;
    # the test database must still be droppable.
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        teardown_databases(config, verbosity=0)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


_browser_skips: list[str] = []  # the reasons of the browser tests skipped in this run


def pytest_runtest_logreport(report):
    """Counted where every report arrives (the one process, or pytest-xdist's controller)."""
    if report.skipped and "browser" in report.keywords:
        text = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _browser_skips.append(text.split("browser test: ", 1)[-1])


def pytest_terminal_summary(terminalreporter, config):
    if _browser_skips:
        terminalreporter.write_line(
            f"{len(_browser_skips)} browser tests skipped: {_browser_skips[0]}. Under CI "
            "(CI=true) this fails the run.", red=True, bold=True)


def pytest_sessionfinish(session, exitstatus):
    """Under CI any browser test skipped (a missing Chromium fails already at collection,
    tests/e2e/conftest.py) fails the run."""
    if _in_ci() and _browser_skips and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_redis_client = None


def _clear_cache_keys() -> None:
    """Delete both caches' keys in every schema, and only those: the tests' Redis database is
    also the broker's, whose queued tasks must outlive the test that queued them."""
    global _redis_client
    import redis

    if _redis_client is None:
        _redis_client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = [key for pattern in (f"*:{prefix}:*", f"{prefix}:*")
            for key in _redis_client.scan_iter(match=pattern, count=1000)]
    if keys:
        _redis_client.unlink(*keys)


@pytest.fixture(autouse=True)
def _public_schema_and_clean_caches():
    """Each test starts in public, in the default language, with empty caches (rate limits,
    domain lookups): what an earlier test left behind must not decide a later one's result,
    whichever process and order the tests run in."""
    from django.utils import translation

    from hub.tenancy import domain_cache

    connection.set_schema_to_public()
    translation.activate(settings.LANGUAGE_CODE)
    _clear_cache_keys()
    domain_cache.local_clear()
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _submission_limit_window_holds_still(monkeypatch):
    """django-ratelimit counts in windows aligned to the clock: a test's few submissions must
    not straddle a window's end, or a limit reached would be forgotten mid-test."""
    import types

    import django_ratelimit.core

    frozen = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: frozen))


@pytest.fixture
def alfa(db):
    from hub.municipalities.models import Municipality

    return Municipality.objects.get(slug="alfa")


@pytest.fixture
def beta(db):
    from hub.municipalities.models import Municipality

    return Municipality.objects.get(slug="beta")


def account(email: str):
    from hub.accounts.models import User

    return User.objects.get(email=email)


def client_for(municipality=None, user=None) -> Client:
    """A test client on a municipality's subdomain (or the platform), signed in there."""
    host = f"{municipality.slug}.{settings.PLATFORM_DOMAIN}" if municipality else \
        settings.PLATFORM_DOMAIN
    client = Client(HTTP_HOST=host)
    if user is not None:
        if municipality is not None:
            # The session must be stored in that municipality's own session table.
            with tenant_context(municipality):
                client.force_login(user)
        else:
            client.force_login(user)
    connection.set_schema_to_public()
    return client


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup):
    """A real worker process (prefork, like production) on the test database."""
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    if host.startswith("/"):
        from urllib.parse import quote

        host = quote(host, safe="")
    elif db.get("PORT"):
        host = f"{host}:{db['PORT']}"
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{host}/{db['NAME']}",
               CONN_MAX_AGE="0", MEDIA_ROOT=str(MEDIA_ROOT),
               EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               EMAIL_FILE_PATH=str(WORKER_MAIL))
    from workers.celery import app

    app.control.purge()
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", "default", "-c", "1",
         "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("The Celery worker exited during start-up.")
        if app.control.ping(timeout=0.5):
            break
    else:
        proc.terminate()
        raise RuntimeError("The Celery worker did not answer a ping within 60 s.")
    yield proc
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="session")
def documents_worker_process(celery_worker_process):
    """A worker on the ``documents`` queue (PDF rendering), started like `make run` starts it."""
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    if db.get("PORT") and not host.startswith("/"):
        host = f"{host}:{db['PORT']}"
    database_url = f"postgres://{db['USER']}@{host}/{db['NAME']}"
    env = dict(os.environ, DATABASE_URL=database_url, CONN_MAX_AGE="0", KOMPLAN_TESTING="1",
               MEDIA_ROOT=str(MEDIA_ROOT))
    from workers.celery import app

    name = f"test-documents-{os.getpid()}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", "documents", "-c", "1",
         "--max-tasks-per-child", "10", "-l", "warning", "--without-gossip", "--without-mingle",
         "-n", f"{name}@%h"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("The documents worker exited during start-up.")
        replies = app.control.ping(timeout=0.5)
        if any(name in key for reply in replies for key in reply):
            break
    else:
        proc.terminate()
        raise RuntimeError("The documents worker did not answer a ping within 60 s.")
    proc.database_url = database_url
    yield proc
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def live_db(django_db_setup, django_db_blocker, celery_worker_process):
    """Committed data a worker process can see; the test removes what it wrote."""
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy; returns its value or raises after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Condition not met within {timeout} s")


def worker_mail() -> list:
    """Messages the worker process has sent so far (email.message.EmailMessage objects)."""
    from email import policy
    from email.parser import BytesParser

    separator = b"\n" + b"-" * 79 + b"\n"
    found = []
    for path in sorted(WORKER_MAIL.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for chunk in path.read_bytes().split(separator):
            if chunk.strip():
                found.append(BytesParser(policy=policy.default).parsebytes(chunk))
    return found


@pytest.fixture
def worker_outbox(live_db):
    """An empty worker outbox before the test; read it with worker_mail()."""
    WORKER_MAIL.mkdir(parents=True, exist_ok=True)
    for path in WORKER_MAIL.glob("*.log"):
        path.unlink()
    yield worker_mail
