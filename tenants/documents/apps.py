"""App config of generated documents."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tenants.documents"
    verbose_name = _("Generated documents")
