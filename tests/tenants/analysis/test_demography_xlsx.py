"""The demography template as a spreadsheet (XLSX): the same counts as the same rows in CSV,
uploaded and imported through the job; a file that only looks like one is refused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from tenants.analysis import import_jobs, imports, selectors, spreadsheet
from tenants.analysis.models import DemographyImport
from tests.conftest import account, client_for
from tests.tenants.analysis.builders import make_orp, read

pytestmark = pytest.mark.django_db


def _xlsx_of(csv_bytes: bytes, *, numbers: bool = True) -> bytes:
    """The CSV's rows in a workbook's first sheet, numbers as numbers (a spreadsheet gives
    2022.0 and 700.0), after a blank row and with a second sheet that must be ignored."""
    book = Workbook()
    sheet = book.active
    for i, row in enumerate(csv.reader(io.StringIO(csv_bytes.decode()), delimiter=";")):
        sheet.append([float(c) if numbers and i and c.isdigit() else c for c in row])
        if i == 0:
            sheet.append([])
    book.create_sheet("poznámky").append(["nie", "sú", "to", "údaje"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_spreadsheet_gives_the_same_counts_as_its_csv(alfa):
    make_orp(alfa)
    data = read("template_votice.csv")
    workbook = _xlsx_of(data)
    assert spreadsheet.is_xlsx(workbook)
    with tenant_context(alfa):
        areas = dict.fromkeys(("530841", "2101", "529303", "530743"), "")
        from_csv, from_xlsx = imports.parse(data, areas), imports.parse(workbook, areas)
    assert from_xlsx.errors == [] and from_xlsx.layout == "template"
    assert from_xlsx.rows == from_csv.rows and from_xlsx.skipped == from_csv.skipped


def test_uploaded_as_xlsx_the_job_imports_it(alfa):
    make_orp(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    upload = SimpleUploadedFile("votice.xlsx", _xlsx_of(read("template_votice.csv")))
    response = editor.post("/staff/analysis/import/", {"file": upload})
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    with tenant_context(alfa):
        job = import_jobs.demography_import_run(job_id=job_id)  # what the worker does
        assert (job.status, job.stored, job.skipped, job.layout) == ("done", 8, 1, "template")
        assert selectors.Demography().target("530841", 2022, "total") == 4600


def test_a_zip_that_is_no_workbook_is_refused_at_the_upload(alfa):
    make_orp(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "nothing")
    response = editor.post("/staff/analysis/import/",
                           {"file": SimpleUploadedFile("obyvatelstvo.xlsx", archive.getvalue())})
    assert response.status_code == 400
    assert "Vyberte súbor CSV (.csv) alebo tabuľku (.xlsx)" in response.content.decode()
    with tenant_context(alfa):
        assert not DemographyImport.objects.exists()


def test_a_broken_workbook_is_one_clear_error_and_nothing_else():
    with translation.override("cs"):
        parsed = imports.parse(b"PK\x03\x04 broken", {"530841": ""})
    assert parsed.rows == [] and parsed.errors == [
        "Soubor není textový (CSV) soubor v kódování UTF-8 ani Windows-1250 ani čitelná "
        "tabulka (XLSX)."]
