"""App config of funding rounds: what the app offers the platform (contract: hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class FundingConfig(plugins.TenantAppConfig):
    name = "tenants.funding"
    label = "funding"
    verbose_name = _("Funding of services")
    urls = "tenants.funding.urls"
    api_routes = "tenants.funding.api.ROUTES"
    nav = "tenants.funding.nav"
    demo = "tenants.funding.demo.demo_seed"
    figures = "tenants.funding.figures"
