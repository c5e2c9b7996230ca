"""App config of the change history (offers the platform nothing; other apps record into it
through ``tenants.history.services``)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class HistoryConfig(plugins.TenantAppConfig):
    name = "tenants.history"
    verbose_name = _("History")
