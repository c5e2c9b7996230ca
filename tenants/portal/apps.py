"""App config of the municipality portal."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tenants.portal"
    verbose_name = _("Portal")
