"""The region's norm in the network analysis: it applies to a municipality of that region
without its own norm, the municipality's own norm wins, another region's norm never applies;
its source is shown as the region's on the staff page, in the API and in the read model."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context

from hub.municipalities.models import Region
from hub.regional import norms
from hub.regional.models import NetworkFigure, RegionNorm
from hub.regional.services import figures_refresh
from tenants.analysis import network, present
from tests.conftest import account, client_for
from tests.hub.regional.conftest import coordinator
from tests.tenants.analysis.builders import TODAY, network_fixture

pytestmark = pytest.mark.django_db


def _in_czech_region(alfa) -> Region:
    """Alfa (ORP Benešov of the fixture) placed in the Czech test region."""
    kraj = Region.objects.get(code="t-kraj-cz")
    alfa.region, alfa.district = kraj, None
    alfa.save()
    return kraj


def _norm(area, service_type, group, unit, per_1000):
    return norms.region_norm_save(area=area, user=None, service_type=service_type,
                                  target_group=group, unit=unit, per_1000=D(per_1000))


def _own(alfa) -> dict:
    with tenant_context(alfa):
        orp = network.network_analysis(today=TODAY).areas[0]
    return {r.service_type: (r.target_group, r.capacity, r.population, r.standard,
                             r.standard_source, r.comparables, r.required, r.gap, r.share)
            for r in orp.rows}


def test_the_regions_norm_applies_where_the_municipality_has_none(alfa):
    network_fixture(alfa)
    kraj = _in_czech_region(alfa)
    _norm(kraj, "cz-39", "", "client", "0.50")
    # A type the ORP has no service of: its row shows the whole shortage.
    _norm(kraj, "cz-50", "", "client", "2.00")
    rows = _own(alfa)
    # Personal assistance: 0.50 × 32,780 ÷ 1,000 = 16.39 → 16.4 required, 10 there; the
    # norm for all groups gathers the type's lines in one row, as a municipality's does.
    assert rows["cz-39"] == ("", 10, 32780, D("0.50"), "region", 0,
                             D("16.4"), D("6.4"), D("39.0"))
    # 65+ of the ORP: 2,730 + 750 + 2,000 + 700 + 750 + 250 = 7,180; 2 × 7.18 = 14.36.
    assert rows["cz-50"] == ("", 0, 7180, D("2.00"), "region", 0, D("14.4"), D("14.4"),
                             D("100.0"))


def test_the_municipalitys_own_norm_wins_for_its_group_and_for_all_groups(alfa):
    network_fixture(alfa)
    kraj = _in_czech_region(alfa)
    _norm(kraj, "cz-49", "seniors", "bed", "30.00")     # own: cz-49 seniors 17.00
    _norm(kraj, "cz-49", "", "bed", "25.00")
    _norm(kraj, "cz-48", "", "bed", "9.00")             # own: cz-48 all groups 1.10
    rows = _own(alfa)
    assert rows["cz-49"] == ("seniors", 100, 7180, D("17.00"), "norm", 0, D("122.1"),
                             D("22.1"), D("18.1"))
    assert rows["cz-48"] == ("", 20, 32780, D("1.10"), "norm", 0, D("36.1"), D("16.1"),
                             D("44.6"))


def test_another_regions_norm_never_applies(alfa):
    network_fixture(alfa)
    _in_czech_region(alfa)
    other = Region.objects.create(code="t-jiny-cz", name="Jiný kraj", kind="region",
                                  country="CZ")
    _norm(other, "cz-39", "", "client", "0.50")
    _norm(other, "cz-50", "", "client", "2.00")
    rows = _own(alfa)
    # The median of the three comparable ORPs, as without any region's norm; no cz-50 row.
    assert rows["cz-39"][3:6] == (D("0.25"), "median", 3)
    assert "cz-50" not in rows


def test_the_source_reads_as_the_regions_on_the_page_api_and_read_model(alfa):
    network_fixture(alfa)
    kraj = _in_czech_region(alfa)
    _norm(kraj, "cz-39", "", "client", "0.50")
    with tenant_context(alfa), translation.override("sk"):
        view = present.network_view(network.network_analysis(today=TODAY))
    row = next(r for r in view["network"][0]["rows"] if r["row"].service_type == "cz-39")
    assert str(row["standard_source"]) == "normatív kraja"
    page = client_for(alfa, account("alfa.viewer@test.sk")).get("/staff/analysis/network/")
    assert page.status_code == 200 and "normatív kraja" in page.content.decode()
    data = client_for(alfa, account("alfa.viewer@test.sk")).get("/api/network-analysis/").json()
    api_row = next(r for r in data["areas"][0]["rows"] if r["service_type"] == "cz-39")
    assert (api_row["standard"], api_row["standard_source"], api_row["gap"]) == (
        "0.50", "region", "6.4")
    figures_refresh(municipality=alfa, today=TODAY)
    stored = NetworkFigure.objects.get(municipality=alfa, service_type="cz-39")
    assert (stored.standard, stored.standard_source, stored.gap) == (D("0.50"), "region",
                                                                      D("6.4"))
    connection.set_schema_to_public()  # the coordinator's session lives in the public schema
    gaps = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz")).get(
        "/regions/t-kraj-cz/gaps/?type=cz-39")
    assert gaps.status_code == 200 and "norma kraja" in gaps.content.decode()
    assert RegionNorm.objects.count() == 1
