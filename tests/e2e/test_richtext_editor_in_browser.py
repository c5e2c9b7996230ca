"""The rich-text editor in a real browser: staff format a news item with the toolbar and the
keyboard (heading, list, bold, link), the public page shows it; a pasted script is gone, on
the page and in what is stored; without JavaScript the plain textarea still saves."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.axe import describe, violations
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def alfa_news(django_db_blocker):
    """Alfa's news items made by the test are removed afterwards."""
    from hub.municipalities.models import Municipality
    from tenants.portal.models import NewsItem

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        before = set(NewsItem.objects.values_list("pk", flat=True))

    def made():
        with tenant_context(alfa):
            return list(NewsItem.objects.exclude(pk__in=before).order_by("pk"))

    yield made
    with django_db_blocker.unblock(), tenant_context(alfa):
        NewsItem.objects.exclude(pk__in=before).delete()


def _signin(page, base):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")


def _new_item(page, base, title):
    page.goto(f"{base}/staff/news/new/")
    page.fill("#id_title", title)
    page.fill("#id_published_at", "2026-01-05T10:00")


@pytest.mark.parametrize("width", [1280, 375])
def test_staff_format_a_news_item_and_residents_read_it(page, live_url, alfa_news, width):
    page.set_viewport_size({"width": width, "height": 900})
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    _signin(page, base)
    _new_item(page, base, f"Nový rozvoz obedov {width}")
    toolbar = page.locator("[role=toolbar]")
    assert toolbar.get_attribute("aria-label") == "Formátovanie textu: Text"
    assert toolbar.locator("button .visually-hidden").all_inner_texts() == [
        "Tučné", "Kurzíva", "Nadpis", "Podnadpis", "Zoznam s odrážkami", "Číslovaný zoznam",
        "Odkaz", "Odstrániť odkaz", "Zobraziť HTML"]
    assert page.locator("#id_body").is_hidden()
    editor = page.locator("#id_body_editor")
    editor.click()
    page.locator(".rte-heading").click()
    page.keyboard.type("Rozvoz obedov")
    page.keyboard.press("Enter")
    page.locator(".rte-bullets").click()
    page.keyboard.type("pondelok")
    page.keyboard.press("Enter")
    page.keyboard.type("streda")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.press("Control+b")
    page.keyboard.type("Prihlášky")
    page.keyboard.press("Control+b")
    assert page.locator(".rte-bold").get_attribute("aria-pressed") == "false"
    page.keyboard.type(" na webe")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowLeft")
    page.once("dialog", lambda dialog: dialog.accept("https://alfa.example/obedy"))
    page.locator(".rte-link").click()
    found = violations(page)
    assert found == [], describe(page.url, found)
    shot(page, f"richtext-editor-{width}")
    follow(page, "button.primary")
    assert page.locator(".messages").inner_text() == "Aktualita bola uložená."
    item = alfa_news()[-1]
    page.goto(f"{base}/news/{item.pk}/")
    body = page.locator("main .prose").first
    assert body.locator("h2").inner_text() == "Rozvoz obedov"
    assert body.locator("ul li").all_inner_texts() == ["pondelok", "streda"]
    assert body.locator("strong").inner_text() == "Prihlášky"
    assert body.locator("a").inner_text() == "webe"
    assert body.locator("a").get_attribute("href") == "https://alfa.example/obedy"
    found = violations(page)
    assert found == [], describe(page.url, found)
    shot(page, f"richtext-news-public-{width}")
    # Opened again, the stored HTML edits as it was written.
    page.goto(f"{base}/staff/news/{item.pk}/")
    assert page.locator("#id_body_editor h2").inner_text() == "Rozvoz obedov"
    assert page.locator("#id_body_editor li").count() == 2


def test_a_pasted_script_is_gone(page, live_url, alfa_news):
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    _signin(page, base)
    _new_item(page, base, "Vložený text")
    page.locator("#id_body_editor").click()
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData("text/html", '<h1>Z Wordu</h1><p onclick="alert(1)">Odsek</p>' +
                     '<script>window.pasted = 1</script><a href="javascript:alert(2)">zlý</a>');
        document.querySelector("#id_body_editor").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""")
    editor_html = page.locator("#id_body_editor").inner_html()
    assert "script" not in editor_html and "onclick" not in editor_html
    assert "javascript:" not in editor_html
    assert page.evaluate("() => window.pasted") is None
    # Whatever the browser sends, the server sanitises: typed into the HTML view this time.
    page.locator(".rte-source").click()
    assert page.locator("#id_body").is_visible()
    assert page.locator(".rte-source").get_attribute("aria-pressed") == "true"
    page.fill("#id_body", page.input_value("#id_body") + "<script>window.saved = 1</script>")
    follow(page, "button.primary")
    item = alfa_news()[-1]
    assert "<script" not in item.body and "window.saved" not in item.body
    assert "<h2>Z Wordu</h2>" in item.body and "Odsek" in item.body
    page.goto(f"{base}/news/{item.pk}/")
    assert page.locator("main script").count() == 0
    assert "Z Wordu" in page.locator("main").inner_text()


def test_without_javascript_the_textarea_saves(browser, live_url, alfa_news):
    context = browser.new_context(java_script_enabled=False, locale="sk-SK")
    page = context.new_page()
    try:
        base = f"http://alfa.localhost:{live_url.split(':')[1]}"
        _signin(page, base)
        _new_item(page, base, "Bez skriptov")
        assert page.locator("[role=toolbar]").count() == 0
        page.fill("#id_body", "Prvý odsek.\n\nDruhý odsek.")
        follow(page, "button.primary")
        assert alfa_news()[-1].body == "<p>Prvý odsek.</p>\n\n<p>Druhý odsek.</p>"
    finally:
        context.close()
