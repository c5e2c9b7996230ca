"""App config of the tenancy infrastructure."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "hub.tenancy"
    verbose_name = "Tenancy"
