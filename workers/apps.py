"""App config of the workers' machinery: it owns one public-schema table, the outbox."""

from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "workers"
    label = "workers"
    verbose_name = "Background work"
    default_auto_field = "django.db.models.BigAutoField"
