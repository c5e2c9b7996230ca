"""The deadline watch of a large area is counted, filtered, sorted and paged in SQL: each check
finds exactly the municipalities metrics.deadlines() finds in Python, pages of fifty carry
their check, sort and filter, and no parameter widens what a coordinator reaches."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.municipalities.models import Municipality
from hub.regional import metrics, selectors, table, watch
from hub.regional.models import MunicipalityFigures
from hub.regional.synthetic import region_build
from hub.text import fold
from tests.conftest import client_for
from tests.hub.regional.conftest import (
    TODAY,
    assert_only_its_coordinator,
    coordinator,
    other_region,
)

pytestmark = pytest.mark.django_db
COUNT = 130
NO_FILTER = table.Filters()
# Plan states the synthetic region lacks; each row takes one in turn (approved, ended,
# replaced, taking effect later, in force with no end day …).
VARIANTS = [
    {"plan_status": "approved", "plan_in_force_from": datetime.date(2027, 1, 1)},
    {"plan_status": "approved", "plan_in_force_from": None},
    {"plan_status": "in_force", "plan_valid_to": datetime.date(2025, 12, 31)},
    {"plan_status": "superseded", "plan_valid_to": datetime.date(2025, 6, 30)},
    {"plan_status": "expired", "plan_valid_to": datetime.date(2024, 12, 31)},
    {"plan_status": "in_force", "plan_valid_to": None,
     "plan_in_force_from": datetime.date(2022, 1, 1)},
    {"plan_status": "approved", "plan_in_force_from": datetime.date(2026, 1, 1),
     "plan_valid_to": datetime.date(2026, 9, 30)},
    {"covered_years": [2024], "evaluation_years": []},
    {"sources": {"plans": False, "participation": True, "catalogue": True}},
    {},
]


def _vary(area, today):
    """Every row of the area one of VARIANTS in turn (the synthetic region has only drafts,
    no plans and plans in force); the day a plan ends kept within ``today``'s reach."""
    rows = list(MunicipalityFigures.objects.filter(municipality__region=area)
                .order_by("municipality_id"))
    for i, row in enumerate(rows):
        for name, value in VARIANTS[i % len(VARIANTS)].items():
            setattr(row, name, value)
        if i % 4 == 0:
            row.plan_valid_to = today + datetime.timedelta(days=30 + i)
    MunicipalityFigures.objects.bulk_update(rows, [
        "plan_status", "plan_in_force_from", "plan_valid_to", "covered_years",
        "evaluation_years", "sources"])


@pytest.fixture
def big():
    area = region_build(code="t-velky", name="Veľký kraj", country="SK", count=COUNT,
                        today=TODAY, seed=11, districts=4)
    _vary(area, TODAY)
    return area


@pytest.fixture
def client(big):
    return client_for(None, coordinator("koord.velky@test.sk", "t-velky"))


def _expected(area, today, filters=NO_FILTER) -> dict[str, dict[str, metrics.Deadline]]:
    """What the Python rules find: {check: {slug: deadline}}, plus those without figures."""
    slugs = set(table.filtered_municipalities(area, filters).values_list("slug", flat=True))
    rows = [r for r in selectors.area_comparison(area, today=today).rows if r.slug in slugs]
    found = {check: {d.slug: d for d in items}
             for check, items in metrics.deadlines(rows, today).items()}
    found[watch.UNAVAILABLE] = {r.slug: None for r in rows
                                if r.figures is None or "plans" in r.unavailable}
    return found


def _all_pages(area, today, check, *, size=17, filters=NO_FILTER, **order):
    """Every page of one check, walked by page number."""
    first = watch.watch(area, today=today, check=check, filters=filters, size=size, **order)
    items = list(first.items)
    for number in range(2, first.page.num_pages + 1):
        items += watch.watch(area, today=today, check=check, filters=filters, size=size,
                             number=number, **order).items
    return first, items


@pytest.mark.parametrize("today", [TODAY, datetime.date(2026, 1, 5), datetime.date(2027, 2, 1)])
def test_each_check_finds_what_the_python_rules_find(big, today):
    expected = _expected(big, today)
    if today == TODAY:  # every check finds someone, so that every rule is tried
        assert all(expected[c] for c in watch.CHECKS)
    for check in watch.CHECKS:
        first, items = _all_pages(big, today, check)
        assert first.counts == {c: len(expected[c]) for c in watch.CHECKS}
        assert first.total == COUNT and first.page.total == len(expected[check])
        slugs = [row.slug for _d, row in items]
        assert len(slugs) == len(set(slugs)) == len(expected[check])  # pages never overlap
        assert set(slugs) == set(expected[check])
        for deadline, row in items:
            assert deadline == expected[check][row.slug]  # the same detail and day


def test_day_checks_sort_by_day_then_name_and_others_by_name(big):
    _first, expiring = _all_pages(big, TODAY, "plan_expiring")
    keys = [(d.due, fold(row.name)) for d, row in expiring]
    assert len(keys) > 5 and keys == sorted(keys)
    _first, latest_first = _all_pages(big, TODAY, "plan_expiring", sort="due", descending=True)
    days = [d.due for d, _row in latest_first]
    assert days == sorted(days, reverse=True)
    _first, missing = _all_pages(big, TODAY, "action_plan_missing")
    names = [fold(row.name) for _d, row in missing]
    assert names == sorted(names)
    _first, backwards = _all_pages(big, TODAY, "evaluation_missing", sort="name",
                                   descending=True)
    names = [fold(row.name) for _d, row in backwards]
    assert names == sorted(names, reverse=True)


def test_filters_narrow_every_count(big):
    filters = table.Filters(unit="D1101", kind="village")
    expected = _expected(big, TODAY, filters)
    first, items = _all_pages(big, TODAY, "action_plan_missing", filters=filters)
    assert first.counts == {c: len(expected[c]) for c in watch.CHECKS}
    assert first.total == Municipality.objects.filter(
        region=big, kind="village", territory__parent__code="D1101").count()
    assert {row.slug for _d, row in items} == set(expected["action_plan_missing"])


def _rows(html: str) -> list[str]:
    table_body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'municipalities/([\w-]+)/"', table_body)


def test_pages_of_fifty_with_links_that_keep_check_sort_and_filter(big, client):
    today = timezone.localdate()
    expected = _expected(big, today)
    check = max(watch.CHECKS, key=lambda c: len(expected[c]))
    total = len(expected[check])
    assert total > 50
    html = client.get(f"/regions/t-velky/deadlines/?check={check}&dir=desc").content.decode()
    first = _rows(html)
    assert len(first) == 50
    assert f"1–50 z {total}" in html or f"1–50 of {total}" in html
    assert f"?check={check}&amp;dir=desc&amp;page=2" in html
    nav = html.split('class="checks"', 1)[1].split("</nav>", 1)[0]
    for other in watch.CHECKS:  # every check's count is shown, whichever is listed
        assert f'?check={other}"' in nav
        assert f'<span class="badge">{len(expected[other])}</span>' in nav
    last_number = -(-total // 50)
    last = client.get(f"/regions/t-velky/deadlines/?check={check}&dir=desc&page=999")
    assert len(_rows(last.content.decode())) == total - 50 * (last_number - 1)
    walked = []
    for number in range(1, last_number + 1):
        walked += _rows(client.get(
            f"/regions/t-velky/deadlines/?check={check}&dir=desc&page={number}").content.decode())
    assert sorted(walked) == sorted(expected[check]) and walked[:50] == first
    assert client.get("/regions/t-velky/deadlines/?page=abc&check=nonsense").status_code == 200
    filtered = client.get(f"/regions/t-velky/deadlines/?check={check}&unit=D1101&q=a")
    assert "unit=D1101" in filtered.content.decode()


def test_api_pages_with_counts_and_links(big, client):
    today = timezone.localdate()
    expected = _expected(big, today)
    data = client.get("/regions/api/areas/t-velky/deadlines/?check=action_plan_missing"
                      "&page_size=20&page=2").json()
    assert data["counts"] == {c: len(expected[c]) for c in watch.CHECKS}
    assert data["check"] == "action_plan_missing" and data["page"] == 2
    assert data["count"] == len(expected["action_plan_missing"])
    assert data["pages"] == -(-data["count"] // 20) and len(data["items"]) == 20
    assert "check=action_plan_missing" in data["next"] and "page_size=20" in data["next"]
    assert "page=1" in data["previous"]
    item = data["items"][0]
    assert item["detail"] == expected["action_plan_missing"][item["slug"]].detail
    assert item["due"] == f"{today.year}-12-31"
    unknown = client.get("/regions/api/areas/t-velky/deadlines/?check=x&sort=y").json()
    assert unknown["check"] in watch.CHECKS and unknown["sort"] in ("name", "due")


def test_queries_do_not_grow_with_the_area(big, client):
    """Each page seen once before (orders and the filter's units cached, as when paging)."""
    for warm in ("/regions/t-velky/deadlines/?unit=P1100", "/regions/t-velky/deadlines/"):
        client.get(warm)
    with CaptureQueriesContext(connection) as small:
        client.get("/regions/t-velky/deadlines/?unit=P1100")
    with CaptureQueriesContext(connection) as whole:
        client.get("/regions/t-velky/deadlines/")
    assert len(whole) == len(small)


def test_a_refresh_is_seen_at_once_despite_the_cache(big, client):
    from hub.regional.services import figures_store

    url = "/regions/api/areas/t-velky/deadlines/"
    before = client.get(url).json()["counts"]
    place = Municipality.objects.get(slug="syn0")
    row = MunicipalityFigures.objects.get(municipality=place)
    assert row.sources["plans"]
    values = {f: getattr(row, f) for f in (
        "services", "capacity_by_type", "capacity_by_target_group", "senior_capacity",
        "catalogue_updated_at", "plan_status", "plan_year_from", "plan_year_to",
        "plan_valid_to", "plan_in_force_from", "covered_years", "action_plan_years",
        "evaluation_years", "fulfilment", "fulfilment_year", "meetings_held_12m",
        "group_members", "public_comments")}
    figures_store(municipality=place, today=TODAY, values=values, listing=None,
                  sources={**row.sources, "plans": False})
    after = client.get(url).json()["counts"]
    assert after[watch.UNAVAILABLE] == before[watch.UNAVAILABLE] + 1
    listed = [c for c in watch.CHECKS if c != watch.UNAVAILABLE]
    assert sum(after[c] for c in listed) < sum(before[c] for c in listed)


# Isolation: no parameter widens what a coordinator reaches ---------------------------------

PATHS = ["/regions/{code}/deadlines/?check=no_plan&page=2&sort=due&dir=desc&unit={unit}&q=a",
         "/regions/api/areas/{code}/deadlines/?page=2&page_size=5&unit={unit}&kind=village"]


@pytest.fixture
def other():
    area = other_region()
    _vary(area, TODAY)
    return area


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_wrong_role_and_other_coordinator_refused(big, other, path):
    assert_only_its_coordinator(path.format(code="t-velky", unit="D1100"))


def test_another_regions_unit_or_name_finds_nothing(big, other, client):
    for unit in ("D1300", "P1301", "K13"):
        data = client.get(f"/regions/api/areas/t-velky/deadlines/?unit={unit}").json()
        assert set(data["counts"].values()) == {0} and data["items"] == []
    everything = client.get("/regions/api/areas/t-velky/deadlines/?check=action_plan_missing"
                            "&page_size=500").json()
    assert everything["items"] and not any(i["slug"].startswith("iny")
                                           for i in everything["items"])
    for check in watch.CHECKS:
        html = client.get(f"/regions/t-velky/deadlines/?check={check}").content.decode()
        assert "municipalities/iny" not in html
    # The other region's coordinator sees only theirs.
    theirs = client_for(None, coordinator("koord.iny@test.sk", "t-iny"))
    data = theirs.get("/regions/api/areas/t-iny/deadlines/?check=action_plan_missing"
                      "&page_size=500").json()
    assert data["items"] and all(i["slug"].startswith("iny") for i in data["items"])
