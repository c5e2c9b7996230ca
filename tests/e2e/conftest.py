"""Browser fixtures: a live server thread on the test database and headless Debian Chromium.

Browser tests never go missing quietly: without Chromium (or Playwright) they are skipped
with one loud line in the summary — and under CI (CI=true) the run fails instead.
"""

import os
import shutil
from pathlib import Path

import pytest

# CHROMIUM_PATH points elsewhere on machines whose Chromium is not Debian's.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
# Playwright's sync API runs an event loop in this thread; the ORM calls around it are ours.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _chromium() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return None if "CHROMIUM_PATH" in os.environ else shutil.which("chromium")


def browser_unavailable() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if _chromium() is None:
        return f"{CHROMIUM} missing — install chromium (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed — run make install"
    return None


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    reason = browser_unavailable() if browser_tests else None
    if reason is None:
        return
    if _in_ci():
        message = (f"{len(browser_tests)} browser tests cannot run: {reason}. CI=true, so "
                   "they are not skipped: the run fails.")
        if not hasattr(config, "workerinput"):
            raise pytest.UsageError(message)
        # In a pytest-xdist worker a usage error reaches the screen only as an internal
        # error without its words: each browser test fails with them instead.
        config.stash[_CANNOT_RUN] = message
        return
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


_CANNOT_RUN = pytest.StashKey[str]()


def pytest_runtest_setup(item):
    message = item.config.stash.get(_CANNOT_RUN, None)
    if message and item.get_closest_marker("browser"):
        pytest.fail(message, pytrace=False)


# Counting the skipped browser tests, the loud line and failing the run under CI happen in
# tests/conftest.py: with `make test`'s two processes only the top conftest sees every report.


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker, static_files_collected):
    """Serve the app on 127.0.0.1:<port>; pages are reached as http://<slug>.localhost:<port>/.
    Static files come from WhiteNoise and the collected, hashed files, as in production."""
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    # WhiteNoise looks each file up on disk when asked (autorefresh) instead of listing
    # STATIC_ROOT once at start: in CI a page once named a stylesheet collected after this
    # server had listed the folder, got a 404 and the admin came up unstyled (its sidebar
    # then covered the buttons the test clicks). The names are still the manifest's hashed ones.
    with django_db_blocker.unblock():
        with override_settings(WHITENOISE_AUTOREFRESH=True):  # read once, as the server starts
            thread = LiveServerThread("127.0.0.1", lambda handler: handler, port=0)
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
            executable_path=_chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


# Every violation of the Content-Security-Policy a page reports, as the browser sees it: the
# event reaches the test through a binding (added by the browser, not by the page, so the
# policy itself does not block it); Chromium's console line is the second witness.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__komplanCspViolation({page: location.href, directive: event.violatedDirective,
                                blocked: event.blockedURI, source: event.sourceFile,
                                line: event.lineNumber, sample: event.sample});
});
"""


def csp_watch(context) -> list:
    """Collect the CSP violations of every page in this browser context."""
    violations = []
    context.expose_binding("__komplanCspViolation",
                           lambda _source, violation: violations.append(violation))
    context.add_init_script(_CSP_LISTENER)

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append({"console": message.text})

    context.on("console", console)
    return violations


@pytest.fixture
def page(browser, django_db_blocker):
    """A 1280 px page. Any Content-Security-Policy violation on any page the test visits
    fails the test (at teardown, listing each violation)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sk-SK")
    watched = csp_watch(context)
    page = context.new_page()
    settled(page)
    with django_db_blocker.unblock():
        yield page
    context.close()
    if watched:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(
            str(violation) for violation in watched), pytrace=False)


def shot(page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def follow(page, target) -> None:
    """Click a link or a submit button (a selector or a locator) and wait until the page it
    leads to has loaded: a count read right after a bare click may still see the old page on
    a busy machine."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def settled(page) -> None:
    """Make page.content() wait until the document it reads has been parsed. A click that
    starts a navigation returns once the new document is committed; read at that moment, the
    page is '' (seen in CI: the service page's body empty right after its link was clicked)."""
    read = page.content

    def content() -> str:
        page.wait_for_load_state("domcontentloaded")
        return read()

    page.content = content
