"""The documents pages in a real browser, with the real documents worker: press Generate,
watch the job page refresh itself to the download, and find the leaflet on /publications/."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import shot
from tests.tenants.documents.conftest import (
    documents_db,  # noqa: F401
    plan_with_everything,
)

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_generate_the_plan_and_download_it(page, live_url, documents_db):  # noqa: F811
    plan_with_everything(documents_db["alfa"], editor_email="alfa.editor@test.sk",
                         title="Komunitný plán Alfy")
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    page.goto(f"{base}/accounts/signin/?next=/staff/documents/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/staff/documents/")
    assert page.locator("h1").inner_text() == "Dokumenty"
    row = page.locator("tr", has_text="Komunitný plán Alfy")
    # The plan's approval made its PDF by itself (#14); Generate again makes no new version.
    assert "verzia 1 (PDF" in row.inner_text()
    shot(page, "documents-staff-list")
    row.locator("button", has_text="Vygenerovať").click()
    page.wait_for_url("**/staff/documents/jobs/*/")
    # The page refreshes itself every 2 s until the job is finished.
    download_link = page.locator("a.button", has_text="Stiahnuť verziu 1")
    download_link.wait_for(timeout=60_000)
    shot(page, "documents-job-done")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith("-v1.pdf")
    page.goto(f"{base}/staff/documents/")
    assert "verzia 1 (PDF" in page.locator("tr", has_text="Komunitný plán Alfy").inner_text()
    page.goto(f"{base}/publications/")
    assert "Pomoc pre seniorov a ich opatrovateľov" in page.locator("main, body").first.inner_text()
    shot(page, "publications")
