"""App config of regional coordination."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionalConfig(AppConfig):
    name = "hub.regional"
    verbose_name = _("Regional coordination")
