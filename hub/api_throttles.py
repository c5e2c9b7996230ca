"""DRF's throttles for the API, keyed by the one client-address rule (``hub.client_ip``).

Anonymous requests are counted per client address, signed-in ones per account, calls with
an API token per token, platform-wide (the ``platform`` cache: one budget however many municipalities a
client reads). DRF's own ``get_ident`` trusts ``X-Forwarded-For`` from anyone once
``NUM_PROXIES`` is set; ours reads it only as the trusted-proxy rule allows.

When Redis is down the cache reads as empty and writes are dropped, so requests are let
through: the API serves what the public pages serve, and a public submission through it is
still limited by its own rule (``hub.ratelimit``) and checked by the services.
"""

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from hub.client_ip import client_ip


class _PlatformCounted:
    @property
    def cache(self):
        return caches["platform"]

    def get_ident(self, request) -> str:
        return client_ip(request)


class AnonThrottle(_PlatformCounted, AnonRateThrottle):
    """``API_ANON_RATE`` per client address for requests without an account."""


class AccountThrottle(_PlatformCounted, UserRateThrottle):
    """``API_USER_RATE`` per account for signed-in requests."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None  # counted by AnonThrottle
        if _token_ident(request):
            return None  # counted by TokenThrottle
        return super().get_cache_key(request, view)


def _token_ident(request) -> str | None:
    return getattr(getattr(request, "auth", None), "throttle_ident", None)


class TokenThrottle(_PlatformCounted, SimpleRateThrottle):
    """``API_TOKEN_RATE`` per API token: one integrator's script cannot use up the budget of
    the admin who made its token, nor of another token."""

    scope = "token"

    def get_cache_key(self, request, view):
        ident = _token_ident(request)
        return None if ident is None else self.cache_format % {"scope": self.scope,
                                                                "ident": ident}
