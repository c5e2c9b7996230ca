"""Demography: the statistical office's CSV and the template are read into counts by area,
year, sex and age band; every bad row is reported and nothing is written; bands add up."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.analysis import selectors, services
from tenants.analysis.models import PopulationCount
from tests.tenants.analysis.builders import bands, make_orp, read

pytestmark = pytest.mark.django_db


def test_czso_file_is_read_for_this_municipalitys_areas_only(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        stored, skipped, layout = services.population_import(
            data=read("czso_obyvatelstvo_vek_pohlavi.csv"))
        assert (stored, skipped, layout) == (21, 2, "czso")
        assert set(PopulationCount.objects.values_list("source", flat=True)) == {"czso"}
        demography = selectors.Demography()
        # Benešov: 5-year bands of men and women summed into the standard bands.
        assert demography.standard_bands("529303", 2023) == [
            {"label": "0–14", "count": 2400}, {"label": "15–64", "count": 10900},
            {"label": "65–79", "count": 2730}, {"label": "80+", "count": 750},
            {"label": "total", "count": 16780}]
        assert demography.target("529303", 2023, "65+") == 3480
        assert demography.target("530859", 2023, "80+") == 700
        # Votice has no counts: nor has the ORP as a whole (never a partial sum).
        assert demography.target("530841", 2023, "65+") is None
        assert demography.target("2101", 2023, "65+") is None
        pyramid = demography.pyramid("529303", 2023)
        assert [(b["label"], b["men"], b["women"]) for b in pyramid][:2] == [
            ("0–4", 400, 380), ("5–9", 420, 400)]
        assert pyramid[-1] == {"label": "80+", "men": 250, "women": 500}


def test_template_file_and_the_orp_summed_from_its_obce(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        services.population_import(data=read("czso_obyvatelstvo_vek_pohlavi.csv"))
        stored, skipped, layout = services.population_import(data=read("template_votice.csv"))
        assert (stored, skipped, layout) == (8, 1, "template")
        demography = selectors.Demography()
        assert demography.target("530841", 2023, "80+") == 240
        assert demography.target("530841", 2022, "total") == 4600
        # 2023: 3,480 + 2,700 + 1,000 aged 65+ in the three obce.
        assert demography.target("2101", 2023, "65+") == 7180
        assert demography.target("2101", 2023, "total") == 16780 + 11400 + 4600
        assert demography.years("2101") == [2023]
        assert demography.trend("530841") == [
            {"year": 2022, "seniors": 1000, "oldest": 250},
            {"year": 2023, "seniors": 1000, "oldest": 240}]


def test_a_second_import_replaces_the_years_it_gives(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        services.population_import(data=read("template_votice.csv"))
        services.population_enter(area_code="530841", year=2023,
                                  counts={(0, 14): 1, (15, 64): 2, (65, 79): None, (80, None): 3})
        assert sorted(PopulationCount.objects.filter(year=2023).values_list(
            "age_from", "count", "source")) == [(0, 1, "manual"), (15, 2, "manual"),
                                                (80, 3, "manual")]
        assert PopulationCount.objects.filter(year=2022).count() == 4


def test_every_bad_row_is_reported_and_nothing_written(alfa):
    make_orp(alfa)
    with tenant_context(alfa), translation.override("en"):
        services.population_import(data=read("template_votice.csv"))
        before = list(PopulationCount.objects.values_list("pk", "count"))
        with pytest.raises(ValidationError) as raised:
            services.population_import(data=read("template_bad.csv"))
        assert raised.value.messages == [
            "Row 3: the year “20x3” is not a year.",
            "Row 4: the age band “staří” is not understood (write e.g. 0-14, 80+ or total).",
            "Row 5: the count “-5” is not a whole number.",
            "Row 6: the same area, year, sex and age band is on row 2.",
            "Row 7: the sex “x” is not understood (t, m or f).",
        ]
        assert list(PopulationCount.objects.values_list("pk", "count")) == before


def test_bad_rows_are_reported_in_the_users_language(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        for language, expected in (("cs", "Řádek 3: rok „20x3“ není rok."),
                                   ("sk", "Riadok 3: rok „20x3“ nie je rok.")):
            with translation.override(language), pytest.raises(ValidationError) as raised:
                services.population_import(data=read("template_bad.csv"))
            assert raised.value.messages[0] == expected


def test_a_file_without_the_columns_or_areas_says_so(alfa):
    with tenant_context(alfa), translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            services.population_import(data=read("template_votice.csv"))
        assert "no statistical code yet" in raised.value.messages[0]
    make_orp(alfa)
    with tenant_context(alfa), translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            services.population_import(data=read("template_missing_column.csv"))
        assert raised.value.messages == [
            "The file needs the columns code, year, age_band and count (missing: age_band)."]
        with pytest.raises(ValidationError) as raised:
            services.population_import(data="kód;rok;věk;počet\n599999;2023;0-14;5\n".encode())
        assert raised.value.messages == [
            "The file has no rows for this municipality's areas (statistical codes 2101, "
            "529303, 530841, 530859)."]
        with pytest.raises(ValidationError):
            services.population_import(data=b"\x00\xff\xfe binary")
        assert not PopulationCount.objects.exists()


def test_latest_reads_each_areas_latest_year_and_counts_the_same(alfa):
    """The ORP's latest year is the latest every obec has (2021), older than any obec's own
    latest: it is read all the same, and nothing else is."""
    make_orp(alfa)
    with tenant_context(alfa):
        services.population_store(source="manual", rows=[
            *bands("529303", 2021, (1, 2, 3, 4)), *bands("529303", 2023, (5, 6, 7, 8)),
            *bands("530859", 2021, (10, 20, 30, 40)), *bands("530859", 2022, (1, 1, 1, 1)),
            *bands("530841", 2021, (100, 200, 300, 400)),
            *bands("530841", 2019, (9, 9, 9, 9))])
        whole, latest = selectors.Demography(), selectors.Demography(latest=True)
        assert {year for _code, year in latest.counts} == {2021, 2022, 2023}
        for code, year in (("2101", 2021), ("529303", 2023), ("530859", 2022),
                           ("530841", 2021)):
            assert latest.latest_year(code) == whole.latest_year(code) == year
            assert latest.standard_bands(code, year) == whole.standard_bands(code, year)
        assert latest.target("2101", 2021, "65+") == 3 + 4 + 30 + 40 + 300 + 400


def test_storing_replaces_exactly_the_area_years_given(alfa, django_assert_max_num_queries):
    """Vlašim 2023 and Votice 2022 replaced; Vlašim 2022 and Votice 2023 kept (one delete
    per year must not become every area of every year)."""
    make_orp(alfa)
    with tenant_context(alfa):
        services.population_store(source="manual", rows=[
            *bands("530859", 2022, (1, 1, 1, 1)), *bands("530859", 2023, (2, 2, 2, 2)),
            *bands("530841", 2022, (3, 3, 3, 3)), *bands("530841", 2023, (4, 4, 4, 4))])
        with django_assert_max_num_queries(12):
            services.population_store(source="template", rows=[
                *bands("530859", 2023, (5, 5, 5, 5)), *bands("530841", 2022, (6, 6, 6, 6))])
        assert sorted(set(PopulationCount.objects.values_list("area_code", "year", "count"))) == [
            ("530841", 2022, 6), ("530841", 2023, 4), ("530859", 2022, 1), ("530859", 2023, 5)]
