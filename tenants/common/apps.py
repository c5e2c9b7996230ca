"""App config of the shared tenant vocabulary (offers the platform nothing of its own; the
other tenant apps build on it)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class CommonConfig(plugins.TenantAppConfig):
    name = "tenants.common"
    verbose_name = _("Shared vocabulary")
    personal_data = "tenants.common.subscriptions"
