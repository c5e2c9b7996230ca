"""The optimal network in a real browser at 1280 and 375 px, with the real documents
worker: an editor describes the network of a plan, adds the gaps as items, corrects an item
the form refuses, and generates the PDF."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot
from tests.e2e.test_analysis_in_browser import alfa_as_orp  # noqa: F401
from tests.tenants.documents.conftest import documents_db  # noqa: F401
from tests.tenants.plans.builders import plan_with_tree

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _both_widths(page, name, *, own_page=True):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{width}")
        # Nothing may scroll the page sideways on a phone (tables scroll in their box).
        assert not own_page or page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_gaps_become_items_and_the_pdf_is_made(page, live_url, documents_db,  # noqa: F811
                                                alfa_as_orp):  # noqa: F811
    with tenant_context(alfa_as_orp):
        plan_with_tree(account("alfa.editor@test.sk"), title="Plán ORP Benešov",
                       basis="cz-orp", year_from=2025, year_to=2028)
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    page.goto(f"{base}/accounts/signin/?next=/staff/analysis/network-plans/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/staff/analysis/network-plans/")
    assert page.locator("h1").inner_text() == "Optimálna sieť sociálnych služieb"
    _both_widths(page, "network-plans-list")
    follow(page, "#new button[type=submit]")
    assert page.locator("h1").inner_text() == "Popis optimálnej siete sociálnych služieb"
    follow(page, "form[action$='/from-gaps/'] button")
    assert "Počet rozdielov pridaných ako položky: 2." in page.locator("body").inner_text()
    assert page.locator("table.network-items tbody tr").count() == 2
    follow(page, "table.network-items a:text('Upraviť')")
    page.fill("#id_capacity", "0")
    page.fill("#id_year", "2031")
    follow(page, ".network-item-form button[type=submit]")
    errors = page.locator(".network-item-form").inner_text()
    assert "Kapacita musí byť väčšia ako 0." in errors
    assert "Rok musí byť v rokoch plánu, 2025–2028." in errors
    _both_widths(page, "network-item-errors")
    page.fill("#id_capacity", "20")
    page.fill("#id_year", "2026")
    page.fill("#id_cost", "8400000")
    page.check(".network-item-form input[name=measures] >> nth=0")
    follow(page, ".network-item-form button[type=submit]")
    assert "8\u00a0400\u00a0000,00\u00a0Kč" in page.locator("body").inner_text()
    _both_widths(page, "network-plan-detail")
    follow(page, "a:text('Plán ORP Benešov 2025–2028')")
    note = page.locator(".measure-notes").first.inner_text()
    assert note.startswith("Rieši rozdiel: Domovy pre") and "pri prepojení: chýba" in note
    # The plan's page (not this app's): its history table is wider than a phone already.
    _both_widths(page, "network-plan-measure-note", own_page=False)
    page.go_back()
    follow(page, "button:text('Vytvoriť PDF')")
    page.wait_for_url("**/staff/documents/jobs/*/")
    download_link = page.locator("a.button", has_text="Stiahnuť verziu 1")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == download.value.suggested_filename.replace(
        " ", "") and download.value.suggested_filename.startswith("network-")
