"""The API tokens page in a real browser: an admin makes a token, sees it once, uses it,
revokes it; the page fits 1280 and 375 px."""

import pytest

from hub.accounts.models import ApiToken
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.browser]


def _sign_in(page, base, email):
    page.goto(f"{base}/accounts/signin/?next=/staff/api-tokens/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def _status(page, url, secret) -> int:
    """A call with the token from the page itself (Chromium resolves *.localhost)."""
    return page.evaluate("([url, secret]) => fetch(url, {headers: {Authorization: "
                         "'Bearer ' + secret}}).then(r => r.status)", [url, secret])


def test_admin_makes_uses_and_revokes_a_token(page, live_url):
    base = f"http://alfa.{live_url}"
    try:
        _sign_in(page, base, "alfa.admin@test.sk")
        assert page.url == f"{base}/staff/api-tokens/"
        assert page.locator("h1").inner_text() == "API tokeny"
        page.fill("#id_name", "Webová stránka mesta")
        page.check("input[name=scope][value=write]")
        page.check("input[name=resources][value=plans]")
        page.click("button.primary")
        secret = page.locator("#token-secret").inner_text()
        assert secret.startswith("kpt_") and len(secret) == 47
        shot(page, "api-tokens-new")
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, "api-tokens-new-375")
        page.set_viewport_size({"width": 1280, "height": 900})

        assert _status(page, f"{base}/api/plans/", secret) == 200
        assert _status(page, f"{base}/api/meetings/", secret) == 403

        page.goto(f"{base}/staff/api-tokens/")
        assert secret not in page.content()
        assert "Webová stránka mesta" in page.locator("table.list").inner_text()
        shot(page, "api-tokens-list")
        page.click("a.danger-link")
        page.click("button.danger")
        assert "zrušený" in page.locator("table.list").inner_text()
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, "api-tokens-list-375")
        assert _status(page, f"{base}/api/plans/", secret) == 401
    finally:
        ApiToken.objects.filter(name="Webová stránka mesta").delete()


def test_an_editor_has_no_token_page(page, live_url):
    base = f"http://alfa.{live_url}"
    _sign_in(page, base, "alfa.editor@test.sk")
    assert page.locator("h1").inner_text() != "API tokeny"
    page.goto(f"{base}/staff/")
    assert page.locator("a[href='/staff/api-tokens/']").count() == 0
