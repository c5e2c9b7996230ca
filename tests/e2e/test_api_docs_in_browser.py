"""The API docs and the "Getting a token" guide in a real browser, in the municipality's
language, at 1280 and 375 px: the docs' own header over Swagger UI, the schema loaded in
the same language, the guide reached from the docs and back."""

import pytest

from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def test_docs_and_token_guide_in_slovak_and_czech(page, live_url):
    base = f"http://alfa.{live_url}"
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/api/docs/")
        assert page.locator("h1").first.inner_text() == "Dokumentácia API"
        # Swagger UI drew the operations from the Slovak schema (groups and summaries).
        page.wait_for_selector(".opblock-summary-description", timeout=30000)
        assert "Zoznam" in page.locator("#swagger-ui").inner_text()
        shot(page, f"api-docs-{width}")
        follow(page, "a[href^='/api/docs/tokens/']")
        assert page.locator("h1").inner_text() == "Ako získať token"
        assert f"{base}/api/plans/" in page.locator("pre").first.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"api-token-guide-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/api/docs/?lang=cs")
    page.wait_for_selector(".opblock-summary-description", timeout=30000)
    assert page.locator("h1").first.inner_text() == "Dokumentace API"
    assert "Seznam" in page.locator("#swagger-ui").inner_text()
