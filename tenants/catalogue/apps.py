"""App config of the catalogue of providers: what it offers the platform (hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class CatalogueConfig(plugins.TenantAppConfig):
    name = "tenants.catalogue"
    verbose_name = _("Catalogue of providers")
    urls = "tenants.catalogue.urls"
    api_routes = "tenants.catalogue.api.ROUTES"
    nav = "tenants.catalogue.nav"
    demo = "tenants.catalogue.demo.demo_seed"
    figures = "tenants.catalogue.figures"
    print_data = "tenants.catalogue.print_data"
