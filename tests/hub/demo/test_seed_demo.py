"""Demo seeding: the seed municipalities with their domains and accounts; twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from hub.accounts.models import CoordinatorAssignment, Membership, User
from hub.demo.services import demo_seed
from hub.municipalities.models import Domain, Municipality, Region, TerritorialUnit
from hub.municipalities.selectors import covered_codes
from hub.regional.models import MunicipalityFigures
from tenants.common.models import TargetGroup
from tenants.plans.models import ActionPlan, Evaluation, Plan
from tenants.portal.models import Introduction

pytestmark = pytest.mark.django_db

DOMAINS = {"bratislava.localhost", "banska-bystrica.localhost", "banov.localhost",
           "benesov.localhost", "vlasim.localhost", "votice.localhost"}


def _snapshot():
    return (Region.objects.count(), Municipality.objects.count(), Domain.objects.count(),
            User.objects.count(), Membership.objects.count(),
            CoordinatorAssignment.objects.count(), TerritorialUnit.objects.count(),
            sorted(User.objects.values_list("email", "password")))


def test_seed_creates_the_seed_municipalities_and_second_run_changes_nothing():
    first = demo_seed()
    assert first["municipalities"] == 6 and first["regions"] == 8
    assert DOMAINS <= set(Domain.objects.values_list("domain", flat=True))
    bb = Municipality.objects.get(slug="banska-bystrica")
    assert bb.language == "sk" and bb.kpss_email == "kpssbb@banskabystrica.sk"
    assert bb.region.name == "Banskobystrický kraj"
    vlasim = Municipality.objects.get(slug="vlasim")
    assert vlasim.language == "cs" and vlasim.district.name == "ORP Benešov"
    assert vlasim.stat_code == "530859" and bb.stat_code == "508438"
    assert covered_codes(Municipality.objects.get(slug="benesov")) == {"529303", "530859",
                                                                       "530841"}
    assert Region.objects.get(code="cz-stredocesky-kraj").territory.code == "27"
    assert Municipality.objects.get(slug="banov").stat_code == ""  # no code in the seeds
    orp = User.objects.get(email="orp.benesov@komplan.test")
    assert dict(orp.memberships.values_list("municipality__slug", "role")) == {
        "benesov": "admin", "vlasim": "editor", "votice": "editor"}
    with tenant_context(bb):
        heading = Introduction.objects.get().heading
        plan = Plan.objects.get(status="in_force")
        assert (plan.year_from, plan.year_to) == (2021, 2027)
        assert plan.priorities.count() == 5 and TargetGroup.objects.count() == 5
        assert plan.action_plans.get(year=2024).status == "preparation"
        approved = plan.action_plans.get(year=2023)
        assert (approved.status, approved.approved_body) == ("approved", "Mestské zastupiteľstvo")
    with tenant_context(Municipality.objects.get(slug="banov")):
        assert list(Evaluation.objects.filter(published_at__isnull=False)
                    .values_list("year", flat=True)) == [2020, 2021]
    with tenant_context(Municipality.objects.get(slug="benesov")):
        # 2021–2024 ended on 31 December 2024; its successor 2025–2027 is in force.
        current = Plan.objects.get(status="in_force")
        assert (current.year_from, current.year_to, current.priorities.count()) == (2025, 2027, 6)
        assert Plan.objects.get(year_from=2021).status == "expired"
        assert sorted(ActionPlan.objects.values_list("year", flat=True)) == [2019, 2020, 2021,
                                                                             2022, 2025]
    with tenant_context(Municipality.objects.get(slug="bratislava")):
        assert sorted(Plan.objects.values_list("year_from", "year_to", "status")) == [
            (2013, 2018, "expired"), (2019, 2023, "expired")]
    # The regional rule (#14.4): the kraj-wide hotline (2,500 calls) is in the ORP's and
    # Votice's catalogues but divided by neither population; the ORP-wide services Votice
    # also lists count in the ORP only.
    figures = {f.municipality.slug: f for f in MunicipalityFigures.objects.filter(
        municipality__slug__in=["benesov", "vlasim", "votice"])}
    assert all("call" not in f.capacity_totals for f in figures.values())
    assert figures["benesov"].capacity_wider == {"call": 2500}
    assert figures["votice"].capacity_wider["call"] == 2500
    assert sum(figures["votice"].capacity_totals.values()) < sum(
        figures["benesov"].capacity_totals.values())
    assert {f.capacity_source for f in figures.values()} == {"catalogue"}
    before = _snapshot()
    assert set(demo_seed().values()) == {0}
    assert _snapshot() == before
    with tenant_context(bb):
        assert Introduction.objects.get().heading == heading


def test_seed_command_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
