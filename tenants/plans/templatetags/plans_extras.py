"""Template filters for plan pages."""

from django import template

from tenants.plans.models import Measure

register = template.Library()


@register.filter
def get_item_pair(entries, obj):
    """The evaluation entry of a measure or activity from {(measure_id, activity_id): entry}."""
    key = (obj.pk, None) if isinstance(obj, Measure) else (None, obj.pk)
    return entries.get(key)
