"""Every page of the foundation in a real browser: it renders, reads right, and works."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.browser]


def test_platform_home_lists_and_finds_municipalities(page, live_url):
    page.goto(f"http://{live_url}/")
    assert page.locator("h1").inner_text() == "Komunitné plánovanie sociálnych služieb"
    assert page.locator("table.list a", has_text="Alfa").count() == 1
    shot(page, "platform-home")
    page.fill("#q", "zkusebni")
    page.click("form.search button")
    assert page.locator("table.list a").all_inner_texts() == ["Beta"]
    page.fill("#q", "nic-take")
    page.click("form.search button")
    assert "nezodpovedá žiadna obec" in page.locator("p.empty").inner_text()
    shot(page, "platform-search-empty")


def test_municipality_home_in_its_language(page, live_url):
    port = live_url.split(":")[1]
    page.goto(f"http://beta.localhost:{port}/")
    assert page.locator("html").get_attribute("lang") == "cs"
    assert "Komunitní plánování sociálních služeb — Beta" in page.locator("h1").inner_text()
    shot(page, "municipality-home-cs")
    # On a phone: the cards stack, nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    assert page.locator("dl.facts").is_visible()
    shot(page, "municipality-home-cs-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "municipality-home-en")


def test_staff_sign_in_edit_and_validation(page, live_url):
    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    page.goto(f"{base}/staff/")
    assert "/accounts/signin/" in page.url
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", "zle-heslo")
    page.click("button.primary")
    assert "E-mail alebo heslo nie je správne." in page.locator(".errors").inner_text()
    assert page.input_value("#id_email") == "alfa.editor@test.sk"
    shot(page, "signin-error")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    assert page.url == f"{base}/staff/"
    assert "Správa: Alfa" in page.locator("h1").inner_text()
    shot(page, "staff-home")
    page.click("text=Upraviť úvod")
    page.fill("#id_heading", "")
    page.fill("#id_text", "Text, ktorý sa nesmie stratiť.")
    page.click("button.primary")
    assert page.locator(".field-error").count() == 1
    assert page.input_value("#id_text") == "Text, ktorý sa nesmie stratiť."
    shot(page, "introduction-form-error")


def test_unknown_host_is_a_plain_page(page, live_url):
    port = live_url.split(":")[1]
    response = page.goto(f"http://neznama.localhost:{port}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Stránka sa nenašla"
    shot(page, "unknown-host")
