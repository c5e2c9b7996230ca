"""A demography import runs on the real worker: the upload commits, the outbox sends the job,
the worker stores exactly the file's counts — or, for a file with bad rows, nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.analysis.models import DemographyImport, PopulationCount
from tests.conftest import account, client_for, wait_for
from tests.tenants.analysis.builders import make_orp, read

pytestmark = pytest.mark.worker


@pytest.fixture
def orp(live_db):
    """Alfa as ORP Benešov, committed for the worker; put back as it was afterwards."""
    from hub.municipalities.models import Municipality, TerritorialUnit
    from workers.models import Dispatch

    alfa = Municipality.objects.get(slug="alfa")
    was = (alfa.kind, alfa.country, alfa.territory_id)
    units = set(TerritorialUnit.objects.values_list("pk", flat=True))
    make_orp(alfa)
    yield alfa
    with tenant_context(alfa):
        PopulationCount.objects.all().delete()
        DemographyImport.objects.all().delete()
    Dispatch.objects.filter(key__startswith="analysis.demography_import:").delete()
    alfa.kind, alfa.country, alfa.territory_id = was
    alfa.save()
    for level in ("municipality", "orp", "district", "region"):  # children first
        TerritorialUnit.objects.exclude(pk__in=units).filter(level=level).delete()


def _run(alfa, name: str, data: bytes) -> DemographyImport:
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/staff/analysis/import/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])

    def ended():
        with tenant_context(alfa):
            job = DemographyImport.objects.get(pk=job_id)
        return job if not job.running else None

    job = wait_for(ended, timeout=60)
    page = editor.get(f"/staff/analysis/imports/{job_id}/").content.decode()
    return job, page


def test_a_good_file_imports_through_the_worker_with_exact_counts(orp):
    job, page = _run(orp, "obyvatelstvo.csv", read("czso_obyvatelstvo_vek_pohlavi.csv"))
    assert (job.status, job.stored, job.skipped, job.error_count, job.attempts) == (
        "done", 21, 2, 0, 1)
    with tenant_context(orp):
        assert PopulationCount.objects.count() == 21
        assert set(PopulationCount.objects.values_list("source", flat=True)) == {"czso"}
    assert "Importovaných 21 počtov obyvateľov" in page and "data-refresh" not in page


def test_a_file_with_bad_rows_writes_nothing_through_the_worker(orp):
    job, page = _run(orp, "zle.csv", read("template_bad.csv"))
    assert (job.status, job.stored, job.error_count) == ("failed", 0, 5)
    with tenant_context(orp):
        assert not PopulationCount.objects.exists()
    assert "Riadok 3: rok „20x3“ nie je rok." in page and "Riadok 7:" in page
