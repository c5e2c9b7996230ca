"""CSV/XLSX import: bad rows refused all together, round trip, re-import updates; rpss.json."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.catalogue import imports, tabular
from tenants.catalogue.models import (
    CatalogueStamp,
    Location,
    OpeningHours,
    Provider,
    Service,
)
from tenants.history.models import Change
from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import capacity, provider, service

pytestmark = pytest.mark.django_db

HEADER = ["provider_name", "provider_ico", "name", "service_type", "form", "target_groups",
          "capacity", "capacity_unit", "town", "address", "hours"]


def _csv(rows, header=HEADER, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


GOOD = [
    ["Mesto Alfa", "11111111", "Jedáleň Hlavná", "sk-58", "outpatient", "seniors", "120",
     "client", "Alfa", "Hlavná 5", "Po-Pi 11:00-13:30"],
    ["Mesto Alfa", "11111111", "Denné centrum", "Denné centrum", "ambulantná",
     "seniori; opatrujúce osoby", "", "", "Alfa", "Hlavná 7", ""],
]


def _counts():
    return (Provider.objects.count(), Service.objects.count(), Location.objects.count(),
            OpeningHours.objects.count())


def test_good_file_imports_with_names_or_codes(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        rows = tabular.read_table(_csv(GOOD))
        preview = tabular.catalogue_import(user=user, rows=rows, commit=False)
        assert preview.ok and preview.created == 2 and not preview.committed
        assert _counts() == (0, 0, 0, 0)  # a preview writes nothing
        result = tabular.catalogue_import(user=user, rows=rows, commit=True)
        assert result.committed and result.created == 2 and result.providers_created == 1
        second = Service.objects.get(name="Denné centrum")
        assert second.service_type == "sk-56" and second.form == "outpatient"
        assert second.target_groups == ["seniors", "carers"]
        first = Service.objects.get(name="Jedáleň Hlavná")
        assert [(h.weekday, f"{h.opens:%H:%M}") for h in first.locations.get().hours.all()] == [
            (d, "11:00") for d in range(5)]


def test_bad_rows_all_reported_nothing_committed_in_users_language(alfa):
    bad = GOOD + [
        ["", "", "Bez poskytovateľa", "sk-58", "outpatient", "", "", "", "", "", ""],
        ["Mesto Alfa", "11111111", "Zlý typ", "cz-49", "outpatient", "", "", "", "", "", ""],
        ["Mesto Alfa", "11111111", "Zlá kapacita", "sk-58", "outpatient", "marťania", "veľa",
         "client", "", "", ""],
        ["Mesto Alfa", "11111111", "Zlé hodiny", "sk-58", "outpatient", "", "", "", "Alfa",
         "Hlavná 9", "Po 15:00-08:00"],
        ["Iný", "123", "Zlé IČO", "sk-58", "outpatient", "", "", "", "", "", ""],
    ]
    with tenant_context(alfa), translation.override("sk"):
        result = tabular.catalogue_import(user=account("alfa.editor@test.sk"),
                                          rows=tabular.read_table(_csv(bad)), commit=True)
        assert not result.committed
        assert _counts() == (0, 0, 0, 0)
        by_line = {}
        for error in result.errors:
            by_line.setdefault(error.line, []).append((error.column, error.message))
        assert sorted(by_line) == [4, 5, 6, 7, 8]
        assert by_line[4][0][0] == "provider_name"
        assert "nesmie byť prázdny" in by_line[4][0][1]  # Slovak, not English
        assert by_line[5][0][0] == "service_type"
        assert {c for c, _m in by_line[6]} == {"target_groups", "capacity"}
        assert by_line[7][0][0] == "hours"
        assert by_line[8][0][0] == "provider_ico"


def test_round_trip_and_reimport_updates_without_duplicates(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user)
        home = service(p, user)
        service(p, user, name="Terénna služba", service_type="sk-24a", form="field",
                description="=HYPERLINK(\"http://x\") stays text",
                target_groups=["homeless", "crisis"], locations=[], hidden_address=True,
                capacities=capacity(300, "contact", "field") + capacity(20, "client", "outpatient"),
                age_from=None)
        exported = tabular.export_csv()
        # A spreadsheet opening the CSV must not run the description as a formula.
        assert "'=HYPERLINK" in exported.decode("utf-8-sig")
        sheet = openpyxl.load_workbook(io.BytesIO(tabular.export_xlsx())).active
        assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row
                   if cell.value)
        before = (_counts(), tabular.export_rows())
        # Re-importing what was exported touches nothing: no "last modified", no stamp, no
        # history (HSDS modified_after and the public "updated" date stay true).
        untouched = (sorted(Service.objects.values_list("pk", "updated_at")),
                     list(CatalogueStamp.objects.values_list("changed_at")),
                     Change.objects.count())
        for data in (exported, tabular.export_xlsx()):
            result = tabular.catalogue_import(user=user, rows=tabular.read_table(data),
                                              commit=True)
            assert result.ok and result.unchanged == 2 and result.created == 0, result.errors
            assert (_counts(), tabular.export_rows()) == before
            assert (sorted(Service.objects.values_list("pk", "updated_at")),
                    list(CatalogueStamp.objects.values_list("changed_at")),
                    Change.objects.count()) == untouched
        # Edit the exported file: one change, one new row; re-import updates, adds one.
        table = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
        assert table[1]["capacities"] == "field 300 contact; outpatient 20 client"
        assert table[1]["hidden_address"] == "yes" and table[1]["covers"] == ""
        table[0]["capacities"] = "pobytová 45 lôžka"
        table[0]["hours"] = "Po-Pi 07:00-15:00"
        table.append({**table[1], "id": "", "registry_id": "", "name": "Nová služba"})
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=tabular.COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(table)
        result = tabular.catalogue_import(user=user, rows=tabular.read_table(
            out.getvalue().encode("cp1250")), commit=True)  # Excel's Czech/Slovak encoding
        assert (result.created, result.updated, result.unchanged) == (1, 1, 1), result.errors
        home.refresh_from_db()
        assert home.capacities == [{"form": "residential", "unit": "bed", "capacity": 45,
                                    "note": ""}] and Service.objects.count() == 3
        copy = Service.objects.get(name="Nová služba")
        assert copy.hidden_address and copy.capacities[1]["capacity"] == 20
        assert home.locations.get().hours.count() == 5
        # Without ids, the same provider + name still updates instead of duplicating.
        for row in table:
            row["id"] = ""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=tabular.COLUMNS)
        writer.writeheader()
        writer.writerows(table)
        result = tabular.catalogue_import(user=user, rows=tabular.read_table(
            out.getvalue().encode()), commit=True)
        assert result.created == 0 and Service.objects.count() == 3


def test_same_service_twice_in_a_file_is_an_error(alfa):
    with tenant_context(alfa):
        result = tabular.catalogue_import(user=account("alfa.editor@test.sk"),
                                          rows=tabular.read_table(_csv([GOOD[0], GOOD[0]])),
                                          commit=True)
        assert [e.line for e in result.errors] == [3] and Service.objects.count() == 0


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"name;form\nx;y\n", "lacks the columns"),
    (b"PK\x03\x04garbage", "not a readable XLSX"),
    (b"a" * (tabular.MAX_BYTES + 1), "larger than"),
])
def test_unreadable_files_are_refused_clearly(data, message):
    from django.core.exceptions import ValidationError

    with translation.override("en"), pytest.raises(ValidationError) as caught:
        tabular.read_table(data)
    assert message in " ".join(caught.value.messages)


def _job_id(response) -> int:
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_import_page_checks_on_the_worker_then_commits_on_confirmation(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in GOOD:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("katalog.xlsx", data.getvalue())
    response = client.post("/staff/catalogue/import/", {"file": upload})
    assert response.status_code == 302
    job_id = _job_id(response)
    page = client.get(f"/staff/catalogue/imports/{job_id}/").content.decode()
    # Still waiting, and not handed to the broker (a test transaction never commits).
    assert "čaká vo fronte" in page and 'data-refresh="2"' in page
    with tenant_context(alfa):
        imports.run_step(job_id=job_id, step="check")  # what the worker does
        assert Service.objects.count() == 0
    page = client.get(f"/staff/catalogue/imports/{job_id}/").content.decode()
    assert "Jedáleň Hlavná" in page and "/confirm/" in page
    # Another editor of the municipality cannot confirm someone else's upload.
    other = client_for(alfa, account("alfa.admin@test.sk"))
    assert other.post(f"/staff/catalogue/imports/{job_id}/confirm/").status_code == 302
    with tenant_context(alfa):
        assert imports.ImportJob.objects.get(pk=job_id).status == "checked"
    assert client.post(f"/staff/catalogue/imports/{job_id}/confirm/").status_code == 302
    with tenant_context(alfa):
        imports.run_step(job_id=job_id, step="commit")
        assert Service.objects.count() == 2
        assert imports.run_step(job_id=job_id, step="commit") is None  # redelivered: no-op
        assert Service.objects.count() == 2
    listing = client.get("/staff/catalogue/imports/").content.decode()
    assert "katalog.xlsx" in listing and "Naimportované: nové 2" in listing


def test_import_page_shows_every_bad_row(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    bad = [GOOD[0], ["", "", "X", "zz", "outpatient", "", "", "", "", "", ""]]
    response = client.post("/staff/catalogue/import/",
                           {"file": SimpleUploadedFile("a.csv", _csv(bad))})
    job_id = _job_id(response)
    with tenant_context(alfa):
        imports.run_step(job_id=job_id, step="check")
        assert Service.objects.count() == 0
    body = client.get(f"/staff/catalogue/imports/{job_id}/").content.decode()
    assert "/confirm/" not in body and "provider_name" in body and "service_type" in body
    assert client.post(f"/staff/catalogue/imports/{job_id}/confirm/").status_code == 302
    with tenant_context(alfa):
        assert imports.run_step(job_id=job_id, step="commit") is None
        assert Service.objects.count() == 0


def test_form_and_import_edit_the_first_place_and_keep_the_others(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user)
        two = service(p, user)
        from tenants.catalogue import services as writes
        writes.service_save(user=user, service=two, locations=[
            {"uuid": str(two.locations.get().uuid)},
            {"address": "Druhá 2", "town": "Gama", "hours": [
                {"weekday": 5, "opens": "09:00", "closes": "11:00"}]}])
        with translation.override("sk"):  # Slovak conventions: ";" between fields
            exported = tabular.export_csv()
        table = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
        table[0]["address"] = "Hlavná 10"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=tabular.COLUMNS)
        writer.writeheader()
        writer.writerows(table)
        result = tabular.catalogue_import(user=user, rows=tabular.read_table(
            out.getvalue().encode()), commit=True)
        assert result.updated == 1, result.errors
        assert [(place.address, place.hours.count())
                for place in two.locations.order_by("position")] == [
            ("Hlavná 10", 1), ("Druhá 2", 1)]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    page = client.get(f"/staff/catalogue/services/{two.uuid}/").content.decode()
    assert "Ostatné miesta služby zostávajú" in page and "Druhá 2, Gama" in page
    form = {"provider": str(p.uuid), "name": "Domov", "service_type": "sk-35",
            "form": "residential", "status": "active", "address": "", "town": ""}
    response = client.post(f"/staff/catalogue/services/{two.uuid}/", form)
    assert response.status_code == 302
    with tenant_context(alfa):
        assert [place.address for place in two.locations.all()] == ["Druhá 2"]


def test_an_import_not_yet_handed_to_the_broker_says_it_is_queued(alfa, beta):
    """Its check step is in the outbox with the job (sent after commit, which a test
    transaction never reaches — as when Redis is down); once sent, the page says so no more.
    Staff of another municipality and anonymous visitors see no such page."""
    from django.utils import timezone

    from workers import outbox
    from workers.models import Dispatch

    with tenant_context(alfa):
        job = imports.import_start_bytes(user=account("alfa.editor@test.sk"), kind="table",
                                         data=_csv(GOOD), filename="sluzby.csv")
        entry = outbox.entry(key=f"catalogue.import:{job.pk}:check")
    assert (entry.task_name, entry.kwargs) == ("tenants.catalogue.import_step_task",
                                               {"job_id": job.pk, "step": "check"})
    path = f"/staff/catalogue/imports/{job.pk}/"
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    queued = "čaká vo fronte — začne sa, keď bude spracovanie na pozadí k dispozícii"
    page = editor.get(path)
    assert page.status_code == 200 and queued in page.content.decode()
    Dispatch.objects.filter(pk=entry.pk).update(dispatched_at=timezone.now(), sends=1)
    assert queued not in editor.get(path).content.decode()
    assert client_for(beta, account("alfa.editor@test.sk")).get(path).status_code == 403
    assert client_for(alfa).get(path).status_code == 302
