"""App config of the tenancy infrastructure."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "hub.tenancy"
    verbose_name = "Tenancy"

    def ready(self):
        # Any change of a domain or a municipality drops the cached host lookups. The models
        # are found through settings (TENANT_MODEL, TENANT_DOMAIN_MODEL), so tenancy does not
        # import the registry that builds on it.
        from hub.tenancy import domain_cache

        domain_cache.connect_invalidation()
