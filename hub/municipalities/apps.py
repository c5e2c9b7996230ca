"""App config of the tenant registry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "hub.municipalities"
    verbose_name = _("Municipalities")
