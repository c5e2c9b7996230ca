"""A deploy with no new migrations touches no tenant schema; a stale one is migrated."""

import pytest
from django.core.management import call_command

from hub.municipalities.models import Municipality
from hub.tenancy import schemas

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(monkeypatch):
    calls = []
    real = schemas.schemas_migrate

    def record(names, **kwargs):
        calls.append(list(names))
        return real(names, **kwargs)

    monkeypatch.setattr(schemas, "schemas_migrate", record)
    return calls


def test_nothing_new_walks_no_tenant_schema(migrated):
    call_command("deploy_migrate", verbosity=0)
    assert migrated == [[]]


def test_only_schemas_behind_are_migrated_and_recorded(migrated, alfa, beta):
    Municipality.objects.filter(pk=alfa.pk).update(migrations_fingerprint="before")
    call_command("deploy_migrate", verbosity=0)
    assert migrated == [["m_alfa"]]
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
