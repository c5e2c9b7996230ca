"""URLs of the bare platform domain: the list of municipalities, sign-in, operators' admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from hub import pages
from hub.accounts.access import public_page
from hub.regional import opendata

urlpatterns = [
    path("", pages.platform_home, name="platform_home"),
    path("my/", pages.my_places, name="my_places"),
    path("accessibility/", pages.platform_accessibility, name="platform_accessibility"),
    path("privacy/", pages.platform_privacy, name="platform_privacy"),
    path("accounts/", include("hub.accounts.urls")),
    path("i18n/setlang/", public_page(set_language), name="set_language"),
    path("regions/", include("hub.regional.urls")),
    path("data/", opendata.catalogue, name="open_data"),
    path("data/catalog.jsonld", opendata.catalog_jsonld, name="open_data_catalog"),
    path("admin/", admin.site.urls),
]
