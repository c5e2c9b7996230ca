"""Pages of a Slovak and a Czech municipality, and the operators' admin in Slovak, carry no
fragment of another language from the list of leaks found so far."""

import html
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for
from tests.hub.tenancy.test_isolation_matrix import PAGES, _fill, objs  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

# English words that showed (or would show) where a translation was missing; matched as
# whole words in the visible text.
ENGLISH = ["Activity", "Population aged", "Auth Token", "Tokens", "Sign in", "Sign out", "Save",
           "Cancel", "Skip to content", "Accessibility statement", "Privacy", "Progress",
           "Staff", "News", "Documents", "Edit", "Delete", "Search", "required", "Plan as a whole"]
# Letters and words of the other language: Czech on Slovak pages and the reverse.
FOREIGN = {"sk": ["ř", "ů", "ě", "přístup"], "cs": ["ô", "ľ", "ĺ", "ŕ", "ä", "prístup"]}
# Every path of the matrix, fetched with GET (a page listed there only for its form's POST,
# like the action plan, shows that form on GET; a POST-only view answers 405 and no text).
GET_PAGES = sorted({(path, minimum) for _route, path, _method, minimum, _body in PAGES
                    if not path.startswith(("/api/", "/i18n/"))})
_LANGUAGE_SWITCH = re.compile(r'<form[^>]*class="inline lang".*?</form>', re.S)
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def visible_text(page: str) -> str:
    """The words a reader sees, attributes a screen reader reads (aria-label, title, alt,
    placeholder) included; the language switch names every language in itself, so it goes."""
    page = _INVISIBLE.sub(" ", _LANGUAGE_SWITCH.sub(" ", page))
    spoken = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + spoken)


def page_text(response) -> str:
    """The visible text of an HTML page (an error page too: a refused link must be as clear);
    files (PDF, CSV, downloads) are checked elsewhere."""
    assert response.status_code < 500, response.status_code
    if not response["Content-Type"].startswith("text/html"):
        return ""
    return visible_text(response.content.decode())


def leaks(text: str, language: str) -> list[str]:
    found = [w for w in ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    return found + [w for w in FOREIGN[language] if w in text]


def test_the_check_finds_a_leak():
    page = ('<form class="inline lang"><button>English</button></form><p>Aktivita: '
            '<span aria-label="Progress">x</span> ♿ bezbariérový přístup</p><script>Save</script>')
    assert leaks(visible_text(page), "sk") == ["Progress", "ř", "přístup"]
    assert leaks(visible_text("<p>Aktivita, uložiť</p>"), "sk") == []


@pytest.mark.parametrize("path,minimum", GET_PAGES)
def test_every_page_of_a_slovak_municipality_is_slovak(alfa, objs, path, minimum):  # noqa: F811
    user = None if minimum == "public" else account("alfa.admin@test.sk")
    response = client_for(alfa, user).get(_fill(path, objs))
    assert leaks(page_text(response), "sk") == []


@pytest.mark.parametrize("path,minimum", [row for row in GET_PAGES if "{" not in row[0]])
def test_every_page_of_a_czech_municipality_is_czech(beta, path, minimum):
    user = None if minimum == "public" else account("beta.admin@test.sk")
    response = client_for(beta, user).get(path)
    assert leaks(page_text(response), "cs") == []


def test_the_slovak_demo_catalogue_notes_accessibility_in_slovak(alfa):
    from types import SimpleNamespace

    from tenants.catalogue import demo
    from tenants.catalogue.models import Location

    with tenant_context(alfa):
        assert demo.demo_seed(SimpleNamespace(slug="banska-bystrica")) > 0
        notes = set(Location.objects.values_list("accessibility", flat=True))
    assert "bezbariérový prístup" in notes
    assert not any(leaks(note, "sk") for note in notes)


def test_the_admin_in_slovak_names_nothing_in_english(db):
    from hub.accounts.models import User

    operator = User.objects.create_superuser("operator@test.sk", "x-Long-enough-9")
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    client.force_login(operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sk"
    urls = "hub.urls_public"
    pages = [reverse("admin:index", urls)]
    for model in admin.site._registry:
        meta = model._meta
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist", urls))
        pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add", urls))
    for page in pages:
        response = client.get(page)
        if response.status_code == 403:  # models without an add page
            continue
        assert leaks(page_text(response), "sk") == [], page


PLATFORM_PAGES = ["/", "/my/", "/accounts/signin/", "/accessibility/", "/privacy/", "/regions/",
                  "/regions/catalogue/",
                  "/regions/catalogue/t-kraj/", "/regions/t-kraj/", "/regions/t-kraj/deadlines/",
                  "/regions/t-kraj/municipalities/alfa/"]


@pytest.mark.parametrize("language", ["sk", "cs"])
def test_the_platforms_pages_in_the_chosen_language(db, language):
    from tests.hub.regional.conftest import coordinator

    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    client.force_login(coordinator("koordinator@test.sk", "t-kraj"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in PLATFORM_PAGES:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert leaks(page_text(response), language) == [], path
