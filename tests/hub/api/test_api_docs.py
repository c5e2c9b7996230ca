"""The API's docs in the municipality's language: the schema's title, description, groups and
summaries by Accept-Language / ?lang= / the municipality's language, the docs page's own
header, and the public "Getting a token" guide linked from the docs and the staff pages."""

import pytest

from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db


def _schema(municipality, **headers):
    response = client_for(municipality).get("/api/schema/?format=json", **headers)
    assert response.status_code == 200
    return response.json()


def _operation(document, path, method):
    return document["paths"][path][method]


@pytest.mark.parametrize("language,title,summary,description", [
    ("sk", "API – Alfa", "Zoznam", "Plány. Neprihlásení čitatelia"),
    ("cs", "API – Alfa", "Seznam", "Plány. Nepřihlášení čtenáři"),
    ("en", "API of Alfa", "List", "Plans. Anonymous readers"),
])
def test_schema_speaks_the_callers_language(alfa, language, title, summary, description):
    document = _schema(alfa, HTTP_ACCEPT_LANGUAGE=language)
    assert document["info"]["title"] == title
    plans = _operation(document, "/api/plans/", "get")
    assert plans["summary"] == summary and plans["description"].startswith(description)
    # The error answers and the groups come in the same language.
    assert plans["responses"]["401"]["description"] != "" and plans["tags"]
    assert {tag["name"] for tag in document["tags"]} >= set(plans["tags"])


def test_schema_without_accept_language_is_in_the_municipalitys_language(alfa, beta):
    assert _operation(_schema(alfa), "/api/plans/", "get")["summary"] == "Zoznam"
    assert _operation(_schema(beta), "/api/plans/", "get")["summary"] == "Seznam"


def test_every_operation_has_a_translated_summary_and_description(alfa):
    english = _schema(alfa, HTTP_ACCEPT_LANGUAGE="en")
    slovak = _schema(alfa, HTTP_ACCEPT_LANGUAGE="sk")
    for path, operations in slovak["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert operation.get("description"), f"{method} {path} has no description"
            other = english["paths"][path][method]
            assert operation["summary"] != other["summary"], f"{method} {path} not translated"
            assert operation["description"] != other["description"]
    assert slovak["info"]["description"].startswith("Komunitné plánovanie")


def test_lang_parameter_wins_over_the_header(alfa):
    document = client_for(alfa).get("/api/schema/?format=json&lang=cs",
                                     HTTP_ACCEPT_LANGUAGE="en").json()
    assert _operation(document, "/api/plans/", "get")["summary"] == "Seznam"


def test_docs_page_header_is_in_the_language_and_loads_the_schema_in_it(alfa):
    client = client_for(alfa)
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="sk">' in html
    assert "Dokumentácia API" in html and 'href="/api/docs/tokens/?lang=sk"' in html
    script = client.get("/api/docs/?script=").content.decode()
    assert "/api/schema/?lang\\u003Dsk" in script
    czech = client.get("/api/docs/?lang=cs").content.decode()
    assert '<html lang="cs">' in czech and "Dokumentace API" in czech
    assert "/api/schema/?lang\\u003Dcs" in client.get("/api/docs/?lang=cs&script=").content.decode()
    # Not a language we have: the municipality's.
    assert '<html lang="sk">' in client.get("/api/docs/?lang=de").content.decode()


def test_token_guide_is_public_with_this_municipalitys_host(alfa, beta):
    html = client_for(alfa).get("/api/docs/tokens/").content.decode()
    assert "Ako získať token" in html and "http://alfa.localhost/api/plans/" in html
    assert "401" in html and "403" in html and "429" in html and "kpt_" in html
    czech = client_for(beta).get("/api/docs/tokens/").content.decode()
    assert "Jak získat token" in czech and "beta.localhost/api/plans/" in czech
    assert "alfa" not in czech.lower()


def test_staff_pages_link_the_guide(alfa):
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    assert 'href="/api/docs/tokens/"' in admin.get("/staff/api-tokens/").content.decode()
    assert 'href="/api/docs/tokens/"' in admin.get("/staff/").content.decode()


def test_a_body_in_a_format_not_taken_is_a_documented_415(alfa):
    document = _schema(alfa, HTTP_ACCEPT_LANGUAGE="en")
    for path, method in (("/api/archive/", "post"), ("/api/news/", "post"),
                         ("/api/plans/{id}/", "patch")):
        assert "415" in _operation(document, path, method)["responses"], (path, method)
    assert "415" not in _operation(document, "/api/archive/", "get")["responses"]
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/api/archive/", data="title=x", content_type="text/plain")
    assert response.status_code == 415 and set(response.json()) == {"detail"}


def test_docs_pages_follow_the_language_switch_not_the_browser(alfa):
    client = client_for(alfa)
    page = client.get("/api/docs/tokens/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Ako získať token" in page.content.decode()
    client.cookies["komplan_language"] = "cs"
    assert "Jak získat token" in client.get("/api/docs/tokens/",
                                            HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="cs">' in client.get("/api/docs/").content.decode()
