"""Progress roll-up: exact weighted arithmetic; "not applicable" and cancelled are left out."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from tenants.plans import rollup, services
from tenants.plans.models import Status
from tests.conftest import account
from tests.tenants.plans.builders import plan_in_force

pytestmark = pytest.mark.django_db


def test_entry_percent_rules():
    assert rollup.entry_percent(Status.FULFILLED, 30) == 100
    assert rollup.entry_percent(Status.NOT_FULFILLED, 80) == 0
    assert rollup.entry_percent(Status.NOT_STARTED, None) == 0
    assert rollup.entry_percent(Status.PARTIAL, 40) == 40
    assert rollup.entry_percent(Status.IN_PROGRESS, 25) == 25
    assert rollup.entry_percent(Status.NOT_APPLICABLE, 50) is None
    assert rollup.entry_percent(Status.CANCELLED, 50) is None


def test_weighted_mean_excludes_missing_and_zero_weights():
    assert rollup.weighted_mean([(Decimal(1), Decimal(100)), (Decimal(3), Decimal(0))]) == 25
    assert rollup.weighted_mean([(Decimal(1), Decimal(80)), (Decimal(5), None)]) == 80
    assert rollup.weighted_mean([(Decimal(0), Decimal(10)), (Decimal(2), Decimal(40))]) == 40
    assert rollup.weighted_mean([(Decimal(1), None)]) is None


def test_roll_up_through_the_tree(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        save = services.evaluation_entry_save
        # Measure 1.1 from its activities: (1·100 + 3·50) / 4 = 62.5
        save(user=user, evaluation=ev, activity=t["a111"], status=Status.FULFILLED)
        save(user=user, evaluation=ev, activity=t["a112"], status=Status.PARTIAL, progress=50)
        # Measure 1.2 (weight 3) evaluated as a whole: 20
        save(user=user, evaluation=ev, measure=t["m12"], status=Status.IN_PROGRESS, progress=20)
        # Priority 2's only measure is not applicable: the priority drops out, not to zero.
        save(user=user, evaluation=ev, measure=t["m21"], status=Status.NOT_APPLICABLE)
        result = rollup.plan_progress(plan, ev)
        assert result.measures == {t["m11"].pk: Decimal("62.5"), t["m12"].pk: Decimal(20),
                                   t["m21"].pk: None}
        # Priority 1: (1·62.5 + 3·20) / 4 = 30.625
        assert result.priorities == {t["p1"].pk: Decimal("30.625"), t["p2"].pk: None}
        assert result.plan == Decimal("30.625")
        assert rollup.rounded(result.plan) == Decimal("30.6")
        # Now priority 2 counts (weight 1 against priority 1's weight 2).
        save(user=user, evaluation=ev, measure=t["m21"], status=Status.FULFILLED)
        result = rollup.plan_progress(plan, ev)
        assert result.plan == (2 * Decimal("30.625") + 100) / 3


def test_a_measure_evaluated_as_a_whole_overrides_its_activities(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        services.evaluation_entry_save(user=user, evaluation=ev, activity=t["a111"],
                                       status=Status.FULFILLED)
        services.evaluation_entry_save(user=user, evaluation=ev, measure=t["m11"],
                                       status=Status.CANCELLED)
        assert rollup.plan_progress(plan, ev).measures[t["m11"].pk] is None


def test_progress_is_required_for_partial_states(alfa):
    from django.core.exceptions import ValidationError

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        with pytest.raises(ValidationError) as error:
            services.evaluation_entry_save(user=user, evaluation=ev, measure=t["m12"],
                                           status=Status.PARTIAL)
        assert "progress" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            services.evaluation_entry_save(user=user, evaluation=ev, measure=t["m12"],
                                           status=Status.FULFILLED, evidence="nie-je-odkaz")
        assert "evidence" in error.value.message_dict
        assert not ev.entries.exists()
