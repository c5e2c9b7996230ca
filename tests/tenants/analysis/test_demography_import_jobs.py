"""Demography imports as jobs: the upload keeps the file and records the job in the outbox;
the job's run stores all or nothing; its page shows progress, then the result; staff of
another municipality, viewers and anonymous visitors reach none of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from tenants.analysis import forms, import_jobs
from tenants.analysis.models import DemographyImport, PopulationCount
from tests.conftest import account, client_for
from tests.tenants.analysis.builders import make_orp, read

pytestmark = pytest.mark.django_db


def _job_id(response) -> int:
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


def _upload(name: str, data: bytes):
    return {"file": SimpleUploadedFile(name, data)}


def test_upload_queues_a_job_and_its_run_imports_the_file(alfa):
    make_orp(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/staff/analysis/import/",
                           _upload("obyvatelstvo.csv", read("czso_obyvatelstvo_vek_pohlavi.csv")))
    assert response.status_code == 302
    job_id = _job_id(response)
    with tenant_context(alfa):
        from workers import outbox

        entry = outbox.entry(key=f"analysis.demography_import:{job_id}")
        assert (entry.task_name, entry.kwargs) == ("tenants.analysis.demography_import_task",
                                                   {"job_id": job_id})
        assert not PopulationCount.objects.exists()  # nothing parsed in the request
    page = editor.get(f"/staff/analysis/imports/{job_id}/").content.decode()
    # Not handed to the broker (a test transaction never commits): it says so, and polls
    # through the static script (no inline script under the CSP).
    assert "čaká vo fronte" in page and 'data-refresh="2"' in page
    assert "analysis/refresh" in page and "<script>" not in page
    with tenant_context(alfa):
        job = import_jobs.demography_import_run(job_id=job_id)  # what the worker does
        assert (job.status, job.stored, job.skipped, job.layout, job.progress) == (
            "done", 21, 2, "czso", 100)
        assert PopulationCount.objects.count() == 21
        assert not job.file.storage.exists(job.file.name)  # the 40 MB copy is not kept
        assert import_jobs.demography_import_run(job_id=job_id) is None  # redelivered: no-op
        assert PopulationCount.objects.count() == 21
    page = editor.get(f"/staff/analysis/imports/{job_id}/").content.decode()
    assert "data-refresh" not in page
    assert "Importovaných 21 počtov obyvateľov (preskočených 2 riadkov iných území)." in page
    listing = editor.get("/staff/analysis/").content.decode()
    assert "obyvatelstvo.csv" in listing and f"/staff/analysis/imports/{job_id}/" in listing


def test_a_file_with_bad_rows_writes_nothing_and_lists_each_row_in_slovak(alfa):
    make_orp(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    with tenant_context(alfa):
        job = import_jobs.demography_import_start_bytes(
            user=account("alfa.editor@test.sk"), data=read("template_votice.csv"),
            filename="v.csv")
        import_jobs.demography_import_run(job_id=job.pk)
        before = sorted(PopulationCount.objects.values_list("pk", "count"))
    job_id = _job_id(editor.post("/staff/analysis/import/",
                                 _upload("zle.csv", read("template_bad.csv"))))
    with tenant_context(alfa):
        job = import_jobs.demography_import_run(job_id=job_id)
        assert (job.status, job.stored, job.error_count) == ("failed", 0, 5)
        assert sorted(PopulationCount.objects.values_list("pk", "count")) == before
    page = editor.get(f"/staff/analysis/imports/{job_id}/").content.decode()
    for line in ("Riadok 3: rok „20x3“ nie je rok.",
                 "Riadok 4: veková skupina „staří“ nie je zrozumiteľná",
                 "Riadok 5: počet „-5“ nie je celé číslo.",
                 "Riadok 6: rovnaké územie, rok, pohlavie a veková skupina je už v riadku 2.",
                 "Riadok 7: pohlavie „x“ nie je zrozumiteľné (t, m alebo f)."):
        assert line in page, line
    assert "Súbor má 5 chýb; nič sa nenaimportovalo." in page


def test_the_worker_writes_errors_in_the_uploaders_language(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        job = import_jobs.demography_import_start_bytes(
            user=account("alfa.editor@test.sk"), data=read("template_bad.csv"),
            filename="bad.csv", language="cs")
        job = import_jobs.demography_import_run(job_id=job.pk)
    assert job.errors[0] == "Řádek 3: rok „20x3“ není rok."


def test_other_municipalities_viewers_and_anonymous_reach_no_job(alfa, beta):
    make_orp(alfa)
    with tenant_context(alfa):
        job = import_jobs.demography_import_start_bytes(
            user=account("alfa.editor@test.sk"), data=read("template_votice.csv"),
            filename="votice.csv")
    path = f"/staff/analysis/imports/{job.pk}/"
    assert client_for(alfa, account("alfa.editor@test.sk")).get(path).status_code == 200
    # Beta's admin on Alfa's site: not a member. On Beta's own site: no such job there.
    assert client_for(alfa, account("beta.admin@test.sk")).get(path).status_code == 403
    assert client_for(beta, account("beta.admin@test.sk")).get(path).status_code == 404
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    assert viewer.get(path).status_code == 403
    assert "votice.csv" not in viewer.get("/staff/analysis/").content.decode()
    anonymous = client_for(alfa).get(path)
    assert anonymous.status_code == 302 and "/accounts/signin/" in anonymous["Location"]
    for client, expected in ((viewer, 403), (client_for(alfa, account("beta.admin@test.sk")),
                                             403), (client_for(alfa), 302)):
        response = client.post("/staff/analysis/import/",
                               _upload("v.csv", read("template_votice.csv")))
        assert response.status_code == expected
    with tenant_context(alfa):
        assert list(DemographyImport.objects.values_list("pk", flat=True)) == [job.pk]
        assert not PopulationCount.objects.exists()


@pytest.mark.parametrize("name,data,message", [
    ("obyvatelstvo.xlsx", b"PK\x03\x04 a spreadsheet", "Vyberte súbor CSV (.csv)"),
    ("obyvatelstvo.csv", b"PK\x03\x04\x00\x00 binary", "Vyberte súbor CSV (.csv)"),
    ("obyvatelstvo.pdf", b"%PDF-1.7", "Vyberte súbor CSV (.csv)"),
])
def test_the_upload_refuses_files_that_are_not_csv(alfa, name, data, message):
    make_orp(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/staff/analysis/import/", _upload(name, data))
    assert response.status_code == 400 and message in response.content.decode()
    with tenant_context(alfa):
        assert not DemographyImport.objects.exists()


def test_the_upload_refuses_an_oversized_file(alfa, monkeypatch):
    make_orp(alfa)
    monkeypatch.setattr(forms, "MAX_FILE", 100)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/staff/analysis/import/", _upload("velky.csv", b"code;year\n" * 20))
    assert response.status_code == 400
    assert "Súbor je väčší ako 60 MB." in response.content.decode()
    with tenant_context(alfa):
        assert not DemographyImport.objects.exists()


def test_storing_refuses_a_count_the_table_cannot_hold_and_writes_nothing(alfa):
    from django.core.exceptions import ValidationError

    from tenants.analysis import services
    from tests.tenants.analysis.builders import bands

    make_orp(alfa)
    with tenant_context(alfa):
        rows = bands("530841", 2023, (1, 2, 3, 4))
        for bad in ({"age_from": 20, "age_to": 10}, {"area_code": "53-08"}, {"sex": "x"},
                    {"count": -1}, {"year": 1800}):
            with pytest.raises(ValidationError):
                services.population_store(rows=rows + [{**rows[0], **bad}], source="manual")
            assert not PopulationCount.objects.exists()
        assert services.population_store(rows=rows, source="manual") == 4
        assert sorted(PopulationCount.objects.values_list("age_from", "count")) == [
            (0, 1), (15, 2), (65, 3), (80, 4)]
