"""Coordinator pages and the regional catalogue in a real browser (platform domain)."""

import pytest

from hub.accounts.models import CoordinatorAssignment
from hub.municipalities.models import Municipality
from hub.regional.models import MunicipalityFigures
from hub.regional.services import figures_refresh
from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.hub.regional.conftest import coordinator

pytestmark = [pytest.mark.browser]


@pytest.fixture
def kraj_coordinator(django_db_blocker):
    with django_db_blocker.unblock():
        # Kept afterwards (deleting an account cascades into tenant tables from public).
        user = coordinator("koord.e2e@test.sk", "t-kraj")
        alfa = Municipality.objects.get(slug="alfa")
        figures_refresh(municipality=alfa)
    yield user
    with django_db_blocker.unblock():
        CoordinatorAssignment.objects.filter(user=user).delete()
        MunicipalityFigures.objects.filter(municipality=alfa).delete()


def test_coordinator_compares_charts_and_opens_a_profile(page, live_url, kraj_coordinator):
    base = f"http://{live_url}"
    page.goto(f"{base}/regions/")
    assert "/accounts/signin/" in page.url
    page.fill("#id_email", "koord.e2e@test.sk")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    assert page.url == f"{base}/regions/"
    page.click("text=Testovací kraj")
    assert page.locator("h1").inner_text() == "Testovací kraj"
    assert page.locator("table.compare tbody tr").count() == 1
    assert page.locator("table.compare tfoot").inner_text().startswith("Medián regiónu")
    page.click("table.compare th >> text=Počet obyvateľov")
    assert "sort=population" in page.url
    shot(page, "regional-overview")
    page.click("nav.tabs >> text=Grafy")
    page.select_option("#figure", "public_comments")
    page.click("main form button[type=submit]")
    assert page.locator("svg.bar-chart rect").count() == 1
    shot(page, "regional-chart")
    page.click("nav.tabs >> text=Strážca termínov")
    assert page.locator(".watch h2").count() == 4
    shot(page, "regional-deadlines")
    page.click("nav.tabs >> text=Prehľad")
    page.click("table.compare tbody >> text=Alfa")
    assert page.locator("h1").inner_text() == "Alfa"
    assert "kpss@alfa.test" not in page.content()
    shot(page, "regional-profile")


def test_resident_searches_the_regional_catalogue(page, live_url):
    page.goto(f"http://{live_url}/regions/catalogue/")
    page.click("text=Testovací kraj")
    assert "Sociálne služby — Testovací kraj" in page.locator("h1").inner_text()
    page.fill("#q", "nič také")
    page.click("main form button[type=submit]")
    assert page.locator("p.empty").count() == 1
    shot(page, "regional-catalogue-empty")
