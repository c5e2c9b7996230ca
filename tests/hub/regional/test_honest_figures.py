"""The regional rule (issue #14.4, #19.4): a capacity line counts once, in the area it
covers, divided by that area's population; an ORP's list never again in its towns; kinds are
compared within kind; figures from the registry are marked as such."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.municipalities import codebooks
from hub.municipalities.models import Municipality, Region
from hub.municipalities.selectors import unit_for_kind
from hub.municipalities.services import territory_load
from hub.regional import selectors, table
from hub.regional.models import MunicipalityFigures
from hub.regional.services import figures_store
from tests.conftest import client_for
from tests.hub.regional.conftest import TODAY, body, coordinator

pytestmark = pytest.mark.django_db

CODEBOOK = ("level,code,name,parent,orp\nkraj,27,Středočeský kraj,,\nokres,3201,Benešov,27,\n"
            "orp,2101,Benešov,27,\nobec,529303,Benešov,3201,2101\n"
            "obec,530859,Vlašim,3201,2101\nobec,530841,Votice,3201,2101\n"
            "okres,3202,Beroun,27,\norp,2102,Beroun,27,\nobec,531057,Beroun,3202,2102\n")
SOURCES = {"plans": True, "participation": True, "catalogue": True}


def _line(capacity, covers=(), unit="clients", groups=("seniors",), source="catalogue"):
    return {"service_type": "cz-40", "target_groups": list(groups), "form": "field",
            "unit": unit, "capacity": capacity, "covers": list(covers), "source": source}


def _place(area, *, slug, name, kind, code, population):
    return Municipality.objects.create(
        schema_name=f"m_{slug}", slug=slug, name=name, kind=kind, country="CZ", language="cs",
        population=population, population_65=population // 5, region=area,
        territory=unit_for_kind(country="CZ", kind=kind, code=code))


def _store(place, services, items, source="catalogue"):
    return figures_store(municipality=place, today=TODAY, listing=None, sources=SOURCES,
                         values={"services": services, "capacity_items": items,
                                 "capacity_source": source, "covered_years": [],
                                 "action_plan_years": [], "evaluation_years": []})


@pytest.fixture
def benesov():
    rows, errors = codebooks.csv_rows(CODEBOOK.encode())
    assert errors == []
    territory_load(country="CZ", rows=rows)
    area = Region.objects.create(code="cz-stc", name="Středočeský kraj", kind="region",
                                 country="CZ")
    orp = _place(area, slug="benesov-orp", name="ORP Benešov", kind="district", code="2101",
                 population=57_000)
    vlasim = _place(area, slug="vlasim", name="Vlašim", kind="town", code="530859",
                    population=11_400)
    votice = _place(area, slug="votice", name="Votice", kind="town", code="530841",
                    population=4_600)
    # The ORP's catalogue: 40 services — 36 of its own (10 clients each), two for Vlašim
    # (20 each), one for Votice (30) and a kraj-wide hotline of 2,500 calls a year.
    _store(orp, 40, [_line(10) for _ in range(36)]
           + [_line(20, ["municipality:530859"]) for _ in range(2)]
           + [_line(30, ["municipality:530841"])]
           + [_line(2500, ["region:27"], unit="contacts", groups=("crisis",))])
    _store(vlasim, 2, [_line(50), _line(10, ["municipality:530859"])])
    _store(votice, 1, [_line(23)])
    return area, orp, vlasim, votice


def test_each_line_counts_once_in_the_area_it_covers(benesov):
    area, _orp, _vlasim, _votice = benesov
    stored = {f.municipality.slug: f for f in MunicipalityFigures.objects.all()}
    # The ORP counts its own and its towns' lines over its population; the hotline is apart.
    assert stored["benesov-orp"].capacity_totals == {"clients": 430}
    assert stored["benesov-orp"].capacity_wider == {"contacts": 2500}
    assert stored["benesov-orp"].senior_capacity == {"clients": 430}
    assert len(stored["benesov-orp"].capacity_items) == 40
    assert stored["vlasim"].capacity_totals == {"clients": 60}
    assert stored["votice"].capacity_totals == {"clients": 23}
    rows = {r.slug: r.values for r in selectors.area_comparison(area, today=TODAY).rows}
    assert rows["benesov-orp"]["capacity_per_1000:clients"] == Decimal("7.5")   # 430 / 57,000
    assert rows["vlasim"]["capacity_per_1000:clients"] == Decimal("5.3")        # 60 / 11,400
    assert rows["votice"]["capacity_per_1000:clients"] == Decimal("5.0")        # 23 / 4,600
    # Not 543.5 calls per 1,000 (2,500 / 4,600): nobody's figure divides the hotline.
    assert all("capacity_per_1000:contacts" not in values for values in rows.values())


def test_the_sql_comparison_gives_the_same_figures_and_medians_per_kind(benesov):
    area, *_places = benesov
    towns = table.summary(area, today=TODAY, filters=table.Filters(kind="town"))
    assert towns.total == 2
    assert towns.medians["capacity_per_1000:clients"] == Decimal("5.2")   # (5.3 + 5.0) / 2
    orps = table.summary(area, today=TODAY, filters=table.Filters(kind="district"))
    assert orps.medians["capacity_per_1000:clients"] == Decimal("7.5")
    assert table.kind_medians(area, today=TODAY, filters=table.Filters(),
                              key="capacity_per_1000:clients") == {
        "district": Decimal("7.5"), "town": Decimal("5.2")}


def test_a_mixed_set_reads_its_kinds_with_its_summary_not_again(benesov):
    """The kinds come with the summary's one query (Summary.kinds); nothing reads the
    municipalities' kinds apart from it, and a second summary is the cache's."""
    area, *_places = benesov
    with CaptureQueriesContext(connection) as queries:
        found = table.summary(area, today=TODAY)
    assert found.kinds == ["town", "district"] == list(found.kind_bounds)  # Kind's order
    assert not [q["sql"] for q in queries if 'DISTINCT "municipalities_municipality"."kind"'
                in q["sql"]]
    with CaptureQueriesContext(connection) as queries:
        assert table.summary(area, today=TODAY).kinds == ["town", "district"]
        table.kind_medians(area, today=TODAY, filters=table.Filters(), key="population")
    # Only the read model's fingerprint is read; the summaries and the kinds are the cache's.
    assert not [q["sql"] for q in queries if "municipalities_municipality" in q["sql"]]


def test_registry_figures_are_marked_in_the_overview_profile_exports_and_json(benesov):
    _area, _orp, _vlasim, votice = benesov
    _store(votice, 1, [_line(23, source="registry")], source="registry")
    client = client_for(None, coordinator("koord@test.cz", "cz-stc"))
    api = json.loads(client.get("/regions/api/areas/cz-stc/").content)
    marked = {r["slug"]: r["capacity_source"] for r in api["municipalities"]}
    assert marked == {"benesov-orp": "catalogue", "vlasim": "catalogue", "votice": "registry"}
    wider = {r["slug"]: r["capacity_wider"] for r in api["municipalities"]}
    assert wider["benesov-orp"] == {"contacts": 2500} and wider["votice"] == {}
    page = client.get("/regions/cz-stc/").content.decode()
    assert page.count('class="badge registry"') == 1   # Votice only
    profile = client.get("/regions/cz-stc/municipalities/votice/").content.decode()
    assert "údaje z registra" in profile  # "registry data", the coordinator's language
    csv_text = body(client.get("/regions/cz-stc/export.csv")).decode("utf-8-sig")
    _header, *lines = csv_text.splitlines()
    assert "údaje z registra" in next(line for line in lines if "Votice" in line)
    assert "údaje z registra" not in next(line for line in lines if "Vlašim" in line)
    # The coordinator's conventions (#14 point 5): ";" between cells, a decimal comma.
    vlasim = next(row for row in csv.reader(io.StringIO(csv_text), delimiter=";")
                  if row[0] == "Vlašim")
    assert "5,3" in vlasim, vlasim
    assert not any(re.fullmatch(r"-?\d+\.\d+", cell) for row in csv.reader(
        io.StringIO(csv_text), delimiter=";") for cell in row), csv_text


def test_the_new_fields_never_leak_into_another_region(benesov):
    other = Region.objects.create(code="sk-other", name="Iný kraj", kind="region", country="SK")
    Municipality.objects.create(schema_name="m_iny", slug="iny", name="Iná obec", kind="village",
                                country="SK", language="sk", population=1000, region=other)
    other_coordinator = client_for(None, coordinator("iny@test.sk", "sk-other"))
    answer = other_coordinator.get("/regions/api/areas/sk-other/")
    text = answer.content.decode()
    assert answer.status_code == 200 and "2500" not in text and "Votice" not in text
    assert other_coordinator.get("/regions/api/areas/cz-stc/").status_code == 404
    assert other_coordinator.get("/regions/cz-stc/export.csv").status_code == 404
    assert other_coordinator.get(
        "/regions/sk-other/municipalities/votice/").status_code == 404
    assert client_for(None).get("/regions/api/areas/cz-stc/").status_code == 401


def test_a_wider_unit_never_passes_for_the_own_area_even_when_the_codebook_is_partial():
    """The demo's codebook has kraj 27 with only Benešov, Vlašim and Votice: its hotline is
    still the kraj's, not the ORP's."""
    rows, errors = codebooks.csv_rows(CODEBOOK.split("okres,3202")[0].encode())
    assert errors == []
    territory_load(country="CZ", rows=rows)
    area = Region.objects.create(code="cz-part", name="Kraj", kind="region", country="CZ")
    orp = _place(area, slug="orp-part", name="ORP", kind="district", code="2101",
                 population=57_000)
    row = _store(orp, 3, [_line(10, ["district:3201"]), _line(5, ["orp:2101"]),
                          _line(2500, ["region:27"], unit="contacts")])
    assert (row.capacity_totals, row.capacity_wider) == ({"clients": 15}, {"contacts": 2500})


def test_a_town_without_territory_counts_only_its_uncovered_lines():
    area = Region.objects.create(code="t-none", name="Kraj", kind="region", country="SK")
    place = Municipality.objects.create(schema_name="m_none", slug="none", name="Bez územia",
                                        kind="village", country="SK", language="sk",
                                        population=1000, region=area)
    row = _store(place, 2, [_line(5), _line(7, ["district:101"])])
    assert (row.capacity_totals, row.capacity_wider) == ({"clients": 5}, {"clients": 7})


def test_outliers_are_judged_against_the_own_kind_by_default():
    """#14 point 4: with no kind chosen, an ORP is compared with ORPs and a town with towns.
    Thirty towns with 2–3 services (one with 30) and four ORPs with about 40: against the
    mixed set every ORP would be a "high" outlier; against its kind none is, while the town
    with 30 still is."""
    area = Region.objects.create(code="cz-mix", name="Smíšený kraj", kind="region",
                                 country="CZ")
    places = {}
    for number in range(30):
        places[f"town{number}"] = (Municipality.objects.create(
            schema_name=f"m_town{number}", slug=f"town{number}", name=f"Město {number:02}",
            kind="town", country="CZ", language="cs", population=5000, population_65=1000,
            region=area), 30 if number == 29 else 2 + number % 2)
    for number, services in enumerate((38, 40, 41, 42)):
        places[f"orp{number}"] = (Municipality.objects.create(
            schema_name=f"m_orp{number}", slug=f"orp{number}", name=f"ORP {number}",
            kind="district", country="CZ", language="cs", population=50000,
            population_65=10000, region=area), services)
    for place, services in places.values():
        _store(place, services, [])
    found, page = table.summary_with_page(area, today=TODAY, filters=table.Filters(),
                                          sort="name", descending=False, number=1, size=50)
    outliers = {row.slug: row.outliers.get("services") for row in page.rows}
    assert outliers["town29"] == "high"
    assert [outliers[f"orp{n}"] for n in range(4)] == [None] * 4
    assert all(outliers[f"town{n}"] is None for n in range(29))
    # The mixed set's own fences would have marked every ORP: the rule is what changed.
    high = found.bounds["services"][1]
    assert all(services > high for place, services in places.values() if place.kind == "district")
    client = client_for(None, coordinator("mix@test.cz", "cz-mix"))
    page_html = client.get("/regions/cz-mix/").content.decode()
    assert "vlastného druhu" in page_html  # the coordinator's Slovak: said on the page
