"""App config of catalogue of providers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "tenants.catalogue"
    verbose_name = _("Catalogue of providers")
