"""The overview of a large area is sorted, filtered and paged in SQL: pages carry their sort
and filter, medians are of the whole filtered set, exports stream the whole set, charts
aggregate, and the SQL figures are the Python comparison's figures exactly."""

import csv
import io
import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hub.municipalities.models import Municipality
from hub.regional import metrics, selectors, table
from hub.regional.models import MunicipalityFigures
from hub.regional.synthetic import region_build
from tests.conftest import client_for
from tests.hub.regional.conftest import (
    TODAY,
    assert_only_its_coordinator,
    body,
    coordinator,
    other_region,
)

pytestmark = pytest.mark.django_db
COUNT = 130


@pytest.fixture
def big():
    return region_build(code="t-velky", name="Veľký kraj", country="SK", count=COUNT,
                        today=TODAY, seed=11, districts=4)


@pytest.fixture
def client(big):
    return client_for(None, coordinator("koord.velky@test.sk", "t-velky"))


def _rows(html: str) -> int:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.count("<tr>")


def _median(values) -> Decimal:
    return Decimal(statistics.median(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_pages_of_fifty_with_links_that_keep_sort_and_filter(client):
    first = client.get("/regions/t-velky/?sort=services&dir=desc&kind=village")
    html = first.content.decode()
    villages = Municipality.objects.filter(region__code="t-velky", kind="village").count()
    assert _rows(html) == 50
    assert f"1–50 z {villages}" in html or f"1–50 of {villages}" in html
    assert "?kind=village&amp;sort=services&amp;dir=desc&amp;page=2" in html
    last = client.get("/regions/t-velky/?sort=services&dir=desc&kind=village&page=999")
    assert _rows(last.content.decode()) == villages - 100  # the last real page, not an error
    assert client.get("/regions/t-velky/?page=abc").status_code == 200


def test_sorted_in_sql_like_the_python_comparison(big, client):
    found = table.summary(big, today=TODAY)
    comparison = selectors.area_comparison(big, today=TODAY)
    for column in found.numeric + [found.column("plan_status")]:
        for descending in (False, True):
            expected = [r.slug for r in metrics.sort_rows(comparison.rows, column.key,
                                                          descending)]
            ids = table.ordered_ids(found, sort=column.key, descending=descending, limit=None)
            slugs = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "slug"))
            got = [slugs[pk] for pk in ids]
            # Ties may fall in another order; the values in sequence must be the same.
            values = {r.slug: r.values.get(column.key) for r in comparison.rows}
            assert [values[s] for s in got] == [values[s] for s in expected], column.key
    assert found.medians == comparison.medians
    # The set mixes kinds, so each row is judged against its own kind (#14.4): the Python
    # comparison run again over each kind's rows alone gives the expected outliers.
    for row in comparison.rows:
        row.outliers.clear()
    for kind in {r.kind for r in comparison.rows}:
        metrics.compare([r for r in comparison.rows if r.kind == kind], comparison.columns)
    outliers = {r.slug: r.outliers for r in comparison.rows}
    assert {r.slug: r.outliers for r in table.iter_rows(found)} == outliers
    assert any(outliers.values())  # the data has outliers, so the comparison means something


def test_medians_are_of_the_filtered_set_not_the_page(big, client):
    data = client.get("/regions/api/areas/t-velky/?unit=D1101&page_size=10").json()
    members = Municipality.objects.filter(region=big, territory__parent__code="D1101")
    figures = MunicipalityFigures.objects.filter(municipality__in=members)
    assert data["count"] == members.count() and len(data["municipalities"]) == 10
    assert data["median"]["public_comments"] == float(
        _median([f.public_comments for f in figures]))
    assert data["median"]["population"] == float(_median([m.population for m in members]))
    everyone = client.get("/regions/api/areas/t-velky/").json()
    assert everyone["count"] == COUNT
    assert everyone["median"]["population"] == float(_median(
        Municipality.objects.filter(region=big).values_list("population", flat=True)))


def test_api_pages_with_links_that_keep_the_filter(client):
    data = client.get("/regions/api/areas/t-velky/?q=zdar&sort=population&dir=desc"
                      "&page_size=5").json()
    names = Municipality.objects.filter(region__code="t-velky", name__startswith="Žďár")
    assert data["count"] == names.count() and data["pages"] == -(-names.count() // 5)
    assert [m["name"] for m in data["municipalities"]] == list(
        names.order_by("-population").values_list("name", flat=True)[:5])
    assert "q=zdar" in data["next"] and "page=2" in data["next"] and "page_size=5" in data["next"]
    assert data["previous"] is None
    second = client.get(data["next"].split("testserver", 1)[-1].split("komplan.test", 1)[-1])
    assert second.json()["page"] == 2
    assert client.get("/regions/api/areas/t-velky/?page_size=100000").json()["page_size"] == 500


def test_search_folds_diacritics_and_case(client):
    html = client.get("/regions/t-velky/?q=ZDAR").content.decode()
    assert "Žďár 00001" in html and "Benešov" not in html.split("<tbody>", 1)[1]
    html = client.get("/regions/t-velky/?q=%C5%A1a%C4%BE").content.decode()  # "šaľ"
    assert "Šaľa 00006" in html


def test_export_streams_the_whole_filtered_set(client, big):
    response = client.get("/regions/t-velky/export.csv?kind=village")
    assert response.streaming
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode(
        "utf-8-sig")), delimiter=";"))
    villages = Municipality.objects.filter(region=big, kind="village").count()
    assert len(lines) == villages + 1 and villages > 50
    assert lines[1][0] < lines[-1][0]  # by name
    book = client.get("/regions/t-velky/export.xlsx?q=kolin")
    sheet = load_workbook(io.BytesIO(b"".join(book.streaming_content))).active
    assert sheet.max_row == 1 + Municipality.objects.filter(region=big,
                                                            name__startswith="Kolín").count()


def test_many_municipalities_chart_as_histogram_and_ends(client):
    html = client.get("/regions/t-velky/charts/?figure=public_comments").content.decode()
    assert "histogram" in html and html.count("<svg") == 3
    top = html.split("<h3>", 2)[1]
    assert top.count("<rect") == 10
    assert html.count('class="median-line"') == 3


def test_a_small_area_keeps_one_bar_per_municipality(client, big):
    html = client.get("/regions/t-velky/charts/?figure=population&unit=P1100").content.decode()
    members = Municipality.objects.filter(region=big, territory__orp__code="P1100").count()
    assert "histogram" not in html and html.count("<rect") == members


def test_overview_queries_do_not_grow_with_the_area(client):
    """Each page seen once before (summary and the filter's units cached, as when paging)."""
    for warm in ("/regions/t-velky/?unit=P1100", "/regions/t-velky/"):
        client.get(warm)
    with CaptureQueriesContext(connection) as small:
        client.get("/regions/t-velky/?unit=P1100")
    with CaptureQueriesContext(connection) as whole:
        client.get("/regions/t-velky/")
    assert len(whole) == len(small)


# Isolation with paging and filters: no parameter widens what a coordinator reaches ---------

FILTERED = ["/regions/{code}/?page=2&sort=services&dir=desc&unit={unit}&q=a&kind=village",
            "/regions/{code}/charts/?figure=services&unit={unit}",
            "/regions/{code}/export.csv?unit={unit}", "/regions/{code}/export.xlsx?q=a",
            "/regions/api/areas/{code}/?page=2&page_size=5&unit={unit}"]


@pytest.fixture
def other():
    return other_region()


@pytest.mark.parametrize("path", FILTERED)
def test_filters_and_pages_refuse_the_same_as_the_page(big, other, path):
    assert_only_its_coordinator(path.format(code="t-velky", unit="D1100"))


def test_another_regions_unit_or_name_finds_nothing(big, other, client):
    assert client.get("/regions/api/areas/t-velky/?unit=D1300").json()["count"] == 0
    assert client.get("/regions/api/areas/t-velky/?unit=K13").json()["count"] == 0
    assert client.get("/regions/api/areas/t-velky/?unit=K11").json()["count"] == COUNT
    html = client.get("/regions/t-velky/?unit=P1301").content.decode()
    assert "<tbody>" not in html and "iny" not in html
    # The other region's municipality by name: only t-velky's namesakes, never "iny…" slugs.
    data = client.get("/regions/api/areas/t-velky/?q=00001&page_size=500").json()
    assert data["count"] > 0 and all(not m["slug"].startswith("iny")
                                     for m in data["municipalities"])
    assert client.get("/regions/t-velky/municipalities/iny1/").status_code == 404
    csv_text = body(client.get("/regions/t-velky/export.csv?unit=D1300")).decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1  # the header only
    # The unit filter lists only the units the area's own municipalities lie in.
    page = client.get("/regions/t-velky/").content.decode()
    assert 'value="D1100"' in page and 'value="D1300"' not in page


def test_a_refresh_is_seen_at_once_despite_the_cached_summary(big, client):
    from hub.regional.services import figures_store

    before = client.get("/regions/api/areas/t-velky/?sort=public_comments&dir=desc").json()
    assert before["municipalities"][0]["values"]["public_comments"] <= 40
    place = Municipality.objects.get(slug="syn0")
    row = MunicipalityFigures.objects.get(municipality=place)
    values = {f: getattr(row, f) for f in (
        "services", "capacity_by_type", "capacity_by_target_group", "senior_capacity",
        "catalogue_updated_at", "plan_status", "plan_year_from", "plan_year_to",
        "plan_valid_to", "covered_years", "action_plan_years", "evaluation_years",
        "fulfilment", "fulfilment_year", "meetings_held_12m", "group_members")}
    figures_store(municipality=place, today=TODAY, values={**values, "public_comments": 999},
                  sources=row.sources, listing=None)
    after = client.get("/regions/api/areas/t-velky/?sort=public_comments&dir=desc").json()
    assert after["municipalities"][0]["slug"] == "syn0"
    assert after["municipalities"][0]["values"]["public_comments"] == 999


def test_the_migration_fills_capacity_totals_of_rows_already_there(big):
    import importlib

    from hub.regional.metrics import capacity_totals

    backfill = importlib.import_module("hub.regional.migrations.0003_capacity_totals").BACKFILL
    rows = MunicipalityFigures.objects.filter(municipality__region=big)
    rows.update(capacity_totals={})
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    checked = 0
    for row in rows:
        assert row.capacity_totals == capacity_totals(row.capacity_by_type)
        checked += bool(row.capacity_by_type)
    assert checked > 50


def test_a_page_seen_before_reads_neither_its_places_nor_its_figures(big, client):
    """The rows' HTML is cached with the summary (views._table_body): the second look at a
    page asks the database for the session, the account, the area and the fingerprint only."""
    first = client.get("/regions/t-velky/?sort=services&page=2").content.decode()
    with CaptureQueriesContext(connection) as again:
        second = client.get("/regions/t-velky/?sort=services&page=2").content.decode()
    tables = " ".join(q["sql"] for q in again.captured_queries)
    assert "regional_municipalityfigures\".\"municipality_id\"" not in tables
    assert _rows(second) == 50 and second.split("<tbody>")[1] == first.split("<tbody>")[1]
    # Another page of the same order is another body, not the cached one.
    third = client.get("/regions/t-velky/?sort=services&page=3").content.decode()
    assert third.split("<tbody>")[1] != second.split("<tbody>")[1]


def test_the_cached_rows_change_with_a_refresh(big, client):
    from hub.regional.services import figures_store

    place = Municipality.objects.get(slug="syn0")
    path, query = "/regions/t-velky/", {"q": place.name}
    assert ">999<" not in client.get(path, query).content.decode()
    row = MunicipalityFigures.objects.get(municipality=place)
    values = {f: getattr(row, f) for f in (
        "services", "capacity_by_type", "capacity_by_target_group", "senior_capacity",
        "catalogue_updated_at", "plan_status", "plan_year_from", "plan_year_to",
        "plan_valid_to", "covered_years", "action_plan_years", "evaluation_years",
        "fulfilment", "fulfilment_year", "meetings_held_12m", "group_members")}
    figures_store(municipality=place, today=TODAY, values={**values, "public_comments": 999},
                  sources=row.sources, listing=None)
    assert ">999<" in client.get(path, query).content.decode()


def test_the_cached_rows_are_not_another_coordinators(big, other):
    """Two areas whose pages could share ids never share a body: the key has the area; a
    coordinator of the other region still gets 404 for this one with the body cached."""
    mine = client_for(None, coordinator("koord.velky@test.sk", "t-velky"))
    assert mine.get("/regions/t-velky/").status_code == 200
    assert_only_its_coordinator("/regions/t-velky/")
