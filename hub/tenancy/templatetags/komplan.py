"""Template tags for addresses across subdomains."""

from django import template

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

