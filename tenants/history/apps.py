"""App config of the change history."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "tenants.history"
    verbose_name = _("History")
