"""Catalogue in a real browser: staff add a service (input kept on errors), residents find it
without diacritics, open its page; the import page reports bad rows."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def test_staff_add_a_service_and_residents_find_it(page, live_url, tmp_path,
                                                   celery_worker_process):
    from hub.municipalities.models import Municipality
    from tenants.catalogue import services
    from tenants.catalogue.models import CatalogueStamp, ImportJob, Provider, Service
    from tenants.history.models import Change

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        services.provider_save(user=None, name="Mestský úrad Alfa")
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    try:
        _signin(page, base, "alfa.editor@test.sk")
        page.goto(f"{base}/staff/catalogue/")
        shot(page, "catalogue-staff-empty")
        page.click("text=Nová služba")
        page.select_option("#id_provider", label="Mestský úrad Alfa")
        page.fill("#id_name", "Domov dôchodcov Jeseň")
        page.select_option("#id_service_type", "sk-35")
        page.select_option("#id_form", "residential")
        page.check("input[value=seniors]")
        page.fill("#id_capacities", "pobytová 40")
        page.fill("#id_age_from", "70")
        page.fill("#id_age_to", "60")
        page.fill("#id_address", "Lipová 3")
        page.fill("#id_town", "Alfa")
        page.fill("#id_hours", "Po-Pi 08:00-15:30")
        follow(page, "button.primary")
        errors = page.locator(".field-error").all_inner_texts()
        assert any("„pobytová 40“" in e for e in errors), errors
        assert page.input_value("#id_name") == "Domov dôchodcov Jeseň"
        shot(page, "catalogue-service-form-error")
        page.fill("#id_capacities", "pobytová 40 lôžka")
        follow(page, "button.primary")
        errors = page.locator(".field-error").all_inner_texts()
        assert any("Horná hranica veku nesmie byť pod dolnou." in e for e in errors), errors
        assert page.input_value("#id_capacities") == "pobytová 40 lôžka"
        page.fill("#id_age_to", "")
        follow(page, "button.primary")
        assert "Služba je uložená." in page.content()

        page.goto(f"{base}/catalogue/")
        page.fill("#id_q", "domov dochodcov jesen")
        follow(page, "form[role=search] button.primary")
        assert page.locator(".cat-results li").count() == 1
        shot(page, "catalogue-public-search")
        follow(page, "text=Domov dôchodcov Jeseň")
        body = page.content()
        assert "Zariadenie pre seniorov" in body and "40 lôžok" in body
        assert "08:00–15:30" in body
        shot(page, "catalogue-public-service")

        bad = tmp_path / "zly.csv"
        bad.write_text("provider_name,name,service_type,form\n,Bez,sk-99,pobytová\n",
                       encoding="utf-8")
        page.goto(f"{base}/staff/catalogue/import/")
        page.set_input_files("#id_file", str(bad))
        page.click("form.card button.primary")
        # Checked on the worker; the job page reloads itself until the result is there.
        page.wait_for_selector("text=Súbor má chyby (2); nič sa neimportovalo.", timeout=30000)
        assert "provider_name" in page.content() and "service_type" in page.content()
        shot(page, "catalogue-import-errors")
    finally:
        with tenant_context(alfa):  # committed data: leave none behind
            Service.objects.all().delete()
            Provider.objects.all().delete()
            CatalogueStamp.objects.all().delete()
            Change.objects.filter(subject__startswith="catalogue.").delete()
            ImportJob.objects.all().delete()
