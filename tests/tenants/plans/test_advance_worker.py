"""The nightly advance of plans runs as a task in a real worker, in each municipality's
schema, through the beat's fan-out."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from tenants.common.models import TargetGroup
from tenants.history.models import Change
from tenants.plans.models import Plan
from tests.conftest import account, wait_for
from tests.tenants.plans.builders import plan_in_force
from workers.fanout import fan_out_task

pytestmark = pytest.mark.worker


@pytest.fixture
def plans(live_db):
    from hub.municipalities.models import Municipality

    alfa, beta = (Municipality.objects.get(slug=s) for s in ("alfa", "beta"))
    made = {}
    for place in (alfa, beta):
        with tenant_context(place):
            made[place.slug] = plan_in_force(
                account(f"{place.slug}.admin@test.sk"), title="Plán 2021", year_from=2021,
                year_to=2027, resolution=datetime.date(2020, 12, 15))[0]
    yield {"alfa": alfa, "beta": beta, **{f"{k}_plan": v for k, v in made.items()}}
    for place in (alfa, beta):
        with tenant_context(place):
            Plan.objects.all().delete()
            Change.objects.all().delete()
            TargetGroup.objects.all().delete()


def _status(place, plan):
    with tenant_context(place):
        return Plan.objects.get(pk=plan.pk).status


def test_the_beat_fan_out_expires_ended_plans_in_every_municipality(plans):
    assert _status(plans["alfa"], plans["alfa_plan"]) == Plan.Status.IN_FORCE
    sent = fan_out_task.delay(task_name="tenants.plans.plans_advance_task",
                              task_kwargs={"today": "2028-01-01"}, window=0).get(timeout=60)
    assert sent >= 2
    for slug in ("alfa", "beta"):
        assert wait_for(lambda slug=slug: _status(plans[slug], plans[f"{slug}_plan"])
                        == Plan.Status.EXPIRED)
