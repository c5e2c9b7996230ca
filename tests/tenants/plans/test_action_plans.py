"""Action plans: planning activities in a year and preparing the next year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.plans import services
from tenants.plans.models import Status
from tests.conftest import account
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db


def test_prepare_next_year_carries_over_unfinished_activities(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ap = services.action_plan_create(user=user, plan=plan, year=2024)
        services.action_item_save(user=user, action_plan=ap, activity=t["a111"],
                                  deadline=datetime.date(2024, 6, 30), budget=Decimal("500"),
                                  responsible="OSV", done=True)
        services.action_item_save(user=user, action_plan=ap, activity=t["a112"],
                                  deadline=datetime.date(2024, 2, 29), budget=Decimal("9000"),
                                  responsible="Stavebný úrad")
        nxt = services.action_plan_prepare_next_year(user=user, action_plan=ap)
        items = list(nxt.items.all())
        assert nxt.year == 2025 and [i.activity_id for i in items] == [t["a112"].pk]
        assert items[0].deadline == datetime.date(2025, 2, 28)
        assert items[0].budget == Decimal("9000") and items[0].carried_over_from.action_plan == ap


def test_evaluation_decides_what_is_unfinished(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ap = services.action_plan_create(user=user, plan=plan, year=2024)
        for key in ("a111", "a112"):
            services.action_item_save(user=user, action_plan=ap, activity=t[key], done=True)
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        services.evaluation_entry_save(user=user, evaluation=ev, activity=t["a112"],
                                       status=Status.PARTIAL, progress=60)
        nxt = services.action_plan_prepare_next_year(user=user, action_plan=ap)
        assert [i.activity_id for i in nxt.items.all()] == [t["a112"].pk]


def test_action_plans_need_an_approved_plan_and_a_year_in_its_period(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        draft, _ = plan_with_tree(user)
        with pytest.raises(ValidationError):
            services.action_plan_create(user=user, plan=draft, year=2024)
        plan, t = plan_in_force(user, title="Iný")
        with pytest.raises(ValidationError):
            services.action_plan_create(user=user, plan=plan, year=2031)
        ap = services.action_plan_create(user=user, plan=plan, year=2027)
        with pytest.raises(ValidationError):
            services.action_plan_create(user=user, plan=plan, year=2027)
        with pytest.raises(ValidationError):  # no 2028 in a 2024–2027 plan
            services.action_plan_prepare_next_year(user=user, action_plan=ap)
        with pytest.raises(ValidationError):
            services.action_item_save(user=user, action_plan=ap, activity=t["a111"],
                                      deadline=datetime.date(2026, 1, 1))
        assert not ap.items.exists()
