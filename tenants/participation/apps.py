"""App config of working groups and meetings: what it offers the platform (hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class ParticipationConfig(plugins.TenantAppConfig):
    name = "tenants.participation"
    verbose_name = _("Working groups and meetings")
    urls = "tenants.participation.urls"
    api_routes = "tenants.participation.api.ROUTES"
    nav = "tenants.participation.nav"
    demo = "tenants.participation.demo.demo_seed"
    figures = "tenants.participation.figures"
    personal_data = "tenants.participation.personal_data"
