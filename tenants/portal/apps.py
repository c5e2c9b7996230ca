"""App config of the municipality portal: what it offers the platform (hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class PortalConfig(plugins.TenantAppConfig):
    name = "tenants.portal"
    verbose_name = _("Portal")
    urls = "tenants.portal.urls"
    api_routes = "tenants.portal.api.ROUTES"
    api_urls = "tenants.portal.api.API_URLS"
    nav = "tenants.portal.nav"
    demo = "tenants.portal.demo.demo_seed"
    figures = "tenants.portal.figures"
    open_data_licence = "tenants.portal.opendata.licence"

    def ready(self):
        super().ready()
        from tenants.portal import home_cache

        home_cache.connect()
