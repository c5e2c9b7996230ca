"""Routes each request by its Host: a municipality's subdomain, the platform domain, or a 404."""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponseNotFound
from django.template.loader import render_to_string
from django.urls import set_urlconf
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware

from hub.tenancy.domain_cache import municipality_for_host


def host_not_found(request) -> HttpResponseNotFound:
    """A plain 404 that names nothing from any schema."""
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        body = render_to_string("tenancy/host_not_found.html", {"language": language})
    return HttpResponseNotFound(body)


class MunicipalityRoutingMiddleware(TenantMainMiddleware):
    """django-tenants' main middleware with a cached lookup and no public fallback."""

    def process_request(self, request):
        request.municipality = None
        try:
            hostname = self.hostname_from_request(request).lower().rstrip(".")
        except DisallowedHost:
            connection.set_schema_to_public()
            return host_not_found(request)
        if hostname == settings.PLATFORM_DOMAIN:
            connection.set_schema_to_public()
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None
        # The lookup reads only public tables (Domain exists in no tenant schema), so it is
        # safe whatever schema the connection's last request left it in.
        municipality = municipality_for_host(hostname)
        if municipality is None:
            connection.set_schema_to_public()
            return host_not_found(request)
        municipality.domain_url = hostname
        request.tenant = municipality
        request.municipality = municipality
        if (connection.schema_name == municipality.schema_name
                and connection.search_path_set_schemas):
            # The connection's search path already points here (the same municipality's
            # previous request on this connection): skip a SET round trip (~1 ms here).
            connection.tenant = municipality
        else:
            connection.set_tenant(municipality)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return None
