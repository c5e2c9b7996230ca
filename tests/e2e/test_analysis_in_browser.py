"""The needs analysis in a real browser at 1280 and 375 px, with the real worker: an editor
imports the statistical office's file (a job: its page follows it, then lists every bad row
or the counts), sees the age pyramid, the 65+/80+ trend and the network gaps, publishes, and
a resident reads the public page."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot
from tests.tenants.analysis.builders import FILES, network_fixture

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def alfa_as_orp(django_db_blocker):
    """Alfa made ORP Benešov with the network fixtures; all of it undone afterwards."""
    from hub.municipalities.models import Municipality, TerritorialUnit
    from hub.regional.models import MunicipalityFigures

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        kept = (alfa.kind, alfa.country, alfa.territory_id)
        units_before = set(TerritorialUnit.objects.values_list("pk", flat=True))
        network_fixture(alfa)
    yield alfa
    with django_db_blocker.unblock():
        from tenants.analysis.models import (
            DemographyImport,
            Norm,
            PopulationCount,
            Publication,
            TypeSetting,
        )
        from tenants.catalogue.models import Provider, Service
        from workers.models import Dispatch

        Dispatch.objects.filter(key__startswith="analysis.demography_import:").delete()
        with tenant_context(alfa):
            for model in (PopulationCount, Norm, Publication, TypeSetting, Service, Provider,
                          DemographyImport):
                model.objects.all().delete()
        others = Municipality.objects.filter(slug__in=["orp-a", "orp-b", "orp-c", "town"])
        MunicipalityFigures.objects.filter(municipality__in=others).delete()
        others.delete()
        alfa.kind, alfa.country, alfa.territory_id = kept
        alfa.save()
        loaded = TerritorialUnit.objects.exclude(pk__in=units_before)
        while loaded.exists():
            held = set(loaded.values_list("parent", flat=True)) | set(
                loaded.values_list("orp", flat=True))
            loaded.exclude(pk__in=held - {None}).delete()


def _both_widths(page, name):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{name}-{width}")
        # Nothing may scroll the page sideways on a phone (tables scroll in their box).
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_editor_imports_sees_the_gaps_and_publishes(page, live_url, celery_worker_process,
                                                    alfa_as_orp):
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    page.goto(f"{base}/accounts/signin/?next=/staff/analysis/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/staff/analysis/")
    assert page.locator("h1").inner_text() == "Analýza potrieb"
    page.set_input_files("#id_file", str(FILES / "template_bad.csv"))
    follow(page, "#import button[type=submit]")
    assert page.locator("h1").inner_text() == "Import demografie"
    # The page reloads itself (a static script) until the worker has finished.
    page.wait_for_selector(".import-errors", timeout=60_000)
    errors = page.locator(".import-errors").inner_text()
    assert "Riadok 3: rok „20x3“ nie je rok." in errors and "Riadok 7:" in errors
    assert "Súbor má 5 chýb; nič sa nenaimportovalo." in page.locator("main").inner_text()
    _both_widths(page, "analysis-import-errors")
    follow(page, "a:text('Nahrať opravený súbor')")
    page.set_input_files("#id_file", str(FILES / "czso_obyvatelstvo_vek_pohlavi.csv"))
    follow(page, "#import button[type=submit]")
    page.wait_for_selector(".import-notice.done", timeout=60_000)
    assert "Importovaných 21 počtov obyvateľov" in page.locator("main").inner_text()
    _both_widths(page, "analysis-import-done")
    follow(page, "a:text('Zobraziť demografiu')")
    assert page.locator("svg.pyramid").count() == 1 and page.locator("svg.trend").count() == 1
    assert page.locator("table.imports tbody tr").count() == 2
    _both_widths(page, "analysis-staff")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/staff/analysis/network/")
    first = page.locator("table.network tbody tr").first.inner_text()
    assert "44,6" in first and "16,1" in first
    # One obec's rows at a time: its link under the ORP's table.
    follow(page, ".area-choice a:text('Vlašim')")
    assert page.locator("#area-rows").inner_text() == "Vlašim · 2023"
    assert page.locator("table.network").count() == 2
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"analysis-network-{width}")
    page.goto(f"{base}/staff/analysis/")
    follow(page, "form[action='/staff/analysis/publish/'] button")
    page.context.clear_cookies()
    page.goto(f"{base}/analysis/")
    assert "Vlašim" in page.locator("main, body").first.inner_text()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"analysis-public-{width}")
