"""App config of the backup tools (management commands only, no models)."""

from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hub.backup"
    verbose_name = "Backup"
