"""Names of service types and target groups for the platform pages, without a tenant schema.

The catalogue ships its taxonomy as data (`tenants/catalogue/taxonomy.py`, issue 6); until it
is there, a code is shown as it is.
"""

from importlib import import_module
from importlib.util import find_spec

from django.utils.translation import get_language


def _taxonomy():
    try:
        if find_spec("tenants.catalogue.taxonomy") is None:
            return None
    except ModuleNotFoundError:
        return None
    return import_module("tenants.catalogue.taxonomy")


def term_name(code: str) -> str:
    module = _taxonomy()
    if module is None or not code:
        return code
    try:
        found = module.term(code)
    except (KeyError, LookupError, ValueError):
        return code
    if found is None:
        return code
    name = getattr(found, "name", code)
    language = (get_language() or "sk")[:2]
    try:
        return str(name(language)) if callable(name) else str(name)
    except Exception:  # an unknown language: the name in its own language is better than none
        return str(name("sk")) if callable(name) else code
