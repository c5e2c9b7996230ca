"""URLs of a municipality's subdomain (its schema is active for every one of them)."""

from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from hub.accounts.access import public_page
from tenants.portal.api import PortalApi

urlpatterns = [
    path("", include("tenants.portal.urls")),
    path("accounts/", include("hub.accounts.urls")),
    path("i18n/setlang/", public_page(set_language), name="set_language"),
    path("api/portal/", PortalApi.as_view(), name="api-portal"),
    path("api/schema/", public_page(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", public_page(SpectacularSwaggerView.as_view(url_name="api-schema")),
         name="api-docs"),
]
