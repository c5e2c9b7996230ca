"""App config of the needs analysis: what it offers the platform (contract: hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class AnalysisConfig(plugins.TenantAppConfig):
    name = "tenants.analysis"
    label = "analysis"
    verbose_name = _("Needs analysis")
    urls = "tenants.analysis.urls"
    api_routes = "tenants.analysis.api.ROUTES"
    nav = "tenants.analysis.nav"
    demo = "tenants.analysis.demo.demo_seed"
    personal_data = "tenants.analysis.personal_data"
    figures = "tenants.analysis.figures"
    print_data = "tenants.analysis.print_data"
    measure_notes = "tenants.analysis.print_data.measure_notes"
