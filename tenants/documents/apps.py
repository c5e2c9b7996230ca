"""App config of generated documents: what it offers the platform (hub/plugins.py)."""

from django.utils.translation import gettext_lazy as _

from hub import plugins


class DocumentsConfig(plugins.TenantAppConfig):
    name = "tenants.documents"
    verbose_name = _("Generated documents")
    urls = "tenants.documents.urls"
    nav = "tenants.documents.nav"
    demo = "tenants.documents.demo.demo_seed"

    def ready(self):
        from tenants.documents import services

        services.publications_follow_plans()
