"""App config of the national registry of social services (codebooks, national file, snapshot)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RpssConfig(AppConfig):
    name = "hub.rpss"
    label = "rpss"
    verbose_name = _("National registry of social services (CZ)")
