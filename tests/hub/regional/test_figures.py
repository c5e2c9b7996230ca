"""Figures in the read model are exact against known fixtures; medians, outliers, per-1,000
rates and the deadline watch are computed from them as a coordinator sees them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from hub.municipalities.models import Municipality, Region
from hub.regional import metrics, selectors
from hub.regional.models import MunicipalityFigures, ServiceListing
from hub.regional.services import figures_refresh, figures_store
from tenants.plans import services
from tenants.plans.models import Status
from tests.conftest import account
from tests.hub.regional.conftest import TODAY
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db


def _alfa_plans():
    """In force 2024–2027, action plans 2025 and 2026, evaluation 2025 published,
    a second draft in public discussion with two comments, one of them rejected."""
    user = account("alfa.admin@test.sk")
    plan, tree = plan_in_force(user)
    services.action_plan_create(user=user, plan=plan, year=2025)
    services.action_plan_create(user=user, plan=plan, year=2026)
    evaluation = services.evaluation_create(user=user, plan=plan, year=2025)
    services.evaluation_entry_save(user=user, evaluation=evaluation, measure=tree["m11"],
                                   status=Status.FULFILLED)
    services.evaluation_entry_save(user=user, evaluation=evaluation, measure=tree["m12"],
                                   status=Status.PARTIAL, progress=50)
    services.evaluation_entry_save(user=user, evaluation=evaluation, measure=tree["m21"],
                                   status=Status.NOT_STARTED)
    services.evaluation_publish(user=user, evaluation=evaluation)
    services.evaluation_create(user=user, plan=plan, year=2026)  # not published: not counted
    draft, _tree = plan_with_tree(user, title="Nový plán", year_from=2028, year_to=2032)
    today = timezone.localdate()
    draft = services.plan_transition(user=user, plan=draft, action="start_discussion",
                                     discussion_from=today - datetime.timedelta(days=1),
                                     discussion_to=today + datetime.timedelta(days=10))
    services.comment_submit(plan=draft, text="Viac terénnej služby.", consent=True,
                            name="Jana Komentátorka", email="jana.komentatorka@example.sk")
    spam = services.comment_submit(plan=draft, text="Reklama", consent=True)
    services.comment_moderate(user=user, comment=spam, action="reject")
    return plan


def test_plan_figures_are_exact(alfa, missing_sources):
    with tenant_context(alfa):
        _alfa_plans()
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert row.period == 2026 and row.computed_on == TODAY
    assert row.sources == {"plans": True, "participation": False, "catalogue": False}
    assert (row.plan_status, row.plan_year_from, row.plan_year_to) == ("in_force", 2024, 2027)
    assert row.plan_valid_to == datetime.date(2027, 12, 31)
    assert row.covered_years == [2024, 2025, 2026, 2027]
    assert row.action_plan_years == [2025, 2026]
    assert row.evaluation_years == [2025]
    # Priority 1 (weight 2): (1·100 + 3·50) / 4 = 62.5; priority 2 (weight 1): 0.
    # Plan: (2·62.5 + 1·0) / 3 = 41.67 → 41.7.
    assert (row.fulfilment, row.fulfilment_year) == (Decimal("41.7"), 2025)
    assert row.public_comments == 1
    # Missing sources are "not available", not zero.
    assert row.services is None and row.meetings_held_12m is None
    assert row.group_members is None and row.capacity_by_type == {}
    assert (row.population, row.population_65) == (1000, None)
    assert ServiceListing.objects.filter(municipality=alfa).count() == 0


def test_no_plan_at_all_is_an_empty_status_not_an_error(beta, missing_sources):
    row = figures_refresh(municipality=beta, today=TODAY)
    assert row.sources["plans"] is True
    assert (row.plan_status, row.plan_valid_to, row.fulfilment) == ("", None, None)
    assert (row.action_plan_years, row.evaluation_years, row.public_comments) == ([], [], 0)


def test_fixture_figures_of_other_apps_are_stored_exactly(alfa, beta, fixture_sources):
    Municipality.objects.filter(pk=alfa.pk).update(population_65=200)
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert row.sources == {"plans": True, "participation": True, "catalogue": True}
    assert (row.meetings_held_12m, row.group_members, row.services) == (4, 9, 3)
    assert row.capacity_by_type == {"dss": {"places": 20}, "opatrovatelska": {"clients": 15},
                                    "dennystacionar": {"places": 10}}
    assert row.senior_capacity == {"places": 12, "clients": 15}
    assert row.catalogue_updated_at == datetime.datetime(2026, 5, 4, 10, 30,
                                                         tzinfo=datetime.UTC)
    assert row.population_65 == 200
    listed = ServiceListing.objects.filter(municipality=alfa).order_by("service")
    assert [(x.service, x.provider, x.service_type, x.target_groups, x.towns) for x in listed] == [
        ("Denný stacionár Jeseň", "Mesto Alfa", "dennystacionar", ["seniors"],
         ["Alfa", "Horná Ves"]),
        ("Domov sociálnych služieb", "Charita Alfa", "dss", ["disability"], ["Alfa"]),
    ]
    # Refreshing again replaces, never duplicates.
    figures_refresh(municipality=alfa, today=TODAY)
    assert MunicipalityFigures.objects.filter(municipality=alfa).count() == 1
    assert ServiceListing.objects.filter(municipality=alfa).count() == 2

    comparison = selectors.area_comparison(Region.objects.get(code="t-kraj"), today=TODAY)
    [alfa_row] = comparison.rows
    values = alfa_row.values
    # 30 places and 15 clients over 1,000 inhabitants; seniors over 200 aged 65+.
    assert values["capacity_per_1000:places"] == Decimal("30.0")
    assert values["capacity_per_1000:clients"] == Decimal("15.0")
    assert values["senior_per_1000_65:places"] == Decimal("60.0")
    assert values["senior_per_1000_65:clients"] == Decimal("75.0")
    assert [c.key for c in comparison.columns if ":" in c.key] == [
        "capacity_per_1000:clients", "capacity_per_1000:places",
        "senior_per_1000_65:clients", "senior_per_1000_65:places"]


def test_senior_rate_needs_the_age_structure(alfa, fixture_sources):
    figures_refresh(municipality=alfa, today=TODAY)
    comparison = selectors.area_comparison(Region.objects.get(code="t-kraj"), today=TODAY)
    values = comparison.rows[0].values
    assert values["senior_capacity:places"] == 12
    assert values["senior_per_1000_65:places"] is None  # not divided by all inhabitants


def _synthetic_region(services_counts, *, populations=None):
    """Municipalities without schemas, with read-model rows written directly (like the bench)."""
    area = Region.objects.create(code="t-synth", name="Syntetický kraj", kind="region",
                                 country="SK")
    for i, count in enumerate(services_counts):
        place = Municipality.objects.create(
            schema_name=f"m_synth{i}", slug=f"synth{i}", name=f"Obec {i:02d}", kind="village",
            country="SK", language="sk", population=(populations or {}).get(i, 1000),
            region=area)
        figures_store(municipality=place, today=TODAY, listing=None,
                      sources={"plans": True, "participation": True, "catalogue": True},
                      values={"services": count, "plan_status": "in_force",
                              "plan_valid_to": datetime.date(2026 + i % 3, 12, 31),
                              "covered_years": [2024, 2025, 2026],
                              "action_plan_years": [2026, 2027] if i % 2 else [2026],
                              "evaluation_years": [2025] if i % 2 else [],
                              "capacity_by_type": {"dss": {"places": 10 * (i + 1)}},
                              "meetings_held_12m": i, "group_members": None})
    return area


def test_median_and_outliers_are_exact():
    area = _synthetic_region([10, 11, 12, 13, 100])
    comparison = selectors.area_comparison(area, today=TODAY)
    assert comparison.medians["services"] == Decimal("12")
    # Quartiles 11 and 13, fences 8 and 16: only 100 is an outlier.
    flagged = {r.name: r.outliers for r in comparison.rows if r.outliers}
    assert flagged == {"Obec 04": {"services": "high"}}
    assert comparison.medians["meetings_held_12m"] == Decimal("2")
    assert comparison.medians["group_members"] is None
    # Places per 1,000: 10, 20, 30, 40, 50 → median 30.
    assert comparison.medians["capacity_per_1000:places"] == Decimal("30.0")
    ordered = metrics.sort_rows(comparison.rows, "services", True)
    assert [r.name for r in ordered] == ["Obec 04", "Obec 03", "Obec 02", "Obec 01", "Obec 00"]


def test_deadline_watch():
    area = _synthetic_region([1, 2, 3])
    comparison = selectors.area_comparison(area, today=TODAY)
    found = metrics.deadlines(comparison.rows, TODAY)
    # Valid to 2026-12-31 (Obec 00) is within 12 months of 2026-06-15; 2027 and 2028 are not.
    assert [(d.name, d.due) for d in found["plan_expiring"]] == [
        ("Obec 00", datetime.date(2026, 12, 31))]
    assert [d.name for d in found["action_plan_missing"]] == ["Obec 00", "Obec 02"]
    assert [d.name for d in found["evaluation_missing"]] == ["Obec 00", "Obec 02"]
    assert found["no_plan"] == []


def test_a_municipality_without_figures_is_listed_as_not_computed(alfa):
    comparison = selectors.area_comparison(Region.objects.get(code="t-kraj"), today=TODAY)
    [row] = comparison.rows
    assert row.figures is None and row.values == {"population": 1000}
    assert "plans" in row.unavailable
