"""Django's Redis cache that degrades instead of raising when Redis does not answer.

Everything that uses a cache — DRF's throttles, the public submission limits, locks, the
regional refresh marks — goes on when Redis is gone: a read is a miss, a write is dropped,
``add`` reports the key as taken (so a cache lock is never granted twice) and ``incr``
raises the ``ValueError`` of a missing key (callers already handle it). The per-process
breaker in ``hub.redis_guard`` makes that cost one short timeout per interval.

``clear`` removes only this cache's own keys. Django's would FLUSHDB the whole Redis
database, which is also the Celery broker's: every queued task (documents, e-mails, the
regional refresh) would vanish with the cache, to be found again only by the outbox sweeper
minutes later.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from hub import redis_guard

#: Keys looked at and unlinked per round trip by ``clear``.
CLEAR_BATCH = 500


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        # Fail fast and never retry; the OPTIONS a deployment sets win.
        params = {**params, "OPTIONS": {**redis_guard.client_options(),
                                        **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.breaker = redis_guard.breaker_for(self._servers[0])

    def _guarded(self, fallback, method, *args, **kwargs):
        if not self.breaker.allow():
            return fallback()
        try:
            result = method(*args, **kwargs)
        except redis_guard.OUTAGE_ERRORS as error:
            self.breaker.failed(error)
            return fallback()
        self.breaker.succeeded()
        return result

    def answering(self) -> bool:
        """Whether Redis answered last time (a caller may skip work done only to store it)."""
        return not self.breaker.is_open

    def get(self, key, default=None, version=None):
        return self._guarded(lambda: default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(lambda: False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(lambda: False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(lambda: None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (Redis does not answer)")

        return self._guarded(missing, super().incr, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

    def clear(self):
        """Delete this cache's keys (its prefix; in the tenant cache, the current schema's)."""
        return self._guarded(lambda: False, self._clear_own_keys)

    def _clear_own_keys(self) -> bool:
        client = self._cache.get_client(write=True)
        pattern = self.make_key("*", version="*")
        batch = []
        for key in client.scan_iter(match=pattern, count=CLEAR_BATCH):
            batch.append(key)
            if len(batch) >= CLEAR_BATCH:
                client.unlink(*batch)
                batch = []
        if batch:
            client.unlink(*batch)
        return True
