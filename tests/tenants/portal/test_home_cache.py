"""The public home page's content is cached per municipality and language (portal/home_cache):
a second look reads nothing of the municipality's schema, a write shows at once, and no
municipality ever gets another's content."""

import copy
import datetime
import socket
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from hub import redis_guard
from tenants.portal import home_cache, services
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db
SHOWN = ("portal_introduction", "portal_newsitem", "participation_meeting", "plans_plan")


def _tables_read(captured) -> set[str]:
    return {table for table in SHOWN for q in captured.captured_queries if table in q["sql"]}


def _content(response) -> str:
    return response.content.decode().split('<section class="hero">', 1)[1].split(
        '<dl class="facts">', 1)[0]


def test_a_second_look_reads_nothing_of_the_municipality(alfa):
    client = client_for(alfa)
    with CaptureQueriesContext(connection) as first:
        page = client.get("/")
    assert page.status_code == 200
    assert _tables_read(first) == set(SHOWN)
    with CaptureQueriesContext(connection) as second:
        again = client.get("/")
    assert _tables_read(second) == set()
    # The same content (the rest of the page has a fresh CSP nonce each time).
    assert _content(again) == _content(page)


def test_news_published_shows_at_once(alfa):
    client = client_for(alfa)
    assert "Nový denný stacionár" not in client.get("/").content.decode()
    with tenant_context(alfa):
        services.news_save(user=account("alfa.editor@test.sk"), title="Nový denný stacionár",
                           summary="Otvárame.",
                           published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "Nový denný stacionár" in client.get("/").content.decode()


def test_an_introduction_edited_shows_at_once_and_only_at_home(alfa, beta):
    alfa_client, beta_client = client_for(alfa), client_for(beta)
    alfa_client.get("/"), beta_client.get("/")  # both cached
    with tenant_context(alfa):
        services.introduction_update(heading="Alfa plánuje spolu s vami", text="Úvod.",
                                     user=account("alfa.editor@test.sk"))
    assert "Alfa plánuje spolu s vami" in alfa_client.get("/").content.decode()
    beta_page = beta_client.get("/").content.decode()
    assert "Alfa plánuje spolu s vami" not in beta_page
    assert beta.name in beta_page


def test_each_language_has_its_own_content(alfa):
    client = client_for(alfa)
    slovak = client.get("/", HTTP_ACCEPT_LANGUAGE="sk").content.decode()
    client.cookies["komplan_language"] = "en"
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Najbližšie stretnutia" in slovak
    assert "Next meetings" in english and "Najbližšie stretnutia" not in english


def test_switched_off_every_look_reads_the_municipality(alfa, settings):
    client = client_for(alfa)
    client.get("/")  # cached while the cache is on
    settings.KOMPLAN_HOME_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as again:
        client.get("/")
    assert _tables_read(again) == set(SHOWN)


def test_a_scheduled_news_item_shows_when_its_time_comes_without_a_write(alfa):
    # The cached content lives until the item's time, not a fixed ten minutes: Redis drops it
    # then, and the next look builds it again.
    client = client_for(alfa)
    with tenant_context(alfa):
        services.news_save(user=account("alfa.editor@test.sk"), title="Oznam o otvorení",
                           summary="Čoskoro.",
                           published_at=timezone.now() + datetime.timedelta(seconds=2))
    assert "Oznam o otvorení" not in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert "Oznam o otvorení" not in client.get("/").content.decode()
    assert _tables_read(cached) == set()  # kept meanwhile
    time.sleep(2.5)
    assert "Oznam o otvorení" in client.get("/").content.decode()


def test_the_municipality_contact_and_facts_changed_show_at_once(alfa):
    client = client_for(alfa)
    client.get("/")
    alfa.kpss_email = "kpss.nova@alfa.test"
    alfa.population = 12345
    alfa.save()
    page = client.get("/").content.decode()
    assert "kpss.nova@alfa.test" in page and "12\xa0345" in page


def test_a_renamed_region_shows_at_once_on_the_home_page(alfa):
    client = client_for(alfa)
    assert alfa.region.name in client.get("/").content.decode()
    alfa.region.name = "Premenovaný kraj"
    alfa.region.save()
    assert "Premenovaný kraj" in client.get("/").content.decode()


def test_an_entry_lives_until_the_next_publication_at_most_the_setting(settings):
    settings.KOMPLAN_HOME_CACHE_SECONDS = 3600
    now = timezone.now()
    assert home_cache.keep_for(now, None) == 3600
    assert home_cache.keep_for(now, now + datetime.timedelta(minutes=5)) == 300
    assert home_cache.keep_for(now, now + datetime.timedelta(days=2)) == 3600
    assert home_cache.keep_for(now, now + datetime.timedelta(milliseconds=10)) == 1


def test_a_municipality_restored_under_its_old_slug_has_its_own_stamp(alfa, beta):
    # Same schema name after a delete and restore, but a new row: old entries are unreachable.
    restored = copy.copy(alfa)
    restored.pk = beta.pk
    assert home_cache.municipality_stamp(restored) != home_cache.municipality_stamp(alfa)
    assert home_cache.municipality_stamp(copy.copy(alfa)) == home_cache.municipality_stamp(alfa)



def test_with_redis_down_the_page_is_built_each_time_and_nothing_more(alfa, settings):
    client = client_for(alfa)
    client.get("/")  # kept while Redis answers
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    original = settings.CACHES
    settings.CACHES = {alias: {**conf, "LOCATION": dead} for alias, conf in original.items()}
    redis_guard.reset_all()
    try:
        for _look in range(2):
            with CaptureQueriesContext(connection) as down:
                page = client.get("/")
            assert page.status_code == 200 and _tables_read(down) == set(SHOWN)
            # The news once, for the page; not again to ask when an entry nobody can keep
            # should be dropped.
            assert sum("portal_newsitem" in q["sql"] for q in down.captured_queries) == 1
    finally:
        settings.CACHES = original
        redis_guard.reset_all()


def test_a_release_with_another_content_template_reads_none_of_the_old_entries(
        alfa, settings, tmp_path):
    # A deploy that changes the template (or the translations) must not serve, for up to an
    # hour, what the release before it cached.
    client = client_for(alfa)
    client.get("/")  # kept by this release
    changed = tmp_path / "portal" / "home_content.html"
    changed.parent.mkdir()
    changed.write_text("<section class=\"hero\"><h1>Nová verzia obsahu</h1></section>",
                       encoding="utf-8")
    home_cache.release_stamp.cache_clear()
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    try:
        assert "Nová verzia obsahu" in client.get("/").content.decode()
    finally:
        home_cache.release_stamp.cache_clear()

