"""Network analysis: exact capacity per 1,000, standards (norm or median of comparable
municipalities), gaps and shares from the fixtures; an area-wide service counted once, in
the area it covers; n/a where data is missing, never 0."""

from decimal import Decimal as D

import pytest
from django_tenants.utils import tenant_context

from tenants.analysis import network, services
from tenants.analysis.models import PopulationCount
from tests.tenants.analysis.builders import TODAY, network_fixture

pytestmark = pytest.mark.django_db


def _table(area):
    return [(r.service_type, r.target_group, r.unit, r.target, r.capacity, r.population,
             r.per_1000, r.standard, r.standard_source, r.required, r.gap, r.share)
            for r in area.rows]


def test_the_orp_counts_every_line_of_its_territory_once(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        analysis = network.network_analysis(today=TODAY)
    orp, benesov, vlasim, votice = analysis.areas
    assert (orp.code, orp.name, orp.own, orp.year) == ("2101", "Benešov (ORP)", True, 2023)
    assert [a.name for a in (benesov, vlasim, votice)] == ["Benešov", "Vlašim", "Votice"]
    # Sorted by the share missing, largest first; the kraj-wide hotline is not divided here.
    assert _table(orp) == [
        ("cz-48", "", "bed", "total", 20, 32780, D("0.61"), D("1.10"), "norm",
         D("36.1"), D("16.1"), D("44.6")),
        ("cz-49", "seniors", "bed", "65+", 100, 7180, D("13.93"), D("17.00"), "norm",
         D("122.1"), D("22.1"), D("18.1")),
        ("cz-40", "seniors", "client", "65+", 150, 7180, D("20.89"), D("20.00"), "norm",
         D("143.6"), D("-6.4"), D("-4.5")),
        # No norm: the median of the three comparable ORPs (0.5, 0.25, 0), not the town's.
        ("cz-39", "disability-physical", "client", "total", 10, 32780, D("0.31"), D("0.25"),
         "median", D("8.2"), D("-1.8"), D("-22.0")),
    ]
    assert orp.rows[-1].comparables == 3
    assert [item["service_type"] for item in analysis.wider] == ["cz-55"]
    assert (analysis.capacity_known, analysis.capacity_source) == (True, "catalogue")


def test_a_town_row_holds_only_what_covers_that_town(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        _orp, benesov, vlasim, votice = network.network_analysis(today=TODAY).areas
    by_type = {r.service_type: r for r in vlasim.rows}
    # The ORP-wide home (60 beds) and home care (120) are in the ORP's row only.
    assert (by_type["cz-49"].capacity, by_type["cz-49"].per_1000, by_type["cz-49"].gap,
            by_type["cz-49"].share) == (40, D("14.81"), D("5.9"), D("12.9"))
    assert (by_type["cz-40"].capacity, by_type["cz-40"].required, by_type["cz-40"].gap,
            by_type["cz-40"].share) == (0, D("54.0"), D("54.0"), D("100.0"))
    assert (by_type["cz-39"].required, by_type["cz-39"].gap) == (D("2.9"), D("2.9"))
    care = {r.service_type: r for r in votice.rows}["cz-40"]
    assert (care.capacity, care.population, care.per_1000, care.gap, care.share) == (
        30, 1000, D("30.00"), D("-10.0"), D("-50.0"))
    assert {r.service_type: r.capacity for r in benesov.rows} == {
        "cz-48": 0, "cz-49": 0, "cz-40": 0, "cz-39": 0}


def test_missing_demography_is_na_never_zero(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        PopulationCount.objects.filter(area_code="530841").delete()
        orp, _benesov, _vlasim, votice = network.network_analysis(today=TODAY).areas
    for row in orp.rows + votice.rows:
        assert (row.population, row.per_1000, row.required, row.gap, row.share) == (
            None, None, None, None, None)
    assert votice.year is None and orp.year is None
    assert {r.service_type: r.capacity for r in orp.rows}["cz-49"] == 100


def test_a_chosen_target_population_and_too_few_comparables(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        services.target_set(country="CZ", service_type="cz-49", target="80+")
        services.target_set(country="CZ", service_type="cz-39", target="80+")
        rows = {r.service_type: r for r in network.network_analysis(today=TODAY).areas[0].rows}
    # 80+: 750 + 700 + 250 = 1,700; required 17 × 1.7 = 28.9.
    assert (rows["cz-49"].population, rows["cz-49"].per_1000, rows["cz-49"].gap) == (
        1700, D("58.82"), D("-71.1"))
    # The read model has no 80+ counts: no median, so no gap.
    assert (rows["cz-39"].standard, rows["cz-39"].standard_source, rows["cz-39"].gap) == (
        None, "", None)


def test_without_a_catalogue_capacity_is_na(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        from tenants.catalogue.models import Service

        Service.objects.all().delete()
        orp = network.network_analysis(today=TODAY).areas[0]
    assert [(r.service_type, r.capacity, r.per_1000, r.gap) for r in orp.rows] == [
        ("cz-40", None, None, None), ("cz-48", None, None, None), ("cz-49", None, None, None)]


def test_only_the_obce_asked_for_are_analysed_and_every_one_is_listed(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        whole = network.network_analysis(today=TODAY)
        one = network.network_analysis(today=TODAY, members=["530859"])
        none = network.network_analysis(today=TODAY, members=[])
    assert [a.code for a in one.areas] == ["2101", "530859"]
    assert [a.code for a in none.areas] == ["2101"]
    # The same rows as in the whole analysis; the obce to choose from all there.
    assert _table(one.areas[0]) == _table(whole.areas[0])
    assert _table(one.areas[1]) == _table(whole.areas[2])
    assert [m["name"] for m in none.members] == ["Benešov", "Vlašim", "Votice"]
