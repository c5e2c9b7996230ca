"""A deploy with no new migrations touches no tenant schema; a stale one is migrated."""

import pytest
from django.core.management import call_command

from hub.municipalities.models import Municipality
from hub.tenancy import schemas
from hub.tenancy.migrate_engine import apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(monkeypatch, settings):
    """Schemas the deploy opened: [replayed into], [given to Django's executor]."""
    settings.TENANT_MULTIPROCESSING_MAX_PROCESSES = 1
    replayed, stock = [], []
    real_apply, real_stock = apply.schema_apply, schemas.schemas_migrate

    def record_apply(name, plan):
        replayed.append(name)
        return real_apply(name, plan)

    def record_stock(names, **kwargs):
        stock.append(list(names))
        return real_stock(names, **kwargs)

    monkeypatch.setattr(apply, "schema_apply", record_apply)
    monkeypatch.setattr(schemas, "schemas_migrate", record_stock)
    return replayed, stock


def test_nothing_new_walks_no_tenant_schema(migrated):
    call_command("deploy_migrate", verbosity=0)
    assert migrated == ([], [])


def test_only_schemas_behind_are_migrated_and_recorded(migrated, alfa, beta):
    Municipality.objects.filter(pk=alfa.pk).update(migrations_fingerprint="before")
    call_command("deploy_migrate", verbosity=0)
    assert migrated == (["m_alfa"], [])
    alfa.refresh_from_db()
    assert alfa.migrations_fingerprint == schemas.migrations_fingerprint()


def test_fingerprint_changes_with_the_set_of_migrations(monkeypatch):
    first = schemas.migrations_fingerprint()
    schemas.migrations_fingerprint.cache_clear()
    from django.db.migrations import loader

    original = loader.MigrationLoader.load_disk

    def with_extra(self):
        original(self)
        self.disk_migrations[("portal", "9999_new")] = object()

    monkeypatch.setattr(loader.MigrationLoader, "load_disk", with_extra)
    try:
        assert schemas.migrations_fingerprint() != first
    finally:
        schemas.migrations_fingerprint.cache_clear()
