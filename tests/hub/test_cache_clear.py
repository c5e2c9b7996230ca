"""A cache clear removes the cache's own keys and nothing else in its Redis database, which is
also the Celery broker's: a queued task survives it (the test suite clears before every test)."""

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django_tenants.utils import tenant_context


def _redis():
    return redis.Redis.from_url(settings.REDIS_URL)


def test_clearing_the_platform_cache_keeps_the_broker_queue_and_other_keys(db):
    client = _redis()
    queue, stranger = "komplan-test-queue", "someone-else:key"
    client.delete(queue, stranger)
    try:
        client.lpush(queue, b"a task message")
        client.set(stranger, b"kept")
        caches["platform"].set("lock", 1)
        caches["default"].set("figure", 2)

        caches["platform"].clear()

        assert caches["platform"].get("lock") is None
        assert caches["default"].get("figure") == 2
        assert client.lrange(queue, 0, -1) == [b"a task message"]
        assert client.get(stranger) == b"kept"
    finally:
        client.delete(queue, stranger)
        caches["default"].delete("figure")


def test_clearing_the_tenant_cache_clears_one_municipality(alfa, beta):
    with tenant_context(alfa):
        caches["default"].set("figure", "alfa")
    with tenant_context(beta):
        caches["default"].set("figure", "beta")
        caches["default"].clear()
        assert caches["default"].get("figure") is None
    with tenant_context(alfa):
        assert caches["default"].get("figure") == "alfa"
        caches["default"].delete("figure")
    connection.set_schema_to_public()


def test_clearing_many_keys_takes_them_all(db, monkeypatch):
    monkeypatch.setattr("hub.cache.CLEAR_BATCH", 7)
    cache = caches["platform"]
    cache.set_many({f"k{i}": i for i in range(50)})
    cache.clear()
    assert cache.get_many([f"k{i}" for i in range(50)]) == {}
