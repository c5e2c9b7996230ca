"""Static files as they ship: hashed, compressed, every name a template uses collected, and a
name that is not collected costs that one file, never the page."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]\s*%\}""")


def _template_names():
    for folder in ("hub", "tenants"):
        for path in (ROOT / folder).rglob("*.html"):
            yield from ((path, name) for name in STATIC_TAG.findall(path.read_text()))


def test_every_static_name_in_the_templates_is_collected_under_a_hashed_name():
    found = list(_template_names())
    assert {name for _path, name in found} >= {"komplan/site.css", "komplan/site.js",
                                               "catalogue/catalogue.css", "komplan/api-docs.css"}
    for path, name in found:
        url = staticfiles_storage.url(name)
        stem, _dot, extension = Path(name).name.rpartition(".")
        assert re.fullmatch(rf"/static/.*{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension}", url), \
            (path, name, url)
        hashed = Path(settings.STATIC_ROOT) / url.removeprefix("/static/")
        assert hashed.is_file() and Path(f"{hashed}.gz").is_file(), (name, "not compressed")


def test_a_name_not_collected_is_served_plain_and_the_page_renders(caplog):
    html = Template("{% load static %}<link href=\"{% static 'komplan/missing.css' %}\">").render(
        Context())
    assert html == '<link href="/static/komplan/missing.css">'
    assert "Static file komplan/missing.css is not collected" in caplog.text


def test_whitenoise_serves_the_hashed_file_for_a_year(client):
    url = staticfiles_storage.url("komplan/site.css")
    response = client.get(url, HTTP_HOST=settings.PLATFORM_DOMAIN, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"


def test_static_files_are_served_on_any_host_even_an_unknown_one(client):
    """The unknown-host page links the site's stylesheet from its own (unknown) host."""
    url = staticfiles_storage.url("komplan/site.css")
    response = client.get(url, HTTP_HOST="neznama.localhost")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")


def test_the_web_process_starts_without_false_not_collected_alarms(caplog, monkeypatch):
    """WhiteNoise guesses an unhashed name for every file it lists; those guesses are not
    names a template asked for and must not be logged as missing."""
    import logging

    import hub.staticfiles
    from hub.staticfiles import StaticFilesMiddleware

    monkeypatch.setattr(hub.staticfiles, "_warned", set())
    with caplog.at_level(logging.WARNING, logger="hub.staticfiles"):
        middleware = StaticFilesMiddleware(lambda request: None)
    assert "is not collected" not in caplog.text
    # Hashed copies are still known as such (served as immutable), plain names are not.
    hashed = staticfiles_storage.url("komplan/site.css")
    assert middleware.immutable_file_test("", hashed)
    assert not middleware.immutable_file_test("", "/static/komplan/site.css")
