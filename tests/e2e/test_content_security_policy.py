"""The Content-Security-Policy in a real browser: the platform's pages and an unknown host's
keep it (every municipality page is checked on the axe walk), and the watcher that fails every
browser test on a violation really sees one."""

import pytest

from tests.e2e.conftest import csp_watch

pytestmark = [pytest.mark.browser]


def test_the_platform_and_an_unknown_host_keep_the_policy(page, live_url):
    """Every municipality page is checked on the axe walk (tests/e2e/test_axe_in_browser.py:
    each HTML page of the isolation matrix, public and staff, in an SK and a CZ municipality,
    carries the policy and violates nothing). Here: the platform's own pages and the page
    of a host no municipality has."""
    port = live_url.split(":")[1]
    for path in ("/", "/accounts/signin/"):
        response = page.goto(f"http://localhost:{port}{path}", wait_until="networkidle")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
    response = page.goto(f"http://nikde.localhost:{port}/")
    assert response.status == 404
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # The page fixture fails this test at teardown if any of them logged a violation.


def test_a_violation_is_seen_and_reported(browser, live_url):
    """The watcher is not blind: an inline script on a page under the policy is blocked and
    reported, both as the browser's event and in its console."""
    port = live_url.split(":")[1]
    context = browser.new_context()
    violations = csp_watch(context)
    page = context.new_page()
    page.goto(f"http://localhost:{port}/")
    blocked = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation",
                                  (event) => resolve(event.violatedDirective), {once: true});
        const script = document.createElement("script");
        script.textContent = "window.ranInline = true";
        document.body.appendChild(script);
    })""")
    assert blocked == "script-src-elem"
    ran = page.evaluate("() => window.ranInline === true")
    context.close()
    assert ran is False
    directives = {violation.get("directive") for violation in violations}
    assert "script-src-elem" in directives, violations
    assert any("Content Security Policy" in violation.get("console", "")
               for violation in violations), violations
