"""ORP Benešov's demo round: seeded through the app's contract, decided, published, exact sum;
the self-assessments of Benešov and Banská Bystrica with their scores in the read model."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from hub.demo.services import demo_seed
from hub.municipalities.models import Municipality
from hub.regional.models import MunicipalityFigures
from tenants.funding.models import Round, SelfAssessment
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_benesov_gets_a_published_2024_round_that_adds_up_and_a_second_seed_adds_nothing():
    demo_seed()
    benesov = Municipality.objects.get(slug="benesov")
    with tenant_context(benesov):
        round_ = Round.objects.get(is_demo=True)
        assert (round_.year, round_.state, round_.budget) == (2024, "published", 3_000_000)
        rows = list(round_.applications.all())
        assert len(rows) == 8
        assert sum(a.allocated for a in rows) == round_.budget
        assert all(a.allocated <= a.requested and a.allocated <= a.costs * 30 / 100
                   for a in rows)
        assert sum(round_.criteria.values_list("weight", flat=True)) == 100
    for other in ("vlasim", "banska-bystrica"):
        with tenant_context(Municipality.objects.get(slug=other)):
            assert not Round.objects.exists()
    # The self-assessments of Benešov and Banská Bystrica, 2024 and 2025, reach the read model.
    # BB 2025, legitimacy M M P M = 3.5 / 4 = 87.5 %; overall = the mean of the eight areas
    # (87.5 + 62.5 + 25 + 62.5 + 62.5 + 50 + 62.5 + 25) / 8 = 54.6875 -> 54.7 %.
    for slug, overall in (("benesov", Decimal("79.7")), ("banska-bystrica", Decimal("54.7"))):
        place = Municipality.objects.get(slug=slug)
        with tenant_context(place):
            assert list(SelfAssessment.objects.values_list("year", "is_demo")) == [
                (2025, True), (2024, True)]
        row = MunicipalityFigures.objects.filter(municipality=place).latest("period")
        assert (row.quality_year, row.quality_overall) == (2025, overall)
    assert MunicipalityFigures.objects.get(
        municipality__slug="banska-bystrica").quality_areas["legitimacy"] == 87.5
    page = client_for(benesov).get(f"/funding/{round_.pk}/")
    assert page.status_code == 200
    assert "Dotační program města Benešov" in page.content.decode()
    from hub.demo.services import demo_seed as again

    assert set(again().values()) == {0}
