"""Reads of the tenant registry."""

from django.contrib.postgres.lookups import Unaccent
from django.db.models import QuerySet
from django.db.models.functions import Lower

from hub.municipalities.models import Municipality


def municipalities_listed() -> QuerySet[Municipality]:
    """Municipalities for the platform's public list, with their region and district."""
    # Sorted as people read names: "Bánov" beside "Banská Bystrica", not after "Beta".
    return (Municipality.objects.select_related("region", "district").prefetch_related("domains")
            .order_by(Unaccent(Lower("name")), "name"))
