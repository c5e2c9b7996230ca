"""Absolute addresses of the platform and of each municipality's subdomain."""

from django.conf import settings


def _origin(host: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}"


def platform_url(path: str = "/") -> str:
    return _origin(settings.PLATFORM_DOMAIN) + path


def municipality_url(municipality, path: str = "/") -> str:
    # domains.all() so a prefetch_related("domains") on a list is used, not one query a row.
    domains = sorted(municipality.domains.all(), key=lambda d: not d.is_primary)
    host = domains[0].domain if domains else f"{municipality.slug}.{settings.PLATFORM_DOMAIN}"
    return _origin(host) + path
