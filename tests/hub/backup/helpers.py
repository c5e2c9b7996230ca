"""Municipalities with demo content for the archive tests and the benchmark, and a drop."""

import copy

from django.core.files.storage import storages
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context

from hub import plugins
from hub.backup import layout
from hub.municipalities.models import Municipality, Region
from hub.municipalities.services import municipality_create
from hub.regional.services import figures_refresh
from hub.tenancy import schemas


def seeded(slug: str, name: str = "Omega", *,
           like: tuple[str, ...] = ("banska-bystrica", "banov")) -> Municipality:
    """A municipality with every tenant app's demo content — that of the demo municipalities
    `like` (plans, groups, meetings, catalogue; documents with files) — and its figures in the
    read model."""
    municipality = municipality_create(name=name, slug=slug, kind="town", country="SK",
                                       population=4200, kpss_email=f"kpss@{slug}.test",
                                       district=Region.objects.filter(kind="district").first())
    with tenant_context(municipality), transaction.atomic():
        for demo_slug in like:
            model = copy.copy(municipality)
            model.slug = demo_slug  # the seeders pick their content by slug
            for _config, seed in plugins.offered("demo"):
                seed(model)
    connection.set_schema_to_public()
    figures_refresh(municipality=municipality)
    return municipality


def row_counts(schema: str) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in layout.tenant_tables():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table.name}"')  # noqa: S608
            counts[table.name] = cursor.fetchone()[0]
    return counts


def stored_files(schema: str) -> dict[str, bytes]:
    from hub.backup.export import _stored_files

    storage = storages["default"]
    with schema_context(schema):
        files = {name: storage.open(name).read() for name in _stored_files(storage)}
    connection.set_schema_to_public()
    return files


def dropped(municipality: Municipality) -> None:
    """Gone whole: files, registry rows (domains, memberships, figures cascade) and schema."""
    storage = storages["default"]
    with schema_context(municipality.schema_name):
        from hub.backup.export import _stored_files

        for name in _stored_files(storage):
            storage.delete(name)
    connection.set_schema_to_public()
    schema = municipality.schema_name
    municipality.delete()
    with connection.cursor() as cursor:
        # The test's transaction still holds deferred foreign-key checks on these tables.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"DROP SCHEMA {schemas.quote(schema)} CASCADE")
