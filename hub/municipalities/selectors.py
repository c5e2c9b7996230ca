"""Reads of the tenant registry."""

from django.db.models import QuerySet

from hub.municipalities.models import Municipality


def municipalities_listed() -> QuerySet[Municipality]:
    """Municipalities for the platform's public list, with their region and district."""
    return Municipality.objects.select_related("region", "district").prefetch_related("domains")
