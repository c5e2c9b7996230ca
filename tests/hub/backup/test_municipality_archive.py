"""One municipality exported alone and imported again: the same rows, files, roles and
domains; under a new slug next to the original; never over an existing one; a bad archive
refused whole, with nothing half-written; other municipalities untouched and unable to see
the copy."""

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from hub.accounts.models import Membership, User
from hub.municipalities.models import Domain, Municipality
from hub.regional.models import MunicipalityFigures, ServiceListing
from tenants.portal.models import Document, Introduction, NewsItem
from tests.conftest import PASSWORD, client_for
from tests.hub.backup.helpers import dropped, row_counts, seeded, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_removed_afterwards(settings):
    """The database is rolled back after each test; the media folder is not."""
    yield
    for schema in ("m_omega", "m_omega_kopia", "m_nova"):
        shutil.rmtree(Path(settings.MEDIA_ROOT) / schema, ignore_errors=True)


@pytest.fixture
def omega():
    municipality = seeded("omega")
    editor = User.objects.get(email="alfa.editor@test.sk")
    Membership.objects.create(user=editor, municipality=municipality, role="editor")
    with tenant_context(municipality):
        Introduction.objects.update(heading="Vitajte v Omege", updated_by=editor)
    connection.set_schema_to_public()
    return municipality


def _export(slug, tmp_path, name="omega.tar"):
    path = tmp_path / name
    call_command("municipality_export", slug, str(path), stdout=io.StringIO())
    return path


def _snapshot(municipality):
    with tenant_context(municipality):
        introduction = Introduction.objects.get()
        documents = sorted(Document.objects.values_list("title", "file", "size"))
        values = (introduction.heading, introduction.updated_by.email, documents)
    connection.set_schema_to_public()
    return {
        "rows": row_counts(municipality.schema_name),
        "values": values,
        "files": stored_files(municipality.schema_name),
        "roles": sorted(Membership.objects.filter(municipality=municipality)
                        .values_list("user__email", "role")),
        "figures": MunicipalityFigures.objects.filter(municipality=municipality).count(),
        "listings": sorted(ServiceListing.objects.filter(municipality=municipality)
                           .values_list("service_id", "service")),
    }


def test_export_drop_import_gives_back_the_same_municipality(omega, tmp_path):
    before = _snapshot(omega)
    assert before["files"] and sum(before["rows"].values()) > 100 and before["listings"]
    path = _export("omega", tmp_path)
    dropped(omega)
    assert not schema_exists("m_omega")

    out = io.StringIO()
    call_command("municipality_import", str(path), stdout=out)

    restored = Municipality.objects.get(slug="omega")
    assert "omega" in out.getvalue() and restored.schema_name == "m_omega"
    assert _snapshot(restored) == before
    assert (restored.name, restored.kpss_email, restored.population) == (
        "Omega", "kpss@omega.test", 4200)
    assert restored.district == omega.district
    assert list(Domain.objects.filter(tenant=restored).values_list("domain", "is_primary")) == [
        ("omega.localhost", True)]
    with tenant_context(restored):
        # Sequences continue past the restored rows.
        newest = NewsItem.objects.order_by("-pk").first().pk
        assert NewsItem.objects.create(title="Nový", summary="x", body="x").pk > newest


def test_import_under_a_new_slug_next_to_the_original(omega, tmp_path, alfa, beta):
    before = _snapshot(omega)
    others = {m.slug: row_counts(m.schema_name) for m in (alfa, beta)}
    path = _export("omega", tmp_path)

    call_command("municipality_import", str(path), "--slug", "omega-kopia", stdout=io.StringIO())

    copy = Municipality.objects.get(slug="omega-kopia")
    assert copy.schema_name == "m_omega_kopia" and copy.pk != omega.pk
    assert _snapshot(copy) == before  # rows, values, files, roles, read model
    assert _snapshot(omega) == before  # the original untouched
    assert {m.slug: row_counts(m.schema_name) for m in (alfa, beta)} == others
    assert list(Domain.objects.filter(tenant=copy).values_list("domain", flat=True)) == [
        "omega-kopia.localhost"]
    with tenant_context(copy):
        Introduction.objects.update(heading="Len kópia")
    with tenant_context(omega):
        assert Introduction.objects.get().heading == "Vitajte v Omege"


def test_the_copy_is_seen_only_on_its_own_address_and_by_its_own_members(omega, tmp_path,
                                                                          alfa, beta):
    path = _export("omega", tmp_path)
    call_command("municipality_import", str(path), "--slug", "omega-kopia", stdout=io.StringIO())
    copy = Municipality.objects.get(slug="omega-kopia")
    with tenant_context(copy):
        Introduction.objects.update(heading="Len v kópii")
    connection.set_schema_to_public()

    assert "Len v kópii" in client_for(copy).get("/").content.decode()
    for other in (alfa, beta, omega):
        assert "Len v kópii" not in client_for(other).get("/").content.decode()
    # The member carried over (alfa's editor) may work in the copy; beta's admin may not;
    # an anonymous visitor is sent to sign in.
    editor = User.objects.get(email="alfa.editor@test.sk")
    assert client_for(copy, editor).get("/staff/").status_code == 200
    stranger = client_for(copy, User.objects.get(email="beta.admin@test.sk")).get("/staff/")
    assert stranger.status_code in (302, 403)
    assert client_for(copy).get("/staff/").status_code == 302
    assert PASSWORD  # accounts keep their own passwords; nothing about them changed here


def test_an_existing_slug_is_never_overwritten(omega, tmp_path):
    before = _snapshot(omega)
    path = _export("omega", tmp_path)
    with pytest.raises(CommandError, match="already exists"):
        call_command("municipality_import", str(path))
    with pytest.raises(CommandError, match="already exists"):
        call_command("municipality_import", str(path), "--slug", "alfa")
    assert _snapshot(omega) == before
    assert Municipality.objects.filter(slug__startswith="omega").count() == 1


def test_an_unknown_municipality_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No municipality"):
        _export("nikde", tmp_path)
    assert not (tmp_path / "omega.tar").exists()


def _rewritten(path, target, change):
    """A copy of the archive with one member changed and the manifest's checksum made to fit
    (a well-formed archive whose data are wrong)."""
    import hashlib

    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    members = change(members)
    manifest = json.loads(members["manifest.json"])
    manifest["checksums"] = {name: hashlib.sha256(data).hexdigest()
                             for name, data in members.items() if name != "manifest.json"}
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def _nothing_of(slug):
    from hub.municipalities.services import schema_name_for

    schema = schema_name_for(slug)
    return (not Municipality.objects.filter(slug=slug).exists() and not schema_exists(schema)
            and not Domain.objects.filter(domain__startswith=f"{slug}.").exists()
            and stored_files(schema) == {})


def test_a_bad_archive_is_refused_with_nothing_written(omega, tmp_path):
    not_tar = tmp_path / "x.tar"
    not_tar.write_bytes(b"this is not an archive")
    with pytest.raises(CommandError, match="not a municipality archive"):
        call_command("municipality_import", str(not_tar), "--slug", "nova")

    path = _export("omega", tmp_path)
    with tarfile.open(path) as tar:
        names = tar.getnames()
    table = next(n for n in names if n.startswith("tables/portal_document"))
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(path) as tar, tarfile.open(damaged, "w") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()
            if member.name == table:
                data = data.replace(b"\t", b"\t\t", 1)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match="damaged"):
        call_command("municipality_import", str(damaged), "--slug", "nova")

    def other_release(members):
        manifest = json.loads(members["manifest.json"])
        manifest["migrations_fingerprint"] = "0" * 64
        return {**members, "manifest.json": json.dumps(manifest).encode()}

    with pytest.raises(CommandError, match="other database migrations"):
        call_command("municipality_import",
                     str(_rewritten(path, tmp_path / "old.tar", other_release)), "--slug", "nova")
    assert _nothing_of("nova")


def test_a_failure_half_way_leaves_nothing_behind(omega, tmp_path):
    """Rows that break a foreign key, in a well-formed archive: the schema, the registry rows,
    the accounts and the files already stored all go away again."""
    path = _export("omega", tmp_path)
    users = User.objects.count()

    def broken_reference(members):
        name = "tables/participation_member.copy"
        rows = members[name]
        assert rows, "the demo has group members"
        # Point every row's group at an id that does not exist.
        manifest = json.loads(members["manifest.json"])
        columns = next(t["columns"] for t in manifest["tables"]
                       if f"tables/{t['name']}.copy" == name)
        position = next(i for i, c in enumerate(columns) if c.endswith("_id") and "group" in c)
        lines = []
        for line in rows.decode().splitlines():
            cells = line.split("\t")
            cells[position] = "999999"
            lines.append("\t".join(cells))
        return {**members, name: ("\n".join(lines) + "\n").encode()}

    broken = _rewritten(path, tmp_path / "broken.tar", broken_reference)
    with pytest.raises(Exception):  # noqa: B017 — the database's own foreign-key error
        call_command("municipality_import", str(broken), "--slug", "nova")
    assert _nothing_of("nova") and User.objects.count() == users


def test_the_import_takes_a_ready_spare_like_onboarding(omega, tmp_path):
    from hub.backup.restore import municipality_import
    from hub.tenancy import schemas
    from hub.tenancy.models import SpareSchema

    before = _snapshot(omega)
    path = _export("omega", tmp_path)
    assert schemas.spare_pool_refill(size=1) == 1
    summary = municipality_import(path, slug="nova")
    assert summary.how == "spare" and not SpareSchema.objects.filter(role="spare").exists()
    assert _snapshot(summary.municipality) == before
