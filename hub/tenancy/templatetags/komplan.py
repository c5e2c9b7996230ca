"""Template tags for addresses across subdomains."""

from django import template

from hub.tenancy.urls import municipality_url as _municipality_url

register = template.Library()


@register.simple_tag
def municipality_url(municipality, path="/"):
    return _municipality_url(municipality, path)
