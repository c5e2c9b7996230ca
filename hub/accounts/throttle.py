"""Sign-in rate limit: failed attempts counted per account and per client address in Redis."""

import hashlib

from django.conf import settings
from django.core.cache import caches


def _keys(email: str, address: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"signin:account:{digest}", f"signin:address:{address}"


def signin_blocked(*, email: str, address: str) -> bool:
    account_key, address_key = _keys(email, address)
    counts = caches["platform"].get_many([account_key, address_key])
    return (counts.get(account_key, 0) >= settings.SIGNIN_MAX_FAILURES
            or counts.get(address_key, 0) >= settings.SIGNIN_MAX_FAILURES_PER_ADDRESS)


def signin_failed(*, email: str, address: str) -> None:
    cache = caches["platform"]
    for key in _keys(email, address):
        # add() starts the window; incr() keeps its expiry, so the window is fixed, not sliding.
        if not cache.add(key, 1, settings.SIGNIN_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, settings.SIGNIN_WINDOW_SECONDS)


def signin_succeeded(*, email: str) -> None:
    caches["platform"].delete(_keys(email, "")[0])
