"""Routing by Host: each subdomain serves its own municipality; anything else is a bare 404."""

import pytest
from django.db import connection

from hub.municipalities.models import Domain
from hub.municipalities.services import domain_add
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_subdomain_serves_its_municipality(alfa, beta):
    page = client_for(alfa).get("/")
    assert page.status_code == 200
    assert "Alfa" in page.content.decode()
    assert "Beta" not in page.content.decode()
    other = client_for(beta).get("/")
    assert "Beta" in other.content.decode() and "Alfa" not in other.content.decode()


def test_platform_domain_lists_municipalities_with_links(alfa, beta):
    page = client_for().get("/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'href="http://alfa.localhost:8000/"' in body
    assert 'href="http://beta.localhost:8000/"' in body


def test_platform_search_ignores_diacritics(alfa, beta):
    body = client_for().get("/", {"q": "zkusebni"}).content.decode()
    assert ">Beta<" in body and ">Alfa<" not in body


@pytest.mark.parametrize("host", [
    "gamma.localhost",              # unknown municipality
    "evil.example",                 # outside the platform domain
    "alfa.localhost.evil.example",  # platform name as a prefix
    "tenant_template.localhost",    # the template schema's name
    "public.localhost",
    "alfa..localhost",              # malformed
    "alfa.localhost@evil.example",
    "-alfa.localhost",
])
def test_unknown_or_forged_host_is_plain_404(alfa, host):
    page = client_for().get("/", HTTP_HOST=host)
    body = page.content.decode()
    assert page.status_code == 404
    assert "Alfa" not in body and "Beta" not in body and "alfa.localhost" not in body
    assert connection.schema_name == "public"


def test_forwarded_host_header_is_not_trusted(alfa, beta):
    page = client_for(alfa).get("/", HTTP_X_FORWARDED_HOST="beta.localhost")
    assert "Alfa" in page.content.decode() and "Beta" not in page.content.decode()


def test_host_is_case_insensitive_and_ignores_port(alfa):
    page = client_for().get("/", HTTP_HOST="ALFA.LocalHost:8000")
    assert page.status_code == 200 and "Alfa" in page.content.decode()


def test_added_domain_is_served_and_removed_domain_is_not(alfa):
    client = client_for()
    # Warm the negative cache first: the change must still be seen at once.
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 404
    domain = domain_add(municipality=alfa, hostname="kpss.localhost")
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 200
    domain.delete()
    assert client.get("/", HTTP_HOST="kpss.localhost").status_code == 404


def test_renamed_domain_forgets_the_old_name(alfa):
    client = client_for()
    domain = domain_add(municipality=alfa, hostname="old-name.localhost")
    assert client.get("/", HTTP_HOST="old-name.localhost").status_code == 200
    domain.domain = "new-name.localhost"
    domain.save()
    assert client.get("/", HTTP_HOST="old-name.localhost").status_code == 404
    assert client.get("/", HTTP_HOST="new-name.localhost").status_code == 200


def test_warm_lookup_makes_no_query(alfa, django_assert_num_queries):
    client = client_for(alfa)
    client.get("/api/portal/")
    from hub.tenancy.domain_cache import municipality_for_host

    with django_assert_num_queries(0):
        assert municipality_for_host("alfa.localhost").pk == alfa.pk
    assert Domain.objects.filter(domain="alfa.localhost").exists()


def test_language_follows_country_then_choice(alfa, beta):
    assert client_for(alfa).get("/")["Content-Language"] == "sk"
    assert client_for(beta).get("/")["Content-Language"] == "cs"
    client = client_for(beta)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/")["Content-Language"] == "en"


def test_a_change_in_another_process_reaches_this_ones_memory(alfa):
    """Another process changes a domain: it deletes the Redis key and publishes the host;
    this process's listener drops its in-memory copy."""
    import time

    from hub.tenancy import domain_cache

    assert domain_cache.municipality_for_host("alfa.localhost").pk == alfa.pk
    assert "alfa.localhost" in domain_cache._local
    domain_cache._redis().publish(domain_cache._channel(), "alfa.localhost")
    deadline = time.monotonic() + 5
    while "alfa.localhost" in domain_cache._local and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "alfa.localhost" not in domain_cache._local


def test_one_connection_switching_between_municipalities_never_mixes_them(alfa, beta):
    """The router skips SET search_path when the connection already points at the host's
    schema; alternating hosts on one connection must still switch every time."""
    client = client_for()
    for host, name, other in [("alfa", "Alfa", "Beta"), ("alfa", "Alfa", "Beta"),
                              ("beta", "Beta", "Alfa"), ("localhost", "Komplan", "Testovací"),
                              ("alfa", "Alfa", "Beta"), ("beta", "Beta", "Alfa")]:
        hostname = host if host == "localhost" else f"{host}.localhost"
        data = client.get("/api/portal/", HTTP_HOST=hostname)
        if host == "localhost":
            assert data.status_code == 404  # no API on the platform domain
            continue
        assert data.json()["name"] == name and other not in data.content.decode()


def test_the_change_channel_is_one_redis_databases_own(settings):
    """Redis Pub/Sub ignores the database number: two instances (or two test processes) on one
    Redis server with their own databases must not empty each other's memory."""
    from hub.tenancy import domain_cache

    settings.REDIS_URL = "redis://127.0.0.1:6379/5"
    fifth = domain_cache._channel()
    settings.REDIS_URL = "redis://127.0.0.1:6379/6"
    assert fifth.endswith(":db5:domain-changes")
    assert domain_cache._channel().endswith(":db6:domain-changes")


def test_a_found_host_stays_in_redis_until_a_change_deletes_it(alfa):
    """Redis keeps the answer an hour, past each process's five minutes (at five minutes every
    host's next request after expiry went to the database); a change deletes it at once."""
    from hub.tenancy import domain_cache

    key = domain_cache._key("alfa.localhost")
    domain_cache._redis().delete(key)
    domain_cache.local_clear()
    assert domain_cache.municipality_for_host("alfa.localhost").pk == alfa.pk
    assert 30 * 60 < domain_cache._redis().ttl(key) <= 3600
    alfa.population = (alfa.population or 0) + 1
    alfa.save()
    assert not domain_cache._redis().exists(key)


def test_a_renamed_region_shows_at_once_on_its_municipalities(alfa):
    """The cached municipality carries its region; renaming the region drops the answer."""
    from hub.tenancy import domain_cache

    region = alfa.region
    assert region is not None
    assert domain_cache.municipality_for_host("alfa.localhost").region.name == region.name
    region.name = "Premenovaný kraj"
    region.save()
    assert domain_cache.municipality_for_host("alfa.localhost").region.name == "Premenovaný kraj"
