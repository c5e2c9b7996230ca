"""Demo: ORP Benešov's age-band demography (marked as demo figures) and its norms for senior
and disability services, made once; other municipalities get nothing."""

from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from tenants.analysis import network, present
from tenants.analysis.demo import demo_seed
from tenants.analysis.models import Norm, PopulationCount
from tests.tenants.analysis.builders import TODAY, make_orp

pytestmark = pytest.mark.django_db


def test_benesov_demo_is_made_once_and_marked(alfa):
    make_orp(alfa)
    with tenant_context(alfa):
        # 4 areas × 5 years × 4 bands × 2 sexes, 5 norms, and the survey of users and
        # providers: itself, 6 questions and 38 answers.
        assert demo_seed(SimpleNamespace(slug="benesov")) == 160 + 5 + 1 + 6 + 38
        assert demo_seed(SimpleNamespace(slug="benesov")) == 0
        assert set(PopulationCount.objects.values_list("source", flat=True)) == {"demo"}
        assert sorted(Norm.objects.values_list("service_type", flat=True)) == [
            "cz-39", "cz-40", "cz-48", "cz-49", "cz-50"]
        view = present.demography_view()
        assert view["demo_figures"] and view["pyramid"] and view["trend"]
        orp = network.network_analysis(today=TODAY).areas[0]
        # No catalogue here: capacities n/a, the norms' rows are there.
        assert {(r.service_type, r.capacity, r.standard_source) for r in orp.rows} == {
            ("cz-39", None, "norm"), ("cz-40", None, "norm"), ("cz-48", None, "norm"),
            ("cz-49", None, "norm"), ("cz-50", None, "norm")}
        assert orp.year == 2023 and orp.rows[0].population is not None
    with tenant_context(alfa):
        PopulationCount.objects.all().delete()
        assert demo_seed(SimpleNamespace(slug="banov")) == 0
        assert not PopulationCount.objects.exists()
