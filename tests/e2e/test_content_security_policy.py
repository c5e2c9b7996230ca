"""The Content-Security-Policy in a real browser: every public and staff page of one
municipality (each page the isolation matrix declares) loads with no violation, and the
watcher that fails every browser test on a violation really sees one."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import csp_watch, shot
from tests.hub.tenancy.matrix import MODULES

pytestmark = [pytest.mark.browser]

PAGES = [(path, minimum) for module in MODULES
         for _route, path, method, minimum, _body in module.PAGES if method == "get"]


@pytest.fixture
def gamma(live_url, django_db_blocker):
    """A municipality of its own, filled with every object the matrix pages need (committed:
    the live server reads it) and dropped afterwards with its schema."""
    from hub.accounts.models import Membership, User
    from hub.municipalities.models import Region
    from hub.municipalities.services import municipality_create

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        region = Region.objects.get(code="t-okres")
        gamma = municipality_create(name="Gama", slug="gama", kind="town", country="SK",
                                    population=2000, kpss_email="kpss@gama.test",
                                    district=region)
        admin = User.objects.create_user("gama.admin@test.sk", PASSWORD)
        Membership.objects.create(user=admin, municipality=gamma, role="admin")
        objects = {}
        with tenant_context(gamma):
            for module in MODULES:
                objects.update(module.objects(gamma))
        try:
            yield gamma, objects
        finally:
            # The account stays (deleting a user reaches into tenant tables from public); the
            # test database goes at the end of the session.
            connection.set_schema_to_public()
            gamma.delete(force_drop=True)


def _visit(page, url: str) -> str:
    """Open an HTML page in the browser (files and JSON are only fetched, from the page on
    the same host, with its cookies); returns the content type."""
    status, kind, policy = page.evaluate("""async (url) => {
        const response = await fetch(url);
        return [response.status, response.headers.get("content-type") || "",
                response.headers.get("content-security-policy") || ""];
    }""", url)
    assert status < 500, (url, status)  # a bad token is a 400 page: still a page
    if kind.startswith("text/html"):
        assert "script-src 'self'" in policy, url
        page.goto(url, wait_until="networkidle")
    return kind


def test_every_page_of_a_municipality_keeps_the_policy(page, gamma, live_url):
    _municipality, objects = gamma
    port = live_url.split(":")[1]
    base = f"http://gama.localhost:{port}"
    visited = []
    page.goto(f"{base}/")
    for path, minimum in PAGES:
        if minimum == "public":
            if _visit(page, base + path.format(**objects)).startswith("text/html"):
                visited.append(path)
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", "gama.admin@test.sk")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    assert page.url == f"{base}/staff/"  # staff land on their start page
    for path, minimum in PAGES:
        if minimum != "public":
            if _visit(page, base + path.format(**objects)).startswith("text/html"):
                visited.append(path)
    shot(page, "csp-walk-last-staff-page")
    # The platform's own pages and the unknown-host page too.
    page.goto(f"http://localhost:{port}/")
    _visit(page, f"http://localhost:{port}/accounts/signin/")
    response = page.goto(f"http://nikde.localhost:{port}/")
    assert response.status == 404
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # Each HTML page of the matrix was opened (staff pages, public pages, the API docs).
    assert "/api/docs/" in visited and "/staff/" in visited and "/" in visited
    assert len(visited) >= 40, visited
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
