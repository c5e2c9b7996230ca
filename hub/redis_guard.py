"""Redis as a cache that may be gone: short timeouts and a per-process circuit breaker.

Reading a page never needs Redis (issue #12): the domain cache and Django's caches ask Redis
with a connect/read timeout of a fraction of a second, and after one failure a process stops
asking for ``REDIS_BREAKER_SECONDS``; then a single caller probes again while the others keep
going without it. So a dead Redis costs one timeout per process per interval, not one per
request, and the warning is logged once per outage, not once per request.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# An outage is a failure to reach Redis or to hear back in time; a wrong command (a bug) is not.
OUTAGE_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def client_options(*, blocking: bool = False) -> dict:
    """redis-py options for a cache client: fail fast, never retry (the breaker decides).

    ``blocking`` is for a pub/sub listener, which waits for messages without a read timeout.
    """
    timeout = settings.REDIS_CACHE_TIMEOUT
    return {
        "socket_connect_timeout": timeout,
        "socket_timeout": None if blocking else timeout,
        # redis-py's client retries 3 times with backoff by default: seconds per request.
        "retry": Retry(NoBackoff(), 0),
        "socket_keepalive": True,
    }


class Breaker:
    """Open after a failure: callers skip Redis until the interval ends, then one probes."""

    def __init__(self, name: str):
        self.name = name
        self._lock = threading.Lock()
        self._open_until = 0.0  # monotonic time; 0 = closed
        self._down_since: float | None = None

    @property
    def is_open(self) -> bool:
        return self._down_since is not None

    def allow(self) -> bool:
        """May this caller ask Redis now? While open, one caller per interval may (the probe)."""
        if self._down_since is None:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            # This caller probes; the others keep skipping until it answers or the next interval.
            self._open_until = now + settings.REDIS_BREAKER_SECONDS
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            first = self._down_since is None
            now = time.monotonic()
            if first:
                self._down_since = now
            self._open_until = now + settings.REDIS_BREAKER_SECONDS
        if first:
            logger.warning("Redis at %s does not answer (%s); going on without it, next try "
                           "in %s s", self.name, type(error).__name__,
                           settings.REDIS_BREAKER_SECONDS)

    def succeeded(self) -> None:
        if self._down_since is None:
            return
        with self._lock:
            down_since, self._down_since, self._open_until = self._down_since, None, 0.0
        if down_since is not None:
            logger.warning("Redis at %s answers again after %.0f s", self.name,
                           time.monotonic() - down_since)

    def reset(self) -> None:
        """Close without logging (tests)."""
        with self._lock:
            self._down_since, self._open_until = None, 0.0


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(url: str) -> Breaker:
    """One breaker per Redis server (host and port; every database number on it shares it)."""
    parts = urlsplit(url)
    name = parts.path if parts.scheme == "unix" else f"{parts.hostname}:{parts.port or 6379}"
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = Breaker(name)
        return _breakers[name]


def reset_all() -> None:
    """Close every breaker (tests switch Redis on and off)."""
    with _breakers_lock:
        for breaker in _breakers.values():
            breaker.reset()
