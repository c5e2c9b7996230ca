"""Browser fixtures: a live server thread on the test database and headless Debian Chromium."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# Playwright's sync API runs an event loop in this thread; the ORM calls around it are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

browser_missing = pytest.mark.skipif(
    not shutil.which("chromium") and not os.path.exists(CHROMIUM),
    reason="Debian's chromium is not installed (apt-get install chromium)",
)


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """Serve the app on 127.0.0.1:<port>; pages are reached as http://<slug>.localhost:<port>/."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"localhost:{thread.port}"
        thread.terminate()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, django_db_blocker):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sk-SK")
    page = context.new_page()
    with django_db_blocker.unblock():
        yield page
    context.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
