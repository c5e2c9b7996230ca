"""The national registry's pages in a real browser, at 1280 and 375 px: the onboarding call to
action, the differences page (accept one), the registry import page and the import's job page;
no page scrolls sideways on a phone."""

import pytest
from django_tenants.utils import tenant_context

from tests.e2e.conftest import follow, shot
from tests.e2e.test_catalogue_in_browser import _signin

pytestmark = [pytest.mark.browser]


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_registry_pages_in_a_browser(page, live_url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hub.municipalities.models import Municipality, TerritorialUnit
    from hub.rpss import services as registry_services
    from hub.rpss.models import CodebookEntry, RegistryFile, RegistryService
    from tenants.catalogue.models import CatalogueStamp, ImportJob, Provider, Service
    from tenants.history.models import Change
    from tests.hub.rpss import fixture

    registry_services.codebooks_load(files=fixture.codebook_files())
    upload = SimpleUploadedFile("rpss.json", fixture.national_bytes())
    registry_services.registry_file_read(
        registry_file=registry_services.registry_file_create(upload=upload, queue=False))
    beta = Municipality.objects.get(slug="beta")
    beta.territory = TerritorialUnit.objects.get(country="CZ", level="district", code="3201")
    beta.save(update_fields=["territory"])
    base = f"http://beta.localhost:{live_url.split(':')[1]}"
    try:
        _signin(page, base, "beta.admin@test.sk")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/staff/catalogue/")
            assert "Naplnit katalog z registru" in page.content()
            _no_sideways_scroll(page)
            shot(page, f"registry-cta-{width}")
            page.goto(f"{base}/staff/catalogue/registry/")
            assert "Domov seniorů Vzorová" in page.content()
            assert "centrum duševního zdraví" in page.content()
            _no_sideways_scroll(page)
            shot(page, f"registry-differences-{width}")
            page.goto(f"{base}/staff/catalogue/import/registry/")
            _no_sideways_scroll(page)
            shot(page, f"registry-import-{width}")
        page.goto(f"{base}/staff/catalogue/registry/")
        follow(page, page.locator("#offer-9000003 ~ form button.primary"))
        assert "je převzata z registru" in page.content()
        with tenant_context(beta):
            assert list(Service.objects.values_list("registry_id", flat=True)) == ["9000003"]
            job = ImportJob.objects.create(kind="registry", status="checked", user=None,
                                           preview={"ok": True, "new": 5, "offers": [
                                               ["9000001", "new", "Domov seniorů Vzorová", [],
                                                [], []]],
                                               "blocked": [["9000007", "Centrum", ["—"]]]},
                                           message="Zkontrolováno.")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/staff/catalogue/imports/{job.pk}/")
            _no_sideways_scroll(page)
            shot(page, f"registry-job-{width}")
            page.goto(f"{base}/staff/catalogue/imports/")
            _no_sideways_scroll(page)
            shot(page, f"registry-imports-{width}")
            page.goto(f"{base}/catalogue/services/{_uuid(beta, '9000003')}/")
            assert "Adresa se nezveřejňuje" in page.content()
            _no_sideways_scroll(page)
            shot(page, f"registry-hidden-address-{width}")
    finally:
        with tenant_context(beta):  # committed data: leave none behind
            Service.objects.all().delete()
            Provider.objects.all().delete()
            CatalogueStamp.objects.all().delete()
            ImportJob.objects.all().delete()
            Change.objects.filter(subject__startswith="catalogue.").delete()
        Municipality.objects.filter(pk=beta.pk).update(territory=None)
        RegistryService.objects.all().delete()
        RegistryFile.objects.all().delete()
        CodebookEntry.objects.all().delete()
        TerritorialUnit.objects.filter(country="CZ", level="municipality").delete()
        TerritorialUnit.objects.filter(country="CZ", level="district").delete()
        TerritorialUnit.objects.filter(country="CZ").delete()


def _uuid(municipality, registry_id):
    from tenants.catalogue.models import Service

    with tenant_context(municipality):
        return Service.objects.get(registry_id=registry_id).uuid


def test_operator_loads_codebooks_and_a_national_file_in_the_admin(page, live_url, tmp_path,
                                                                  celery_worker_process):
    from hub.accounts.models import User
    from hub.municipalities.models import TerritorialUnit
    from hub.rpss.models import CodebookEntry, RegistryFile
    from tests.conftest import PASSWORD
    from tests.hub.rpss import fixture

    operator = User.objects.filter(email="registry.operator@test.sk").first()
    if operator is None:
        User.objects.create_superuser("registry.operator@test.sk", PASSWORD)
    else:
        User.objects.filter(pk=operator.pk).update(is_active=True, is_staff=True,
                                                   is_superuser=True)
    files = []
    for name, data in fixture.codebook_files():
        path = tmp_path / name
        path.write_bytes(data)
        files.append(str(path))
    national = tmp_path / "rpss.json"
    national.write_bytes(fixture.national_bytes())
    base = f"http://localhost:{live_url.split(':')[1]}"
    try:
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", "registry.operator@test.sk")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/admin/rpss/codebookentry/load/")
            shot(page, f"admin-codebooks-load-{width}")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.set_input_files("#id_files", files)
        follow(page, "input[type=submit]")
        body = page.content()
        assert "centrum duševního zdraví" in body and "nový druh, který tabulka nezná" in body
        shot(page, "admin-codebooks-loaded-1280")
        assert CodebookEntry.objects.count() == 17
        page.goto(f"{base}/admin/rpss/codebookentry/?mapped=no")
        shot(page, "admin-codebooks-unmapped-1280")
        page.goto(f"{base}/admin/rpss/registryfile/add/")
        page.set_input_files("#id_file", str(national))
        page.click("input[name=_save]")
        assert RegistryFile.objects.count() == 1
        from tests.conftest import wait_for

        wait_for(lambda: RegistryFile.objects.filter(status="done").exists(), timeout=60)
        assert RegistryFile.objects.get().counts["read"] == 9  # read once, on the worker
        page.goto(f"{base}/admin/rpss/registryfile/")
        shot(page, "admin-registry-files-1280")
    finally:
        from hub.rpss.models import RegistryService

        RegistryService.objects.all().delete()
        RegistryFile.objects.all().delete()
        CodebookEntry.objects.all().delete()
        TerritorialUnit.objects.filter(country="CZ", level="municipality").delete()
        TerritorialUnit.objects.filter(country="CZ", level="district").delete()
        TerritorialUnit.objects.filter(country="CZ").delete()
        # Deleting an account would reach into every municipality's tables (SET_NULL); the
        # operator is switched off instead.
        User.objects.filter(email="registry.operator@test.sk").update(
            is_active=False, is_staff=False, is_superuser=False)
