"""How tenant apps plug into the platform: what an app under ``tenants/`` declares in its
AppConfig, and the discovery that reads those declarations from INSTALLED_APPS.

Hub never imports a tenant app by name. An app's AppConfig (a ``TenantAppConfig``) names, as
dotted paths, what it offers; hub finds the apps in INSTALLED_APPS order and imports what they
name only when it is asked for. The worked example and the steps for a new app are in
ARCHITECTURE.md ("A new tenant app").
"""

from functools import cache
from importlib import import_module

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


class TenantAppConfig(AppConfig):
    """AppConfig of every app under ``tenants/``: each attribute is a dotted path, or None
    when the app offers nothing of that kind.

    Subclass it as ``plugins.TenantAppConfig`` (``from hub import plugins``): Django picks the
    one AppConfig class found in an app's apps.py, and an imported base class would be a
    second one."""

    #: URLconf module included at the root of every municipality's site (give it an app_name).
    urls: str | None = None
    #: A list of (prefix, viewset, basename), registered on the router under /api/.
    api_routes: str | None = None
    #: A list of URL patterns under /api/ that are not viewsets (plain API views).
    api_urls: str | None = None
    #: Module with PUBLIC [(url name, label)] for the public header and
    #: STAFF [(url name, title, one sentence)] for the staff start page.
    nav: str | None = None
    #: ``demo_seed(municipality) -> int``: demo content, run inside the municipality's schema,
    #: creating only what is missing (demo mode only; apps run in INSTALLED_APPS order).
    demo: str | None = None
    #: Module with ``municipality_figures(today) -> dict`` for the regional read model, and
    #: optionally ``regional_listing() -> list[dict]`` (hub/regional/services.py says which keys).
    figures: str | None = None
    #: Module with the JSON-ready data documents print from this app (tenants/documents).
    print_data: str | None = None
    #: ``open_data_licence() -> (SPDX id, title, URL)``: the licence the municipality chose
    #: for its open data (one app keeps the choice; the others' downloads follow it).
    open_data_licence: str | None = None
    #: Module with the personal data this app holds about an e-mail address (GDPR):
    #: ``export(email) -> list[dict]`` (JSON-ready), ``erase(email) -> int`` (records erased
    #: or anonymised) and ``purge(*, today, retention_days) -> int`` (the nightly retention
    #: purge); tenants/portal/privacy.py runs them together in one transaction.
    personal_data: str | None = None
    #: ``measure_notes(measure_ids, *, public) -> {measure id: [str]}``: what this app says
    #: about plan measures, in the active language (the analysis: the gap of the optimal
    #: network each measure addresses and how it changed); the plan's pages and evaluation
    #: report show them under each measure. ``public``: only what residents may read.
    measure_notes: str | None = None


#: The attributes whose dotted path names a module; the others name an object in a module.
MODULE_ATTRIBUTES = frozenset({"urls", "nav", "figures", "print_data", "personal_data"})
CONTRACT_ATTRIBUTES = ("urls", "api_routes", "api_urls", "nav", "demo", "figures", "print_data",
                       "open_data_licence", "personal_data", "measure_notes")


def tenant_apps() -> list[TenantAppConfig]:
    """The installed tenant apps, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, TenantAppConfig)]


@cache
def _load(path: str, as_module: bool):
    return import_module(path) if as_module else import_string(path)


def _resolve(config: TenantAppConfig, attribute: str):
    if attribute not in CONTRACT_ATTRIBUTES:
        raise AttributeError(f"{attribute!r} is not part of the tenant app contract")
    path = getattr(config, attribute)
    return None if path is None else _load(path, attribute in MODULE_ATTRIBUTES)


def offered(attribute: str) -> list[tuple[TenantAppConfig, object]]:
    """(app config, what it offers) for every tenant app that declares ``attribute``."""
    found = []
    for config in tenant_apps():
        value = _resolve(config, attribute)
        if value is not None:
            found.append((config, value))
    return found


def offer(label: str, attribute: str):
    """What the tenant app with this label offers as ``attribute``; None when the app is not
    installed or declares nothing of the kind."""
    config = next((c for c in tenant_apps() if c.label == label), None)
    return None if config is None else _resolve(config, attribute)
