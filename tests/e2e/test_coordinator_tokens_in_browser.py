"""A coordinator's tokens for the regional API in a real browser: made on the page (shown
once), used from the page itself, revoked; the page fits 1280 and 375 px."""

import pytest

from hub.accounts.models import CoordinatorAssignment, CoordinatorToken
from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot
from tests.hub.regional.conftest import coordinator

pytestmark = [pytest.mark.browser]


@pytest.fixture
def two_areas(django_db_blocker):
    with django_db_blocker.unblock():
        # Kept afterwards (deleting an account cascades into tenant tables from public).
        user = coordinator("koord.tokens.e2e@test.sk", "t-kraj", "t-kraj-cz")
    yield user
    with django_db_blocker.unblock():
        CoordinatorToken.objects.filter(created_by=user).delete()
        CoordinatorAssignment.objects.filter(user=user).delete()


def _status(page, url, secret) -> int:
    return page.evaluate("([url, secret]) => fetch(url, {headers: {Authorization: "
                         "'Bearer ' + secret}}).then(r => r.status)", [url, secret])


def test_coordinator_makes_uses_and_revokes_a_token(page, live_url, two_areas):
    base = f"http://{live_url}"
    page.goto(f"{base}/regions/")
    page.fill("#id_email", "koord.tokens.e2e@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")
    follow(page, "text=Tokeny pre regionálne API")
    assert page.locator("h1").inner_text() == "Tokeny pre regionálne API"
    page.fill("#id_name", "Prehľad kraja")
    page.check("label:has-text('Testovací kraj') input")
    follow(page, "button.primary")
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("kpr_")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"coordinator-tokens-new-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert _status(page, f"{base}/regions/api/areas/t-kraj/", secret) == 200
    assert _status(page, f"{base}/regions/api/areas/t-kraj-cz/", secret) == 404
    page.goto(f"{base}/regions/tokens/")
    assert secret not in page.content()
    follow(page, "a.danger-link")
    follow(page, "button.danger")
    assert "zrušený" in page.locator("table.list").inner_text()
    page.set_viewport_size({"width": 375, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "coordinator-tokens-list-375")
    assert _status(page, f"{base}/regions/api/areas/t-kraj/", secret) == 401
