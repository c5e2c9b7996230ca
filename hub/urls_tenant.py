"""URLs of a municipality's subdomain (its schema is active for every one of them).

The tenant apps' pages and API routes come from what each declares in its AppConfig
(hub/plugins.py), in INSTALLED_APPS order, so an app plugs in without editing this file.
"""

from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from hub import (
    api_schema,  # noqa: F401 — registers the schema's field extensions
    plugins,
)
from hub.accounts.access import public_page
from hub.api_docs import ApiDocsView, token_guide
from hub.api_errors import api_not_found

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for _config, _routes in plugins.offered("api_routes"):
    for _prefix, _viewset, _basename in _routes:
        router.register(_prefix, _viewset, basename=_basename)

urlpatterns = [path("", include(urls)) for _config, urls in plugins.offered("urls")] + [
    path("accounts/", include("hub.accounts.urls")),
    path("staff/api-tokens/", include("hub.accounts.urls_tokens")),
    path("i18n/setlang/", public_page(set_language), name="set_language"),
    *[path("api/", include(api_urls)) for _config, api_urls in plugins.offered("api_urls")],
    path("api/", include(router.urls)),
    path("api/schema/", public_page(SpectacularAPIView.as_view()), name="api-schema"),
    path("api/docs/", public_page(ApiDocsView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("api/docs/tokens/", token_guide, name="api-token-guide"),
    re_path(r"^api/", public_page(api_not_found)),
]
