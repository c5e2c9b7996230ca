"""The coordinators' network gaps: the worker feeds each municipality's network rows into the
read model; the tab sums an area with each place and each inhabitant counted once (an
ORP-wide service once, a town within the ORP adding its places, not its people), n/a where
data is missing, sorted, filtered and paged in SQL; only the area's coordinator sees it."""

import csv
import io
from decimal import Decimal as D

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.regional.models import NetworkFigure
from hub.regional.services import figures_refresh, figures_store
from hub.regional.synthetic import network_build, region_build
from tests.conftest import account, client_for
from tests.hub.regional.conftest import body, coordinator
from tests.tenants.analysis.builders import TODAY, network_fixture

pytestmark = pytest.mark.django_db

#: Alfa as ORP Benešov: tests/tenants/analysis/test_network.py's figures of its own area.
ALFA_ROWS = {
    ("cz-48", "", "bed"): (20, 0, 32780, D("0.61"), D("1.10"), "norm", D("36.1"), D("16.1"),
                           D("44.6")),
    ("cz-49", "seniors", "bed"): (100, 0, 7180, D("13.93"), D("17.00"), "norm", D("122.1"),
                                  D("22.1"), D("18.1")),
    ("cz-40", "seniors", "client"): (150, 0, 7180, D("20.89"), D("20.00"), "norm",
                                     D("143.6"), D("-6.4"), D("-4.5")),
    ("cz-39", "disability-physical", "client"): (10, 0, 32780, D("0.31"), D("0.25"),
                                                 "median", D("8.2"), D("-1.8"), D("-22.0")),
}


def _rows(place) -> dict:
    return {(n.service_type, n.target_group, n.unit): (
        n.capacity, n.wider, n.population, n.per_1000, n.standard, n.standard_source,
        n.required, n.gap, n.share) for n in NetworkFigure.objects.filter(municipality=place)}


def _network_row(service_type, group, unit, capacity, population, per_1000, standard,
                 source, required, gap, share, target="65+"):
    return {"service_type": service_type, "target_group": group, "unit": unit,
            "target": target, "year": 2023, "capacity": capacity, "wider": 0,
            "population": population, "per_1000": per_1000, "standard": standard,
            "standard_source": source, "comparables": 0, "required": required, "gap": gap,
            "share": share}


def _place(slug, name, *, territory=None, rows=(), kind="town"):
    """A municipality of t-kraj without a schema, its rows stored as the worker stores them."""
    place = Municipality.objects.create(
        schema_name=f"m_{slug}", slug=slug, name=name, kind=kind, country="CZ", language="cs",
        population=3000, region=Region.objects.get(code="t-kraj"),
        district=Region.objects.get(code="t-okres"), territory=territory)
    figures_store(municipality=place, today=TODAY, listing=None,
                  sources={"catalogue": True, "analysis": True},
                  values={"services": 1, "capacity_source": "catalogue", "capacity_items": [],
                          "network": list(rows)})
    return place


@pytest.fixture
def area(alfa):
    """Alfa (ORP Benešov, fed by the real worker refresh), Vlašim (a town within the ORP) and
    Gama (no territory, no demography: n/a) in t-kraj."""
    network_fixture(alfa)
    figures_refresh(municipality=alfa, today=TODAY)
    _place("vlasim", "Vlašim",
           territory=TerritorialUnit.objects.get(country="CZ", level="municipality",
                                                 code="530859"),
           rows=[_network_row("cz-49", "seniors", "bed", 40, 2700, D("14.81"), D("17.00"),
                              "norm", D("45.9"), D("5.9"), D("12.9"))])
    _place("gama", "Gama", rows=[_network_row("cz-49", "seniors", "bed", 10, None, None,
                                              D("17.00"), "norm", None, None, None)])
    return alfa


def _kraj():
    return client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))


def test_the_worker_feeds_the_network_rows_exactly(alfa):
    network_fixture(alfa)
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert row.sources["analysis"] is True
    assert _rows(alfa) == ALFA_ROWS
    # A second refresh rewrites the rows, it never adds to them.
    figures_refresh(municipality=alfa, today=TODAY)
    assert NetworkFigure.objects.filter(municipality=alfa).count() == 4


def test_without_the_analysis_the_rows_go_and_nothing_is_made_up(alfa, monkeypatch):
    network_fixture(alfa)
    figures_refresh(municipality=alfa, today=TODAY)
    monkeypatch.setattr(apps.get_app_config("analysis"), "figures", None)
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert row.sources["analysis"] is False
    assert NetworkFigure.objects.filter(municipality=alfa).count() == 0


def test_area_totals_count_each_place_and_each_inhabitant_once(area):
    data = _kraj().get("/regions/api/areas/t-kraj/gaps/").json()
    totals = {(t["service_type"], t["target_group"], t["unit"]): t for t in data["totals"]}
    assert list(totals) == [("cz-39", "disability-physical", "client"), ("cz-40", "seniors",
                            "client"), ("cz-48", "", "bed"), ("cz-49", "seniors", "bed")]
    homes = totals[("cz-49", "seniors", "bed")]
    # Places: Alfa's 100 + Vlašim's 40 + Gama's 10. Inhabitants: Alfa's 7,180 aged 65+ hold
    # Vlašim's; Gama has no demography, so its group is not in the rate or the gap.
    assert {k: homes[k] for k in ("municipalities", "capacity", "population", "per_1000",
                                  "standard", "standard_sources", "required", "gap",
                                  "share", "groups_counted", "groups")} == {
        "municipalities": 3, "capacity": 150, "population": 7180, "per_1000": 19.5,
        "standard": 17.0, "standard_sources": ["norm"], "required": 122.1, "gap": -17.9,
        "share": -14.7, "groups_counted": 1, "groups": 2}
    # The ORP-wide home care (120 clients) is in Alfa's 150 once; Vlašim does not repeat it.
    care = totals[("cz-40", "seniors", "client")]
    assert (care["municipalities"], care["capacity"], care["per_1000"], care["gap"]) == (
        1, 150, 20.89, -6.4)
    assert totals[("cz-39", "disability-physical", "client")]["standard_sources"] == ["median"]


def test_rows_by_municipality_are_sorted_filtered_and_paged(area):
    client = _kraj()
    data = client.get("/regions/api/areas/t-kraj/gaps/?type=cz-49").json()
    # Largest shortage first; Gama's n/a last, never 0.
    assert [(r["name"], r["gap"], r["share"]) for r in data["rows"]] == [
        ("Alfa", 22.1, 18.1), ("Vlašim", 5.9, 12.9), ("Gama", None, None)]
    assert data["rows"][2]["capacity"] == 10 and data["rows"][2]["per_1000"] is None
    by_name = client.get("/regions/api/areas/t-kraj/gaps/?type=cz-40&sort=name").json()
    # Vlašim and Gama have no home care row: listed once each, with nulls.
    assert [(r["name"], r["service_type"], r["capacity"]) for r in by_name["rows"]] == [
        ("Alfa", "cz-40", 150), ("Gama", None, None), ("Vlašim", None, None)]
    paged = client.get("/regions/api/areas/t-kraj/gaps/?sort=name&page_size=2&page=3").json()
    assert (paged["count"], paged["pages"], paged["page"]) == (6, 3, 3)
    assert [(r["name"], r["service_type"]) for r in paged["rows"]] == [
        ("Gama", "cz-49"), ("Vlašim", "cz-49")]
    named = client.get("/regions/api/areas/t-kraj/gaps/?q=vlasim").json()
    assert [r["name"] for r in named["rows"]] == ["Vlašim"]
    assert [(t["service_type"], t["capacity"], t["population"]) for t in named["totals"]] == [
        ("cz-49", 40, 2700)]   # alone, Vlašim is its own group
    group_wide = client.get("/regions/api/areas/t-kraj/gaps/?group=-").json()
    assert [(r["name"], r["service_type"]) for r in group_wide["rows"]] == [
        ("Alfa", "cz-48"), ("Gama", None), ("Vlašim", None)]


def test_page_shows_the_standard_its_source_and_na(area):
    page = _kraj().get("/regions/t-kraj/gaps/?type=cz-49").content.decode()
    # Alfa's row, the area's total, the tab current; Gama's figures n/a (Slovak: n/d).
    assert "13,93" in page and "19,50" in page and "−17,9" not in page and "-17,9" in page
    assert '<a href="/regions/t-kraj/gaps/" class="current" aria-current="page">' \
        "Medzery v sieti</a>" in page
    assert page.count("norma obce") == 3 + 1 + 1      # three rows, the total, the note
    assert page.count("<td>n/d</td>") == 4            # Gama: population, rate, required, gap
    assert page.count('class="short"') == 4           # Alfa's and Vlašim's gap and share


def test_exports_carry_every_row_and_na(area):
    from django.utils import translation

    from hub.regional.views_gaps import SOURCE_LABELS

    with translation.override("sk"):
        source = str(SOURCE_LABELS["norm"])
    client = _kraj()
    text = body(client.get("/regions/t-kraj/gaps/export.csv?sort=name")).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 1 + 6
    by_key = {(line[0], line[4]): line for line in lines[1:]}
    alfa_home = by_key[("Alfa", "cz-49")]
    # Raw numbers in the reader's convention (sk: decimal comma), the standard's source.
    assert alfa_home[2:4] == ["2101", "Domovy pre seniorov"]
    assert alfa_home[8:] == ["2023", "100", "0", "7180", "13,93", "17,00", str(source),
                             "0", "122,1", "22,1", "18,1"]
    # Gama has no demography: n/a, never 0.
    assert by_key[("Gama", "cz-49")][9:] == ["10", "0", "n/d", "n/d", "17,00", str(source),
                                             "0", "n/d", "n/d", "n/d"]
    book = load_workbook(io.BytesIO(body(client.get("/regions/t-kraj/gaps/export.xlsx"))))
    assert len(book.sheetnames) == 2
    totals = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(totals) == 1 + 4
    assert len(list(book.worksheets[1].iter_rows(values_only=True))) == 1 + 6


def test_only_the_areas_coordinator_sees_the_figures(area):
    paths = ["/regions/t-kraj/gaps/", "/regions/t-kraj/gaps/export.csv",
             "/regions/t-kraj/gaps/export.xlsx", "/regions/api/areas/t-kraj/gaps/"]
    elsewhere = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    staff = client_for(None, account("alfa.admin@test.sk"))
    for path in paths:
        for client, status in ((elsewhere, 404), (staff, 403)):
            response = client.get(path)
            text = body(response).decode("utf-8", "replace")
            assert response.status_code == status
            assert "Vlašim" not in text and "13,93" not in text and "13.93" not in text
        anonymous = client_for().get(path)
        if "/api/" in path:
            assert anonymous.status_code == 401 and "Vlašim" not in anonymous.content.decode()
        else:
            assert anonymous.status_code == 302
            assert anonymous["Location"].startswith("/accounts/signin/")


def _queries(client, path) -> int:
    client.get(path)  # the summary into the cache, as for paging or sorting afterwards
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_the_query_count_does_not_grow_with_the_area():
    counts = []
    for count, code in ((15, "t-g15"), (90, "t-g90")):
        built = region_build(code=code, name=f"Kraj {count}", country="SK", count=count,
                             today=TODAY, seed=count, prefix=f"g{count}x")
        assert network_build(built) > 0
        client = client_for(None, coordinator(f"koord.{code}@test.sk", code))
        counts.append((_queries(client, f"/regions/{code}/gaps/?sort=gap"),
                       _queries(client, f"/regions/api/areas/{code}/gaps/?type=sk-35")))
    assert counts[0] == counts[1]
