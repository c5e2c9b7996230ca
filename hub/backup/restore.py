"""Import one municipality's archive, under its own slug or a new one; all or nothing.

The archive is checked whole before anything is written (hub/backup/archive.py). Then, in one
transaction: a ready schema is provisioned the way onboarding does it (a spare renamed or the
template cloned), its tables are emptied and filled from the archive with COPY, ids of
accounts are mapped to this installation's (by e-mail), sequences are moved past the restored
rows, and the registry rows are written — the municipality under the new slug and schema,
its domains re-pointed, memberships and read-model rows attached to it. Files are stored
before the transaction commits and removed again if anything fails.
"""

import json
import logging
import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from hub.accounts.models import Membership, User
from hub.backup import layout
from hub.backup.archive import Archive, ArchiveError
from hub.municipalities.models import (
    Domain,
    Municipality,
    Region,
    TerritorialUnit,
    slug_validator,
)
from hub.municipalities.services import schema_name_for
from hub.regional.models import MunicipalityFigures, ServiceListing
from hub.tenancy import schemas

logger = logging.getLogger(__name__)

#: Municipality fields taken from the archive as they are; the rest is this installation's.
PLAIN_FIELDS = ("name", "kind", "country", "language", "population", "population_65", "ico",
                "kpss_email")
BLOCK = 1 << 20


class RestoreRefused(Exception):
    """Nothing was imported; the message says why, in the user's language."""


@dataclass
class ImportSummary:
    municipality: Municipality
    tables: int = 0
    rows: int = 0
    files: int = 0
    how: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def municipality_import(path: Path, *, slug: str | None = None) -> ImportSummary:
    """Import the archive at path; raises ArchiveError or RestoreRefused with nothing written."""
    started = time.perf_counter()
    connection.set_schema_to_public()
    archive = Archive.open(Path(path))
    try:
        summary = _import(archive, slug)
    finally:
        archive.close()
    summary.seconds = time.perf_counter() - started
    logger.info("Imported %s into %s: %s rows, %s files in %.2f s", summary.municipality.slug,
                summary.municipality.schema_name, summary.rows, summary.files, summary.seconds)
    return summary


def _check_layout(manifest: dict) -> dict[str, layout.Table]:
    if manifest.get("migrations_fingerprint") != schemas.migrations_fingerprint():
        raise RestoreRefused(_(
            "The archive was made by a release with other database migrations than this "
            "installation has. Import it into an installation of the same release."))
    tables = {table.name: table for table in layout.tenant_tables()}
    archived = {t["name"]: tuple(t["columns"]) for t in manifest["tables"]}
    if archived != {name: table.columns for name, table in tables.items()}:
        raise RestoreRefused(_("The archive's tables differ from this installation's."))
    return tables


def _check_slug(slug: str) -> str:
    try:
        slug_validator(slug)
    except ValidationError as error:
        raise RestoreRefused(" ".join(error.messages)) from error
    if Municipality.objects.filter(slug=slug).exists() or schema_exists(schema_name_for(slug)):
        raise RestoreRefused(_(
            "A municipality with the address “%(slug)s” already exists; nothing was imported. "
            "Import the archive under another address (--slug).") % {"slug": slug})
    return slug


def _hostnames(public: dict, manifest: dict, slug: str, notes: list[str]) -> list[tuple[str, bool]]:
    """The archive's domains for this installation: its platform subdomain re-pointed to the
    slug; other host names kept only when the slug is unchanged (they name the original)."""
    source = f"{manifest['slug']}.{manifest['platform_domain']}".lower()
    own = f"{slug}.{settings.PLATFORM_DOMAIN}".lower()
    hosts: list[tuple[str, bool]] = []
    for domain in public["domains"]:
        host = domain["domain"].lower()
        if host == source:
            hosts.append((own, domain["is_primary"]))
        elif slug != manifest["slug"]:
            notes.append(_("The domain %(host)s was not carried to the new address.")
                         % {"host": host})
        else:
            hosts.append((host, domain["is_primary"]))
    if own not in {host for host, _primary in hosts}:
        hosts.append((own, False))
    if not any(primary for _host, primary in hosts):
        hosts = [(host, host == own) for host, _primary in hosts]
    taken = sorted(Domain.objects.filter(domain__in=[h for h, _p in hosts])
                   .values_list("domain", flat=True))
    if taken:
        raise RestoreRefused(_("The address %(hosts)s is already taken; nothing was imported.")
                             % {"hosts": ", ".join(taken)})
    return hosts


def _check_files(names: list[str], schema: str) -> None:
    storage = storages["default"]
    for name in names:
        normal = posixpath.normpath(name)
        if normal != name or name.startswith(("/", "../")) or name == "..":
            raise ArchiveError(_("The archive names a file outside its folder: %(name)s.")
                               % {"name": name})
    with schema_context(schema):
        stored = [name for name in names if storage.exists(name)]
    connection.set_schema_to_public()
    if stored:
        raise RestoreRefused(_(
            "Files are already stored under the schema %(schema)s (e.g. %(name)s); remove them "
            "or import under another address. Nothing was imported.")
            % {"schema": schema, "name": stored[0]})


def _users(exported: dict) -> dict[int, int]:
    """Archive account id → this installation's, matched by e-mail; missing accounts are
    created without staff or superuser rights."""
    mapping = {}
    for old, fields in exported.items():
        user = User.objects.filter(email__iexact=fields["email"]).first()
        if user is None:
            user = User(**fields, is_staff=False, is_superuser=False)
            user.save()
        mapping[int(old)] = user.pk
    return mapping


def _fill_schema(archive: Archive, schema: str, tables: dict[str, layout.Table],
                 users: dict[int, int]) -> int:
    quote = connection.ops.quote_name
    target = schemas.quote(schema)
    rows = 0
    with connection.cursor() as cursor:
        # Tables are filled in name order, not in the order of their references; the foreign
        # keys are checked once all are in (even if a caller had made them immediate).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The provisioned schema carries the template's rows (migration records, content
        # types); the archive's replace them. DELETE, not TRUNCATE: these are a few small
        # tables, and TRUNCATE of all 40-odd tables gives each new files (2 s under load).
        for table in tables.values():
            if table.prefilled:
                cursor.execute(f"DELETE FROM {target}.{quote(table.name)}")  # noqa: S608
        for entry in archive.manifest["tables"]:
            table = tables[entry["name"]]
            columns = ", ".join(quote(c) for c in table.columns)
            member = archive.open_member(f"tables/{table.name}.copy")
            with cursor.copy(f"COPY {target}.{quote(table.name)} ({columns}) FROM STDIN") as copy:
                for block in iter(lambda member=member: member.read(BLOCK), b""):
                    copy.write(block)
            rows += entry["rows"]
        moved = {old: new for old, new in users.items() if old != new}
        for table in tables.values():
            for column in table.user_columns if moved else ():
                cursor.execute(
                    f"UPDATE {target}.{quote(table.name)} AS t SET {quote(column)} = m.new "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::bigint[]) AS m(old, new) "
                    f"WHERE t.{quote(column)} = m.old", [list(moved), list(moved.values())])
            for column in table.serial:
                qualified = f"{target}.{quote(table.name)}"
                highest = f"SELECT max({quote(column)}) FROM {qualified}"  # noqa: S608
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), "
                               f"coalesce(({highest}), 0) + 1, false)", [qualified, column])
        # Foreign keys are deferred: check them now, so a bad archive fails here, whole.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return rows


def _registry_rows(public: dict, slug: str, schema: str, hosts: list[tuple[str, bool]],
                   users: dict[int, int], notes: list[str]) -> Municipality:
    fields = public["municipality"]
    municipality = Municipality(slug=slug, schema_name=schema,
                                migrations_fingerprint=schemas.migrations_fingerprint(),
                                **{name: fields[name] for name in PLAIN_FIELDS})
    for name in ("region", "district"):
        if public[name]:
            setattr(municipality, name, Region.objects.filter(code=public[name]).first())
            if getattr(municipality, name) is None:
                notes.append(_("The region or district %(code)s is not known here; left empty.")
                             % {"code": public[name]})
    if public["territory"]:
        country, level, code = public["territory"]
        municipality.territory = TerritorialUnit.objects.filter(
            country=country, level=level, code=code).first()
        if municipality.territory is None:
            notes.append(_("The territorial unit %(code)s is not known here; left empty.")
                         % {"code": code})
    try:
        municipality.full_clean()
    except ValidationError as error:
        raise RestoreRefused(" ".join(error.messages)) from error
    municipality.save()
    Domain.objects.bulk_create([Domain(domain=host, tenant=municipality, is_primary=primary)
                                for host, primary in hosts])
    Membership.objects.bulk_create([
        Membership(user_id=users[int(m["user"])], municipality=municipality, role=m["role"])
        for m in public["memberships"]])
    for model, key in ((MunicipalityFigures, "figures"), (ServiceListing, "listings")):
        objects = []
        for item in serializers.deserialize("json", json.dumps(public[key])):
            item.object.pk = None
            item.object.municipality = municipality
            objects.append(item.object)
        model.objects.bulk_create(objects)
    return municipality


def _store_files(archive: Archive, schema: str, written: list[str]) -> None:
    storage = storages["default"]
    with schema_context(schema):
        for name in archive.manifest["files"]:
            saved = storage.save(name, File(archive.open_member(f"files/{name}"), name=name))
            written.append(saved)
            if saved != name:
                raise RestoreRefused(_("The file %(name)s could not be stored under its own name.")
                                     % {"name": name})


def _import(archive: Archive, slug: str | None) -> ImportSummary:
    manifest = archive.manifest
    tables = _check_layout(manifest)
    slug = _check_slug(slug or manifest["slug"])
    schema = schema_name_for(slug)
    public = archive.public()
    notes: list[str] = []
    hosts = _hostnames(public, manifest, slug, notes)
    _check_files(manifest["files"], schema)
    written: list[str] = []
    try:
        with transaction.atomic():
            how = schemas.schema_provision(schema)
            _store_files(archive, schema, written)
            connection.set_schema_to_public()
            users = _users(public["users"])
            rows = _fill_schema(archive, schema, tables, users)
            municipality = _registry_rows(public, slug, schema, hosts, users, notes)
    except BaseException:
        storage = storages["default"]
        with schema_context(schema):
            for name in written:
                storage.delete(name)
        connection.set_schema_to_public()
        raise
    return ImportSummary(municipality, len(tables), rows, len(written), how, notes)
