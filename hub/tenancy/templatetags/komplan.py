"""Template tags for addresses across subdomains, and numbers and money for people."""

from django import template
from django.db import connection

from hub import numbers
from hub.tenancy.urls import municipality_url as _municipality_url

register = template.Library()


@register.simple_tag
def municipality_url(municipality, path="/"):
    return _municipality_url(municipality, path)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` — a dict lookup with a variable key."""
    if not hasattr(mapping, "get"):
        return None
    value = mapping.get(key)
    # JSON objects (e.g. targets per year) have string keys; templates pass numbers.
    return mapping.get(str(key)) if value is None else value



@register.filter
def number(value, digits=None):
    """``{{ value|number }}`` "1 234,5"; ``{{ value|number:2 }}`` "1 234,50" (hub/numbers.py)."""
    return numbers.number(value, None if digits in (None, "") else int(digits))


@register.filter
def money(value, country=None):
    """``{{ amount|money }}`` "1 234,50 €" — in this municipality's currency unless given."""
    return numbers.money(value, country or getattr(connection.tenant, "country", "SK"))
