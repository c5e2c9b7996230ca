"""Territorial units: loading codebooks, a municipality's unit, and which obce an area covers."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from hub.accounts.models import User
from hub.municipalities import codebooks
from hub.municipalities.models import Municipality, TerritorialUnit
from hub.municipalities.selectors import area_municipality_units, covered_codes, unit_for_kind
from hub.municipalities.services import municipality_create, territory_load
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
Level = TerritorialUnit.Level


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here (their sk/cs wording is the catalogues' job)."""
    with translation.override("en"):
        yield

KRAJE = {"polozky": [{"id": "Kraj/27", "nazev": {"cs": "Středočeský kraj"}}]}
OKRESY = {"polozky": [{"id": "Okres/3201", "nazev": {"cs": "Benešov"}, "kraj": {"id": "Kraj/27"}},
                      {"id": "Okres/3202", "nazev": {"cs": "Beroun"}, "kraj": {"id": "Kraj/27"}}]}
OBCE = {"polozky": [
    {"id": "Obec/529303", "nazev": {"cs": "Benešov"}, "okres": {"id": "Okres/3201"}},
    {"id": "Obec/530859", "nazev": {"cs": "Vlašim"}, "okres": {"id": "Okres/3201"}},
    {"id": "Obec/530841", "nazev": {"cs": "Votice"}, "okres": {"id": "Okres/3201"}},
    {"id": "Obec/531057", "nazev": {"cs": "Beroun"}, "okres": {"id": "Okres/3202"}},
]}


def _load_cz():
    rows = []
    for document in (KRAJE, OKRESY, OBCE):
        found, errors = codebooks.registry_rows(json.dumps(document).encode())
        assert errors == []
        rows += found
    return territory_load(country="CZ", rows=rows)


def test_registry_codebooks_load_parents_first_and_areas_resolve():
    counts = _load_cz()
    assert counts[Level.REGION] == {"created": 1, "updated": 0}
    assert counts[Level.DISTRICT] == {"created": 2, "updated": 0}
    assert counts[Level.MUNICIPALITY] == {"created": 4, "updated": 0}
    vlasim = TerritorialUnit.objects.get(level=Level.MUNICIPALITY, code="530859")
    assert (vlasim.parent.code, vlasim.parent.parent.code) == ("3201", "27")
    okres = TerritorialUnit.objects.get(level=Level.DISTRICT, code="3201")
    kraj = TerritorialUnit.objects.get(level=Level.REGION, code="27")
    assert set(area_municipality_units(okres).values_list("code", flat=True)) == {
        "529303", "530859", "530841"}
    assert set(area_municipality_units(kraj).values_list("code", flat=True)) == {
        "529303", "530859", "530841", "531057"}
    assert list(area_municipality_units(vlasim).values_list("code", flat=True)) == ["530859"]


def test_loading_again_updates_names_and_keeps_ids():
    _load_cz()
    before = TerritorialUnit.objects.get(level=Level.MUNICIPALITY, code="530841").pk
    renamed = codebooks.registry_rows(json.dumps({"polozky": [
        {"id": "Obec/530841", "nazev": {"cs": "Votice (město)"}, "okres": {"id": "Okres/3201"}}]
    }).encode())[0]
    counts = territory_load(country="CZ", rows=renamed)
    assert counts[Level.MUNICIPALITY] == {"created": 0, "updated": 1}
    unit = TerritorialUnit.objects.get(level=Level.MUNICIPALITY, code="530841")
    assert (unit.pk, unit.name) == (before, "Votice (město)")
    assert TerritorialUnit.objects.count() == 7


def test_unknown_parent_writes_nothing_and_names_every_row():
    rows, errors = codebooks.registry_rows(json.dumps(OBCE).encode())
    assert errors == []
    with pytest.raises(ValidationError) as caught:
        territory_load(country="CZ", rows=rows)
    assert len(caught.value.messages) == 4
    assert "unknown parent 3201" in caught.value.messages[0]
    assert TerritorialUnit.objects.count() == 0


def test_unreadable_entries_are_reported_by_number():
    rows, errors = codebooks.registry_rows(json.dumps({"polozky": [
        {"id": "Obec/529303", "nazev": {"cs": "Benešov"}},
        {"id": "Ulice/1", "nazev": {"cs": "Nic"}},
        {"id": "Obec/12 3", "nazev": {"cs": "Mezera"}},
        {"id": "Obec/529304"},
        "text",
    ]}).encode())
    assert [r.code for r in rows] == ["529303"]
    assert [e.split(":", 1)[0] for e in errors] == ["Entry 2", "Entry 3", "Entry 4", "Entry 5"]
    assert codebooks.registry_rows(b"{not json")[1] != []
    assert codebooks.registry_rows(b'{"items": []}')[1] != []


def test_csv_layout_for_slovakia_with_population():
    raw = ("level;code;name;parent;orp;population\n"
           "kraj;1;Bratislavský kraj;;;\n"
           "okres;101;Bratislava I;1;;\n"
           "obec;582000;Bratislava;101;;475503\n").encode()
    rows, errors = codebooks.csv_rows(raw)
    assert errors == []
    territory_load(country="SK", rows=rows)
    city = TerritorialUnit.objects.get(country="SK", level=Level.MUNICIPALITY, code="582000")
    assert (city.population, city.parent.code, city.parent.parent.code) == (475503, "101", "1")
    bad = (b"level;code;name;parent\nvillage;1;X;\nobec;58 2;X;\nobec;582001;;101\n"
           b"kraj;2;Y;1\n")
    rows, errors = codebooks.csv_rows(bad)
    assert rows == [] and [e.split(":", 1)[0] for e in errors] == [
        "Line 2", "Line 3", "Line 4", "Line 5"]
    assert codebooks.csv_rows(b"code;name\n1;x\n")[1] != []


def test_orp_membership_from_csv_defines_an_orp_area():
    _load_cz()
    rows, errors = codebooks.csv_rows(
        ("level,code,name,parent,orp\norp,2101,Benešov,27,\n"
         "obec,529303,Benešov,3201,2101\nobec,530841,Votice,3201,2101\n").encode())
    assert errors == []
    territory_load(country="CZ", rows=rows)
    orp = TerritorialUnit.objects.get(level=Level.ORP, code="2101")
    assert set(area_municipality_units(orp).values_list("code", flat=True)) == {"529303", "530841"}
    assert unit_for_kind(country="CZ", kind="district", code="2101") == orp


def test_municipality_gets_its_unit_and_covered_codes():
    _load_cz()
    okres = unit_for_kind(country="CZ", kind="district", code="3201")
    town = municipality_create(name="Vlašim T", slug="vlasim-t", kind="town", country="CZ",
                               territory=unit_for_kind(country="CZ", kind="town", code="530859"))
    district = municipality_create(name="Okres T", slug="okres-t", kind="district", country="CZ",
                                   territory=okres)
    assert town.stat_code == "530859" and covered_codes(town) == {"530859"}
    assert covered_codes(district) == {"529303", "530859", "530841"}
    plain = municipality_create(name="Bez kódu", slug="bez-kodu", kind="village", country="CZ")
    assert plain.stat_code == "" and covered_codes(plain) == set()


@pytest.mark.parametrize("kind,country,code,field_error", [
    ("town", "CZ", "3201", "cannot be"),        # a town cannot be an okres
    ("district", "CZ", "530859", "cannot be"),  # a district cannot be an obec
    ("town", "SK", "530859", "another country"),
])
def test_wrong_unit_for_the_kind_or_country_is_refused(kind, country, code, field_error):
    _load_cz()
    unit = TerritorialUnit.objects.get(code=code)
    with pytest.raises(ValidationError) as caught:
        municipality_create(name="X", slug="x-wrong", kind=kind, country=country, territory=unit)
    assert field_error in " ".join(caught.value.message_dict["territory"])
    assert not Municipality.objects.filter(slug="x-wrong").exists()


def test_commands_load_codebooks_and_onboard_with_a_code(tmp_path):
    files = []
    for name, document in (("kraje.json", KRAJE), ("okresy.json", OKRESY), ("obce.json", OBCE)):
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        files.append(str(path))
    call_command("territory_load", *files, "--country", "CZ")
    assert TerritorialUnit.objects.count() == 7
    call_command("municipality_create", "--name", "Votice K", "--slug", "votice-k", "--kind",
                 "town", "--country", "CZ", "--territory", "530841", "--population-65", "900")
    made = Municipality.objects.get(slug="votice-k")
    assert (made.stat_code, made.population_65) == ("530841", 900)
    with pytest.raises(CommandError, match="No territorial unit 3201"):
        call_command("municipality_create", "--name", "Y", "--slug", "y-k", "--kind", "town",
                     "--country", "CZ", "--territory", "3201")
    broken = tmp_path / "broken.json"
    broken.write_text('{"polozky": [{"id": "Obec/1", "nazev": {"cs": "A"}, '
                      '"okres": {"id": "Okres/9999"}}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="unknown parent 9999"):
        call_command("territory_load", str(broken), "--country", "CZ")
    assert not TerritorialUnit.objects.filter(code="1").exists()


def test_operator_onboards_with_a_unit_in_the_admin_and_staff_cannot():
    _load_cz()
    unit = unit_for_kind(country="CZ", kind="town", code="530841")
    operator = User.objects.create_superuser("operator-t@test.sk", PASSWORD)
    form = {"name": "Votice A", "slug": "votice-a", "kind": "town", "country": "CZ",
            "language": "", "population": "4600", "population_65": "1000", "ico": "",
            "kpss_email": "", "region": "", "district": "", "territory": str(unit.pk)}
    staff = client_for(user=User.objects.get(email="alfa.admin@test.sk"))
    assert staff.post("/admin/municipalities/municipality/add/", form).status_code == 302
    assert not Municipality.objects.filter(slug="votice-a").exists()
    response = client_for(user=operator).post("/admin/municipalities/municipality/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Municipality.objects.get(slug="votice-a")
    assert (made.stat_code, made.population_65) == ("530841", 1000)
    wrong = dict(form, slug="votice-b", territory=str(unit.parent_id))
    response = client_for(user=operator).post("/admin/municipalities/municipality/add/", wrong,
                                              HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "cannot be the territorial unit" in response.content.decode()
    slovak = client_for(user=operator).post("/admin/municipalities/municipality/add/", wrong,
                                            HTTP_ACCEPT_LANGUAGE="sk")
    assert "nemôže byť územnou jednotkou" in slovak.content.decode()
    assert not Municipality.objects.filter(slug="votice-b").exists()
