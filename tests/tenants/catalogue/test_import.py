"""CSV/XLSX import: bad rows refused all together, round trip, re-import updates; rpss.json."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.catalogue import rpss, tabular
from tenants.catalogue.models import (
    CatalogueStamp,
    Location,
    OpeningHours,
    Provider,
    Service,
)
from tenants.history.models import Change
from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import provider, service

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
                target_groups=["homeless", "crisis"], areas=["Alfa", "Gama"], locations=[],
                capacity=300, capacity_unit="contact", age_from=None)
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
        table = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
        table[0]["capacity"] = "45"
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
        assert home.capacity == 45 and Service.objects.count() == 3
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


def test_import_page_preview_then_commit(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in GOOD:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("katalog.xlsx", data.getvalue())
    response = client.post("/staff/catalogue/import/", {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Jedáleň Hlavná" in body
    with tenant_context(alfa):
        assert Service.objects.count() == 0
    token = body.split('name="token" value="')[1].split('"')[0]
    response = client.post("/staff/catalogue/import/", {"token": token})
    assert response.status_code == 302
    with tenant_context(alfa):
        assert Service.objects.count() == 2


def test_import_page_shows_every_bad_row(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    bad = [GOOD[0], ["", "", "X", "zz", "outpatient", "", "", "", "", "", ""]]
    response = client.post("/staff/catalogue/import/",
                           {"file": SimpleUploadedFile("a.csv", _csv(bad))})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'name="token"' not in body and "provider_name" in body and "service_type" in body


# Czech national registry ----------------------------------------------------------------------

RPSS = [
    {"identifikator": "1234567", "druhSocialniSluzby": {"kod": "49", "nazev": "domovy pro seniory"},
     "nazev": "Domov pro seniory Na Kopci",
     "poskytovatel": {"nazev": "Domov Na Kopci, p. o.", "ico": "1234567",
                      "pravniForma": {"nazev": "příspěvková organizace"},
                      "statutarniOrgan": {"jmeno": "Jan Novák"}},
     "zarizeni": [{"nazev": "Domov Na Kopci", "adresa": {
         "kodAdresnihoMista": 12345678, "obec": {"kod": 529303, "nazev": "Benešov"},
         "ulice": "Na Kopci", "cisloDomovni": 12, "psc": "25601"}}],
     "kontakty": {"weby": ["www.nakopci.example"], "emaily": ["info@nakopci.example"],
                  "telefony": ["+420 317 111 222"]},
     "ciloveSkupiny": [{"nazev": "senioři"}, {"nazev": "osoby s chronickým onemocněním"}],
     "vekoveSkupiny": [{"nazev": "mladší senioři (65–80 let)"}, {"nazev": "starší senioři (nad 80 let)"}],
     "formy": [{"forma": {"nazev": "pobytová"}, "kapacity": [{"typ": "lůžka", "hodnota": 60}],
                "casoveRozsahy": []}]},
    {"identifikator": "7654321", "druhSocialniSluzby": "§ 69 terénní programy",
     "poskytovatel": {"nazev": "Prostor", "ico": "22222222"},
     "zarizeni": [{"nazev": "Kancelář", "adresa": {"obec": "Vlašim", "ulice": "Husova",
                                                     "cisloDomovni": 1}}],
     "formy": [{"forma": "terénní", "kapacity": [{"typ": "kontakt", "hodnota": 500}]}]},
    {"identifikator": "5555555", "druhSocialniSluzby": {"kod": "40"},
     "poskytovatel": {"nazev": "Daleko", "ico": "33333333"},
     "zarizeni": [{"adresa": {"obec": {"nazev": "Brno"}}}], "formy": [{"forma": "terénní"}]},
]


def test_rpss_keeps_only_the_territory_and_updates_on_reimport(beta):
    data = json.dumps({"polozky": RPSS}).encode()
    with tenant_context(beta):
        user = account("beta.admin@test.sk")
        result = rpss.rpss_import(user=user, data=data, towns=["Benešov", "Vlasim"],
                                  commit=True)
        assert result.committed and result.created == 2, result.errors
        home = Service.objects.get(registry_id="1234567")
        assert (home.service_type, home.form, home.capacity, home.capacity_unit) == (
            "cz-49", "residential", 60, "bed")
        assert home.target_groups == ["seniors", "chronic-illness"]
        assert home.age_from == 65 and home.age_to is None
        assert home.provider.ico == "01234567" and home.website == "https://www.nakopci.example"
        place = home.locations.get()
        assert (place.town, place.address, place.postal_code) == ("Benešov", "Na Kopci 12",
                                                                  "25601")
        assert "Novák" not in json.dumps(list(Provider.objects.values()), default=str)
        assert not Service.objects.filter(registry_id="5555555").exists()
        RPSS[0]["formy"][0]["kapacity"][0]["hodnota"] = 64
        again = rpss.rpss_import(user=user, data=json.dumps(RPSS).encode(),
                                 towns=["Benešov", "Vlašim"], commit=True)
        assert again.updated == 2 and again.created == 0
        assert Service.objects.count() == 2 and Location.objects.count() == 2
        assert Service.objects.get(registry_id="1234567").capacity == 64


def test_rpss_bad_record_rolls_back_everything(beta):
    broken = RPSS[:1] + [{**RPSS[1], "druhSocialniSluzby": "neznámý druh"}]
    with tenant_context(beta):
        result = rpss.rpss_import(user=account("beta.admin@test.sk"),
                                  data=json.dumps(broken).encode(), towns=["Benešov", "Vlašim"],
                                  commit=True)
        assert not result.committed and len(result.errors) == 1
        assert result.errors[0].column == "7654321"
        assert Service.objects.count() == 0 and Provider.objects.count() == 0


def test_rpss_refuses_what_is_not_the_registry_file(beta):
    from django.core.exceptions import ValidationError

    with tenant_context(beta):
        for data in (b"not json", b'{"something": 1}'):
            with pytest.raises(ValidationError):
                rpss.rpss_import(user=None, data=data, towns=["Benešov"], commit=False)


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
        exported = tabular.export_csv()
        table = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
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
