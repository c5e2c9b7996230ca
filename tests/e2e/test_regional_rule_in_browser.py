"""The regional rule in a browser: medians per kind, the rule stated, registry data marked."""

import pytest

from hub.accounts.models import CoordinatorAssignment
from hub.municipalities import codebooks
from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.municipalities.services import territory_load
from hub.regional.models import MunicipalityFigures
from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot
from tests.hub.regional.conftest import coordinator
from tests.hub.regional.test_honest_figures import CODEBOOK, _line, _place, _store

pytestmark = [pytest.mark.browser]


@pytest.fixture
def benesov_area(django_db_blocker):
    with django_db_blocker.unblock():
        units_before = set(TerritorialUnit.objects.values_list("pk", flat=True))
        rows, errors = codebooks.csv_rows(CODEBOOK.encode())
        assert errors == []
        territory_load(country="CZ", rows=rows)
        area = Region.objects.create(code="cz-e2e-stc", name="Středočeský kraj E2E",
                                     kind="region", country="CZ")
        orp = _place(area, slug="e2e-orp", name="ORP Benešov", kind="district", code="2101",
                     population=57_000)
        vlasim = _place(area, slug="e2e-vlasim", name="Vlašim", kind="town", code="530859",
                        population=11_400)
        votice = _place(area, slug="e2e-votice", name="Votice", kind="town", code="530841",
                        population=4_600)
        _store(orp, 40, [_line(10) for _ in range(36)]
               + [_line(20, ["municipality:530859"]) for _ in range(2)]
               + [_line(30, ["municipality:530841"])]
               + [_line(2500, ["region:27"], unit="contacts", groups=("crisis",))])
        _store(vlasim, 2, [_line(50), _line(10, ["municipality:530859"])])
        _store(votice, 1, [_line(23, source="registry")], source="registry")
        user = coordinator("koord.benesov.e2e@test.cz", "cz-e2e-stc")
    yield area
    with django_db_blocker.unblock():
        CoordinatorAssignment.objects.filter(user=user).delete()
        places = Municipality.objects.filter(region=area)
        MunicipalityFigures.objects.filter(municipality__in=places).delete()
        places.delete()
        area.delete()
        # The units this test loaded go too (leaves first: a unit's parent and ORP are
        # protected), so a later test that loads its own codebooks starts from what it had.
        loaded = TerritorialUnit.objects.exclude(pk__in=units_before)
        while loaded.exists():
            held = set(loaded.values_list("parent", flat=True)) | set(
                loaded.values_list("orp", flat=True))
            loaded.exclude(pk__in=held - {None}).delete()


def test_overview_compares_within_kind_and_marks_registry_data(page, live_url, benesov_area):
    base = f"http://{live_url}"
    page.goto(f"{base}/accounts/signin/?next=/regions/cz-e2e-stc/")
    page.fill("#id_email", "koord.benesov.e2e@test.cz")
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")
    assert page.locator("table.compare tbody tr").count() == 3
    assert page.locator("table.compare tfoot tr.kind").count() == 2   # ORPs, towns
    assert page.locator("table.compare .badge.registry").count() == 1
    assert "543,5" not in page.content() and "543.5" not in page.content()
    assert page.locator("#rule").count() == 1
    shot(page, "regional-rule-overview-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "regional-rule-overview-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, "table.compare tbody >> text=Votice")
    assert page.locator(".badge.registry").count() == 1
    shot(page, "regional-rule-profile-registry")
