"""The tenant app contract (hub/plugins.py): every app under tenants/ declares what it offers,
every declaration resolves to the shape hub expects, and hub finds them in INSTALLED_APPS."""

import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from hub import plugins

TENANT_LABELS = [name.rsplit(".", 1)[1] for name in settings.TENANT_APPS
                 if name.startswith("tenants.")]


def test_every_tenant_app_is_a_declared_plugin_in_installed_apps_order():
    assert [config.label for config in plugins.tenant_apps()] == TENANT_LABELS
    assert TENANT_LABELS == ["common", "portal", "history", "plans", "participation",
                             "catalogue", "documents", "funding", "analysis"]
    for config in apps.get_app_configs():
        assert isinstance(config, plugins.TenantAppConfig) == config.name.startswith("tenants.")


def test_what_each_app_declares():
    declared = {config.label: sorted(a for a in plugins.CONTRACT_ATTRIBUTES
                                     if getattr(config, a) is not None)
                for config in plugins.tenant_apps()}
    assert declared == {
        "common": ["personal_data"], "history": [],
        "portal": ["api_routes", "api_urls", "demo", "figures", "nav", "open_data_licence",
                   "urls"],
        "plans": ["api_routes", "demo", "figures", "nav", "personal_data", "print_data",
                  "urls"],
        "participation": ["api_routes", "demo", "figures", "nav", "personal_data", "urls"],
        "catalogue": ["api_routes", "demo", "figures", "nav", "print_data", "urls"],
        "documents": ["demo", "nav", "urls"],
        "funding": ["api_routes", "demo", "figures", "nav", "urls"],
        "analysis": ["api_routes", "demo", "figures", "measure_notes", "nav",
                     "personal_data", "print_data", "urls"],
    }


def test_declarations_resolve_to_the_shapes_hub_uses():
    for config, urls in plugins.offered("urls"):
        assert urls.app_name == config.label and urls.urlpatterns
    for _config, routes in plugins.offered("api_routes"):
        assert routes and all(len(route) == 3 for route in routes)
    for _config, nav in plugins.offered("nav"):
        for name, _label in nav.PUBLIC:
            assert reverse(name).startswith("/")
        for name, _title, _text in nav.STAFF:
            assert reverse(name).startswith("/staff/")
    for _config, seed in plugins.offered("demo"):
        assert list(inspect.signature(seed).parameters) == ["municipality"]
    for _config, figures in plugins.offered("figures"):
        assert callable(figures.municipality_figures)
    assert plugins.offer("catalogue", "print_data").catalogue_print_data
    assert plugins.offer("plans", "print_data").plan_data
    assert plugins.offer("analysis", "print_data").description_data
    assert [config.label for config, _notes in plugins.offered("measure_notes")] == ["analysis"]
    assert callable(plugins.offer("portal", "figures").open_data_summary)


def test_every_api_route_of_every_app_is_on_the_tenant_router():
    from hub.urls_tenant import router

    registered = [(prefix, basename) for prefix, _viewset, basename in router.registry]
    declared = [(prefix, basename) for _config, routes in plugins.offered("api_routes")
                for prefix, _viewset, basename in routes]
    assert registered == declared and len(registered) == 27
    assert reverse("api-portal") == "/api/portal/"


def test_asking_for_what_nobody_offers():
    assert plugins.offer("no-such-app", "figures") is None
    assert plugins.offer("history", "figures") is None
    with pytest.raises(AttributeError):
        plugins.offer("plans", "models")


def test_hub_source_names_no_tenant_app():
    """Hub reaches tenant apps only through what they declare (import-linter checks imports;
    this checks the strings that used to name them)."""
    root = Path(settings.BASE_DIR) / "hub"
    named = re.compile(r"(?<![\w.])tenants\.[a-z]")  # not django_tenants.…
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if named.search(path.read_text()) and path.name != "settings.py"]
    assert offenders == []
