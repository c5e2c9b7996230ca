"""The region's norms in a real browser at 1280 and 375 px: a coordinator adds a norm (a
refused one first, with its message), changes it and deletes it after the question."""

import pytest

from hub.accounts.models import CoordinatorAssignment
from hub.regional.models import RegionNorm
from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot
from tests.hub.regional.conftest import coordinator

pytestmark = [pytest.mark.browser]


@pytest.fixture
def norms_coordinator(django_db_blocker):
    with django_db_blocker.unblock():
        user = coordinator("koord.normy@test.sk", "t-kraj")
    yield user
    with django_db_blocker.unblock():
        RegionNorm.objects.filter(area__code="t-kraj").delete()
        CoordinatorAssignment.objects.filter(user=user).delete()


def _both_widths(page, name):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{width}")
        # Nothing may scroll the page sideways on a phone (tables scroll in their box).
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_coordinator_sets_the_regions_norms(page, live_url, norms_coordinator):
    base = f"http://{live_url}"
    page.goto(f"{base}/accounts/signin/?next=/regions/t-kraj/norms/")
    page.fill("#id_email", "koord.normy@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/regions/t-kraj/norms/")
    assert page.locator("nav.tabs a.current").inner_text() == "Normatívy"
    _both_widths(page, "region-norms-empty")
    page.select_option("#id_service_type", "sk-35")
    page.select_option("#id_target_group", "seniors")
    page.select_option("#id_unit", "bed")
    page.fill("#id_per_1000", "0")
    follow(page, "#norm button[type=submit]")
    assert "Normatív musí byť viac ako 0 miest na 1 000." in page.locator(
        ".field-error").inner_text()
    _both_widths(page, "region-norms-refused")
    page.fill("#id_per_1000", "25,5")
    page.fill("#id_note", "Koncepcia rozvoja sociálnych služieb kraja 2026–2030")
    follow(page, "#norm button[type=submit]")
    assert page.locator("table.list tbody tr").count() == 1
    assert "25,50 lôžka" in page.locator("table.list tbody").inner_text()
    _both_widths(page, "region-norms-list")
    follow(page, "table.list tbody a >> nth=0")
    page.fill("#id_per_1000", "30")
    follow(page, "form.card button[type=submit]")
    assert "30,00 lôžka" in page.locator("table.list tbody").inner_text()
    follow(page, "table.list tbody a >> nth=1")
    assert page.locator("h2").inner_text() == "Vymazať normatív?"
    _both_widths(page, "region-norms-delete")
    follow(page, "form.card button.danger")
    assert page.locator("p.empty").count() == 1
    assert RegionNorm.objects.count() == 0
