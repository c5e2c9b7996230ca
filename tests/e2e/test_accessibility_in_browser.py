"""Skip link, focus, the accessibility statement and privacy notice, and the language switch
in a real browser at desktop and phone widths."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def _base(live_url, slug):
    return f"http://{slug}.localhost:{live_url.split(':')[1]}"


def test_keyboard_reaches_the_skip_link_first_and_it_jumps_to_the_content(page, live_url):
    page.goto(_base(live_url, "alfa") + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, "
                            "document.activeElement.textContent]")
    assert focused == ["skip-link", "Preskočiť na obsah"]
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0, "the focused skip link is shown on screen"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    shot(page, "a11y-skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"


@pytest.mark.parametrize("width", [1280, 375])
def test_statement_and_notice_from_the_footer(page, live_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(_base(live_url, "alfa") + "/")
    follow(page, "footer >> text=Vyhlásenie o prístupnosti")
    assert page.locator("h1").inner_text() == "Vyhlásenie o prístupnosti"
    assert "95/2019 Z. z." in page.locator("main").inner_text()
    shot(page, f"a11y-statement-sk-{width}")
    follow(page, "footer >> text=Ochrana osobných údajov")
    assert page.locator("h1").inner_text() == "Informácie o ochrane osobných údajov"
    shot(page, f"privacy-notice-sk-{width}")
    page.goto(_base(live_url, "beta") + "/accessibility/")
    assert "99/2019 Sb." in page.locator("main").inner_text()
    shot(page, f"a11y-statement-cs-{width}")
    # Nothing wider than the screen on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_the_admin_writes_their_own_privacy_notice(page, live_url):
    base = _base(live_url, "alfa")
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", "alfa.admin@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")
    page.goto(f"{base}/staff/")
    follow(page, "main a[href='/staff/legal/privacy/']")
    shot(page, "privacy-notice-edit")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "privacy-notice-edit-375")
    page.click(".rte-source")  # the editor's HTML view
    page.fill("#id_text", "<h3>Zásady obce Alfa</h3><p>Kontakt: dpo@alfa.test</p>")
    follow(page, "button.primary")
    try:
        assert page.url.endswith("/privacy/")
        assert "Zásady obce Alfa" in page.locator("main").inner_text()
        assert "Prevádzkovateľom vašich" not in page.locator("main").inner_text()
    finally:
        page.goto(f"{base}/staff/legal/privacy/")
        page.click(".rte-source")
        page.fill("#id_text", "")
        follow(page, "button.primary")
    assert "Prevádzkovateľom vašich osobných údajov" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [1280, 375])
def test_an_english_browser_on_the_platform_sees_where_to_switch(browser, live_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"http://{live_url}/")
        assert page.locator("html").get_attribute("lang") == "en"
        switch = page.locator("form.lang")
        assert switch.get_attribute("aria-label") == "Language"
        assert switch.locator("button").all_inner_texts() == ["Slovensky", "Česky", "English"]
        assert switch.locator("button", has_text="Slovensky").is_visible()
        shot(page, f"platform-language-switch-en-{width}")
        follow(page, "form.lang >> text=Slovensky")
        assert page.locator("html").get_attribute("lang") == "sk"
    finally:
        context.close()
