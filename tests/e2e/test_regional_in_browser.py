"""Coordinator pages and the regional catalogue in a real browser (platform domain)."""

import pytest

from hub.accounts.models import CoordinatorAssignment, User
from hub.municipalities.models import Municipality
from hub.regional.models import MunicipalityFigures
from hub.regional.services import figures_refresh
from tests.conftest import PASSWORD
from tests.e2e.conftest import SHOTS, follow, shot
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
    follow(page, "button.primary")
    assert page.url == f"{base}/regions/"
    follow(page, "text=Testovací kraj")
    assert page.locator("h1").inner_text() == "Testovací kraj"
    assert page.locator("table.compare tbody tr").count() == 1
    assert page.locator("table.compare tfoot").inner_text().startswith("Medián regiónu")
    follow(page, "table.compare th >> text=Počet obyvateľov")
    assert "sort=population" in page.url
    shot(page, "regional-overview")
    follow(page, "nav.tabs >> text=Grafy")
    page.select_option("#figure", "public_comments")
    follow(page, "main form button[type=submit]")
    assert page.locator("svg.bar-chart rect").count() == 1
    shot(page, "regional-chart")
    follow(page, "nav.tabs >> text=Strážca termínov")
    # Every check with its count (no plan, expired, expiring, action plan, evaluation, no
    # figures yet), one check's municipalities listed; a check's tab lists its own.
    assert page.locator(".watch nav.checks a").count() == 6
    follow(page, ".watch nav.checks a >> nth=3")
    assert "check=action_plan_missing" in page.url
    assert page.locator(".watch nav.checks a.current").count() == 1
    shot(page, "regional-deadlines")
    follow(page, "nav.tabs >> text=Prehľad")
    follow(page, "table.compare tbody >> text=Alfa")
    assert page.locator("h1").inner_text() == "Alfa"
    assert "kpss@alfa.test" not in page.content()
    shot(page, "regional-profile")


def test_resident_searches_the_regional_catalogue(page, live_url):
    page.goto(f"http://{live_url}/regions/catalogue/")
    follow(page, "text=Testovací kraj")
    assert "Sociálne služby — Testovací kraj" in page.locator("h1").inner_text()
    page.fill("#q", "nič také")
    follow(page, "main form button[type=submit]")
    assert page.locator("p.empty").count() == 1
    shot(page, "regional-catalogue-empty")


@pytest.fixture
def big_region(django_db_blocker):
    """A region of 130 municipalities (read-model rows only) and its coordinator."""
    from hub.regional.synthetic import region_build, region_remove

    with django_db_blocker.unblock():
        area = region_build(code="t-e2e-velky", name="Veľký kraj", country="SK", count=130,
                            seed=21, districts=4, prefix="e2e")
        # The account outlives the test (see kraj_coordinator); its assignment does not.
        user = User.objects.filter(email="koord.velky.e2e@test.sk").first()
        if user is None:
            user = coordinator("koord.velky.e2e@test.sk", "t-e2e-velky")
        else:
            CoordinatorAssignment.objects.create(user=user, area=area)
    yield area
    with django_db_blocker.unblock():
        CoordinatorAssignment.objects.filter(user=user).delete()
        region_remove(area)


def _sign_in(page, base, email):
    page.goto(f"{base}/accounts/signin/?next=/regions/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")


def _fits(page, width: int) -> None:
    """The page itself never scrolls sideways; a wide table scrolls inside its box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_large_region_pages_filters_and_charts(page, live_url, big_region):
    base = f"http://{live_url}"
    _sign_in(page, base, "koord.velky.e2e@test.sk")
    assert page.url == f"{base}/regions/t-e2e-velky/"
    assert page.locator("table.compare tbody tr").count() == 50
    assert "Obce 1–50 z 130" in page.locator("#shown").inner_text()
    follow(page, "table.compare th >> text=Služby")
    assert "sort=services" in page.url
    follow(page, "nav.pagination a[rel=next]")
    assert "sort=services" in page.url and "page=2" in page.url
    assert "Obce 51–100 z 130" in page.locator("#shown").inner_text()
    shot(page, "regional-large-overview-page2")
    page.fill("#q", "zdar")
    page.select_option("#kind", "village")
    follow(page, "form.area-filters button[type=submit]")
    assert "q=zdar" in page.url and "sort=services" in page.url
    rows = page.locator("table.compare tbody tr")
    assert 0 < rows.count() < 50
    assert all("Žďár" in name for name in rows.locator("td:first-child").all_inner_texts())
    assert page.locator("tfoot").inner_text().startswith("Medián vyfiltrovaných obcí")
    page.set_viewport_size({"width": 375, "height": 800})
    _fits(page, 375)
    shot(page, "regional-large-overview-filtered-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, "form.area-filters >> text=Zrušiť filter")
    follow(page, "nav.tabs >> text=Grafy")
    page.select_option("#figure", "public_comments")
    follow(page, "form.chart-form button[type=submit]")
    assert page.locator("svg.histogram").count() == 1
    assert page.locator(".ends svg").count() == 2
    shot(page, "regional-large-chart")
    page.set_viewport_size({"width": 375, "height": 800})
    _fits(page, 375)
    shot(page, "regional-large-chart-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, "nav.tabs >> text=Strážca termínov")
    follow(page, ".watch nav.checks a >> nth=0")  # no plan in force: half of them
    assert page.locator(".watch table.list tbody tr").count() == 50
    follow(page, "nav.pagination a[rel=next]")
    assert "check=no_plan" in page.url and "page=2" in page.url
    shot(page, "regional-large-deadlines-page2")
    page.set_viewport_size({"width": 375, "height": 800})
    _fits(page, 375)
    shot(page, "regional-large-deadlines-375")


def test_platform_home_pages_and_searches_on_a_phone(page, live_url, big_region):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"http://{live_url}/")
    _fits(page, 375)
    page.fill("#q", "SALA")
    follow(page, "form.search button[type=submit]")
    names = page.locator("table.list tbody tr td:first-child").all_inner_texts()
    assert names and all("Šaľa" in n for n in names)
    _fits(page, 375)
    shot(page, "platform-home-search-375")


def test_a_large_region_network_gaps_filter_sort_and_phone(page, live_url, big_region,
                                                            django_db_blocker):
    from hub.regional.synthetic import network_build

    with django_db_blocker.unblock():
        network_build(big_region, seed=21)
    base = f"http://{live_url}"
    _sign_in(page, base, "koord.velky.e2e@test.sk")
    follow(page, "nav.tabs >> text=Medzery v sieti")
    assert page.url == f"{base}/regions/t-e2e-velky/gaps/"
    assert page.locator("table.gaps").nth(0).locator("tbody tr").count() == 4  # the totals
    assert page.locator("table.gaps").nth(1).locator("tbody tr").count() == 50
    page.select_option("#type", "sk-35")
    follow(page, "form.gap-filters button[type=submit]")
    assert "type=sk-35" in page.url
    assert page.locator("table.gaps").nth(0).locator("tbody tr").count() == 1
    follow(page, "table.gaps th a[href*='sort=gap']")
    assert "sort=gap" in page.url
    shot(page, "regional-gaps-1280")
    page.screenshot(path=str(SHOTS / "regional-gaps-top-1280.png"))
    page.set_viewport_size({"width": 375, "height": 800})
    _fits(page, 375)
    shot(page, "regional-gaps-375")
    page.locator("#rows-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "regional-gaps-rows-375.png"))
