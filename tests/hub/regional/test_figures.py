"""Figures in the read model are exact against known fixtures; medians, outliers, per-1,000
rates and the deadline watch are computed from them as a coordinator sees them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
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
    for year in (2025, 2026):
        services.action_plan_approve(
            user=user, action_plan=services.action_plan_create(user=user, plan=plan, year=year),
            body="Mestské zastupiteľstvo", reference=f"{year}/1",
            approved_on=datetime.date(year - 1, 12, 10))
    services.action_plan_create(user=user, plan=plan, year=2027)  # a draft: not counted
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
    assert row.sources == {"plans": True, "participation": False, "catalogue": False,
                           "funding": True, "analysis": True}
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
    assert row.sources == {"plans": True, "participation": True, "catalogue": True,
                           "funding": True, "analysis": True}
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
    assert found["no_plan"] == [] and found["plan_expired"] == []


def _one_row(values: dict, today: datetime.date):
    area = Region.objects.create(code="t-one", name="Jeden kraj", kind="region", country="SK")
    place = Municipality.objects.create(schema_name="m_one", slug="one", name="Obec Jedna",
                                        kind="village", country="SK", language="sk",
                                        population=1000, region=area)
    figures_store(municipality=place, today=today, listing=None,
                  sources={"plans": True, "participation": True, "catalogue": True},
                  values={"covered_years": [], "action_plan_years": [], "evaluation_years": [],
                          **values})
    comparison = selectors.area_comparison(area, today=today)
    return comparison.rows[0], metrics.deadlines(comparison.rows, today)


@pytest.mark.parametrize("today,check", [
    (datetime.date(2024, 12, 31), "plan_expiring"),  # its last day
    (datetime.date(2025, 1, 1), "plan_expired"),     # the day after, before any refresh
    (datetime.date(2025, 6, 1), "plan_expired"),
])
def test_an_ended_plan_is_expired_not_expiring(today, check):
    """ORP Benešov 2021–2024, still stored as in force: read on 1.1.2025 it has expired."""
    row, found = _one_row({"plan_status": "in_force", "plan_year_from": 2021,
                           "plan_year_to": 2024, "plan_in_force_from": datetime.date(2021, 1, 1),
                           "plan_valid_to": datetime.date(2024, 12, 31)}, today)
    listed = {name for name, items in found.items() if items and name in (
        "no_plan", "plan_expired", "plan_expiring")}
    assert listed == {check}
    assert row.values["plan_status"] == ("in_force" if check == "plan_expiring" else "expired")


@pytest.mark.parametrize("today,listed", [
    (datetime.date(2027, 12, 31), "no_plan"),   # the day before it takes effect
    (datetime.date(2028, 1, 1), None),          # the day of
])
def test_a_plan_that_starts_later_is_no_plan_in_force_yet(today, listed):
    with translation.override("en"):
        _row, found = _one_row({"plan_status": "approved", "plan_year_from": 2028,
                                "plan_year_to": 2032,
                                "plan_in_force_from": datetime.date(2028, 1, 1),
                                "plan_valid_to": datetime.date(2032, 12, 31)}, today)
    assert [d.slug for d in found["no_plan"]] == (["one"] if listed else [])
    if listed:
        assert found["no_plan"][0].detail == "approved, in force from 01/01/2028"
    assert found["plan_expired"] == found["plan_expiring"] == []


def test_a_successor_in_force_keeps_the_fulfilment_figure(alfa, missing_sources):
    """A new plan taking effect has no evaluation of its own yet: the latest published
    evaluation (of the plan it superseded) still says how far the municipality got."""
    with tenant_context(alfa):
        _alfa_plans()
        user = account("alfa.admin@test.sk")
        plan_in_force(user, title="Nový", year_from=2026, year_to=2030,
                      resolution=datetime.date(2026, 3, 1), on_date=datetime.date(2026, 3, 1))
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert (row.plan_status, row.plan_year_from) == ("in_force", 2026)
    assert (row.fulfilment, row.fulfilment_year) == (Decimal("41.7"), 2025)


def test_a_municipality_without_figures_is_listed_as_not_computed(alfa):
    comparison = selectors.area_comparison(Region.objects.get(code="t-kraj"), today=TODAY)
    [row] = comparison.rows
    assert row.figures is None and row.values == {"population": 1000}
    assert "plans" in row.unavailable


@pytest.mark.parametrize("successor,today,listed", [
    (None, datetime.date(2027, 6, 1), {"plan_expiring"}),                 # nothing follows
    (datetime.date(2028, 1, 1), datetime.date(2027, 6, 1), set()),        # approved to follow
    (datetime.date(2028, 1, 1), datetime.date(2027, 12, 31), set()),      # its last day
    (datetime.date(2028, 1, 1), datetime.date(2028, 1, 1), set()),        # successor in force
    (datetime.date(2028, 7, 1), datetime.date(2027, 6, 1), {"plan_expiring"}),  # a gap
])
def test_a_plan_whose_successor_is_approved_is_not_expiring(successor, today, listed):
    """#14: "ends within 12 months" listed a municipality whose next plan was already
    approved. The row is computed on 1.6.2027 and read on ``today``, before any refresh."""
    _row, found = _one_row({"plan_status": "in_force", "plan_year_from": 2021,
                            "plan_year_to": 2027, "plan_in_force_from": datetime.date(2021, 1, 1),
                            "plan_valid_to": datetime.date(2027, 12, 31),
                            "plan_successor_from": successor}, today)
    assert {name for name, items in found.items() if items and name in (
        "no_plan", "plan_expired", "plan_expiring")} == listed


def test_the_read_model_stores_the_approved_successors_day(alfa, missing_sources):
    from tenants.plans import services as plan_services
    from tests.tenants.plans.builders import plan_in_force, plan_with_tree

    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        plan_in_force(editor, title="Plán 2021–2027", year_from=2021, year_to=2027,
                      resolution=datetime.date(2020, 10, 20))
        new, _tree = plan_with_tree(editor, title="Plán 2028–2032", year_from=2028,
                                    year_to=2032)
        plan_services.plan_transition(user=editor, plan=new, action="start_discussion",
                                      discussion_from=datetime.date(2027, 5, 1),
                                      discussion_to=datetime.date(2027, 5, 31),
                                      on_date=datetime.date(2027, 5, 1))
        plan_services.plan_transition(user=editor, plan=new, action="approve",
                                      resolution_number="9/2027",
                                      resolution_date=datetime.date(2027, 6, 10),
                                      on_date=datetime.date(2027, 6, 10))
    figures_refresh(municipality=alfa, today=datetime.date(2027, 6, 15))
    row = MunicipalityFigures.objects.filter(municipality=alfa).order_by("-period").first()
    assert row.plan_successor_from == datetime.date(2028, 1, 1)
    assert row.plan_valid_to == datetime.date(2027, 12, 31)
