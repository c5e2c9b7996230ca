"""The two-phase import (tenants/catalogue/imports.py): a preview writes nothing and keeps the
file under a token; only that user, in that municipality, commits it, once, all or nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.catalogue import imports
from tenants.catalogue.models import Provider, Service
from tests.conftest import account, client_for
from tests.tenants.catalogue.test_import import GOOD, RPSS, _csv

pytestmark = pytest.mark.django_db


def _services():
    return sorted(Service.objects.values_list("name", flat=True))


def test_preview_writes_nothing_and_commit_applies_it_once(alfa):
    editor = account("alfa.editor@test.sk")
    with tenant_context(alfa):
        run = imports.import_preview(user_id=editor.pk, kind="table", data=_csv(GOOD),
                                     filename="katalog.csv")
        assert run.token and run.result.ok and run.result.created == 2
        assert run.filename == "katalog.csv"
        assert _services() == [] and Provider.objects.count() == 0
        done = imports.import_commit(user_id=editor.pk, kind="table", token=run.token)
        assert done.result.committed and done.result.created == 2
        assert done.filename == "katalog.csv"
        assert _services() == ["Denné centrum", "Jedáleň Hlavná"]
        with pytest.raises(imports.PreviewExpired):  # the token is spent
            imports.import_commit(user_id=editor.pk, kind="table", token=run.token)
        assert _services() == ["Denné centrum", "Jedáleň Hlavná"]


def test_a_file_with_bad_rows_keeps_nothing_to_commit(alfa):
    editor = account("alfa.editor@test.sk")
    bad = [GOOD[0], ["", "", "X", "zz", "outpatient", "", "", "", "", "", ""]]
    with tenant_context(alfa):
        run = imports.import_preview(user_id=editor.pk, kind="table", data=_csv(bad),
                                     filename="a.csv")
        assert run.token == "" and not run.result.ok
        assert sorted({e.column for e in run.result.errors}) == ["provider_name",
                                                                 "service_type"]
        assert _services() == []


def test_another_user_or_municipality_cannot_commit_the_preview(alfa, beta):
    editor, admin = account("alfa.editor@test.sk"), account("alfa.admin@test.sk")
    with tenant_context(alfa):
        run = imports.import_preview(user_id=editor.pk, kind="table", data=_csv(GOOD))
        with pytest.raises(imports.PreviewExpired):
            imports.import_commit(user_id=admin.pk, kind="table", token=run.token)
        with pytest.raises(imports.PreviewExpired):  # nor as the other kind of import
            imports.import_commit(user_id=editor.pk, kind="rpss", token=run.token)
    with tenant_context(beta):
        with pytest.raises(imports.PreviewExpired):
            imports.import_commit(user_id=editor.pk, kind="table", token=run.token)
        assert _services() == []
    with tenant_context(alfa):
        assert _services() == []
        imports.import_commit(user_id=editor.pk, kind="table", token=run.token)
        assert len(_services()) == 2


def test_the_registry_import_takes_the_same_two_steps(beta):
    admin = account("beta.admin@test.sk")
    data = json.dumps(RPSS).encode()
    with tenant_context(beta):
        run = imports.import_preview(user_id=admin.pk, kind="rpss", data=data,
                                     towns=["Benešov", "Vlašim"])
        assert run.token and run.result.created == 2 and _services() == []
        done = imports.import_commit(user_id=admin.pk, kind="rpss", token=run.token)
        assert done.result.committed
        assert sorted(Service.objects.values_list("registry_id", flat=True)) == [
            "1234567", "7654321"]


def test_the_registry_page_previews_then_commits(beta):
    client = client_for(beta, account("beta.admin@test.sk"))
    upload = SimpleUploadedFile("rpss.json", json.dumps({"polozky": RPSS}).encode())
    response = client.post("/staff/catalogue/import/registry/",
                           {"file": upload, "towns": "Benešov\nVlašim"})
    assert response.status_code == 200
    with tenant_context(beta):
        assert _services() == []
    token = response.content.decode().split('name="token" value="')[1].split('"')[0]
    assert client.post("/staff/catalogue/import/registry/", {"token": token}).status_code == 302
    with tenant_context(beta):
        assert Service.objects.count() == 2
    expired = client.post("/staff/catalogue/import/registry/", {"token": token})
    assert expired.status_code == 302
    assert expired["Location"] == "/staff/catalogue/import/registry/"
    with tenant_context(beta):
        assert Service.objects.count() == 2
