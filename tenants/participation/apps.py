"""App config of working groups and meetings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "tenants.participation"
    verbose_name = _("Working groups and meetings")

    def ready(self):
        # Register the e-mail tasks with the worker (workers/celery.py lists no app names).
        from tenants.participation import tasks  # noqa: F401
