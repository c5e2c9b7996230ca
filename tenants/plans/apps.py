"""App config of plans: what the app offers the platform (contract: hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class PlansConfig(plugins.TenantAppConfig):
    name = "tenants.plans"
    label = "plans"
    verbose_name = _("Plans")
    urls = "tenants.plans.urls"
    api_routes = "tenants.plans.api.ROUTES"
    nav = "tenants.plans.nav"
    demo = "tenants.plans.demo.demo_seed"
    figures = "tenants.plans.figures"
    personal_data = "tenants.plans.personal_data"
    print_data = "tenants.plans.print_data"
