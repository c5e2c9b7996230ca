"""Export one municipality alone: its schema's rows, its public rows and its files, one tar.

The schema's tables are copied with COPY over this one connection, in one REPEATABLE READ
read-only transaction (one consistent snapshot of schema and public rows), with the table
list read once from the template (hub/backup/layout.py) — not pg_dump, which reads the whole
catalogue on every run. Files are read from the storage under the municipality's prefix.
"""

import json
import logging
import posixpath
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django_tenants.utils import schema_context

from hub.accounts.models import Membership, User
from hub.backup import layout
from hub.backup.archive import FORMAT, PUBLIC, ArchiveWriter
from hub.municipalities.models import Domain, Municipality
from hub.regional.models import MunicipalityFigures, ServiceListing
from hub.tenancy import schemas

logger = logging.getLogger(__name__)

#: Fields of an account carried to another installation; never staff or superuser flags.
USER_FIELDS = ("email", "first_name", "last_name", "password", "is_active", "date_joined",
               "last_login")
SPOOL_BYTES = 8 << 20


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    tables: int
    rows: int
    files: int
    seconds: float


def _stored_files(storage, folder: str = "") -> list[str]:
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [posixpath.join(folder, name) for name in files if not name.startswith(".part-")]
    for directory in directories:
        names += _stored_files(storage, posixpath.join(folder, directory))
    return sorted(names)


def _copy_table(cursor, writer: ArchiveWriter, schema: str, table: layout.Table) -> int:
    quoted = schemas.quote(schema)
    columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    rows = size = 0
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES) as spool:
        # Names from the template's catalogue and our own schema name, quoted.
        with cursor.copy(f"COPY {quoted}.{connection.ops.quote_name(table.name)} "
                         f"({columns}) TO STDOUT") as copy:
            for data in copy:
                spool.write(data)
                rows += bytes(data).count(b"\n")
                size += len(data)
        writer.add(f"tables/{table.name}.copy", spool, size)
    return rows


def _public_rows(municipality: Municipality, user_ids: set[int]) -> dict:
    memberships = list(Membership.objects.filter(municipality=municipality))
    user_ids |= {m.user_id for m in memberships}
    users = {str(user.pk): {field: getattr(user, field) for field in USER_FIELDS}
             for user in User.objects.filter(pk__in=user_ids)}
    territory = municipality.territory
    return {
        "municipality": json.loads(serializers.serialize("json", [municipality]))[0]["fields"],
        "region": municipality.region.code if municipality.region_id else None,
        "district": municipality.district.code if municipality.district_id else None,
        "territory": ([territory.country, territory.level, territory.code]
                      if territory else None),
        "domains": [{"domain": d.domain, "is_primary": d.is_primary}
                    for d in Domain.objects.filter(tenant=municipality).order_by("pk")],
        "users": users,
        "memberships": [{"user": str(m.user_id), "role": m.role, "created_at": m.created_at}
                        for m in memberships],
        "figures": json.loads(serializers.serialize(
            "json", MunicipalityFigures.objects.filter(municipality=municipality))),
        "listings": json.loads(serializers.serialize(
            "json", ServiceListing.objects.filter(municipality=municipality))),
    }


def municipality_export(slug: str, path: Path) -> ExportSummary:
    """Write the municipality's archive to path (replaced whole, or not written at all)."""
    started = time.perf_counter()
    path = Path(path)
    connection.set_schema_to_public()
    tables = layout.tenant_tables()
    partial = path.with_name(f".{path.name}.part")
    writer = ArchiveWriter(partial)
    try:
        outer = connection.in_atomic_block
        with transaction.atomic(), connection.cursor() as cursor:
            if not outer:  # one snapshot for the schema's rows and the public rows alike
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            municipality = Municipality.objects.select_related(
                "region", "district", "territory").get(slug=slug)
            schema = municipality.schema_name
            manifest_tables, user_ids = [], set()
            for table in tables:
                rows = _copy_table(cursor, writer, schema, table)
                manifest_tables.append({"name": table.name, "columns": list(table.columns),
                                        "rows": rows})
                for column in table.user_columns:
                    column_sql = connection.ops.quote_name(column)
                    cursor.execute(f"SELECT DISTINCT {column_sql} FROM "  # noqa: S608
                                   f"{schemas.quote(schema)}.{connection.ops.quote_name(table.name)}"
                                   f" WHERE {column_sql} IS NOT NULL")
                    user_ids |= {row[0] for row in cursor.fetchall()}
            public = _public_rows(municipality, user_ids)
        writer.add_bytes(PUBLIC, DjangoJSONEncoder(
            ensure_ascii=False).encode(public).encode())
        storage = storages["default"]
        with schema_context(schema):
            files = _stored_files(storage)
            for name in files:
                with storage.open(name, "rb") as handle:
                    writer.add(f"files/{name}", handle, storage.size(name))
        connection.set_schema_to_public()
        writer.close({
            "format": FORMAT, "slug": municipality.slug, "schema": schema,
            "migrations_fingerprint": schemas.migrations_fingerprint(),
            "platform_domain": settings.PLATFORM_DOMAIN,
            "tables": manifest_tables, "files": files,
        })
    except BaseException:
        writer.abort()
        raise
    partial.replace(path)
    summary = ExportSummary(path, len(manifest_tables), sum(t["rows"] for t in manifest_tables),
                            len(files), time.perf_counter() - started)
    logger.info("Exported %s: %s tables, %s rows, %s files in %.2f s", slug, summary.tables,
                summary.rows, summary.files, summary.seconds)
    return summary
