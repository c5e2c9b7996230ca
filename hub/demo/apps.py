"""App config of the demo seeder."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hub.demo"
    verbose_name = "Demo"
