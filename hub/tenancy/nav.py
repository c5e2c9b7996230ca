"""Header and staff-page links gathered from each tenant app's `nav.py` (PUBLIC and STAFF)."""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.urls import reverse


@cache
def _modules():
    found = []
    for app in settings.TENANT_APPS:
        if app.startswith("tenants.") and find_spec(f"{app}.nav") is not None:
            found.append(import_module(f"{app}.nav"))
    return tuple(found)


def links(request):
    """Context processor: `nav_public` [(href, label)] and `nav_staff` [(href, title, text)]."""
    if getattr(request, "municipality", None) is None:
        return {}
    public = [(reverse(name), label) for module in _modules() for name, label in module.PUBLIC]
    staff = [(reverse(name), title, text)
             for module in _modules() for name, title, text in module.STAFF]
    return {"nav_public": public, "nav_staff": staff}
