"""The plan's days: approval only after the public discussion, in force never before its
period starts, superseding only when chosen, expiry by the calendar — each edge of a date
(the day before, the day of, the day after; 31.12 → 1.1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants.plans import selectors, services
from tenants.plans.models import Plan
from tests.conftest import account
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db
S = Plan.Status
D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here (their sk/cs wording is the catalogues' job)."""
    with translation.override("en"):
        yield


@pytest.fixture
def editor(alfa):
    with tenant_context(alfa):
        yield account("alfa.editor@test.sk")


def _discussed(editor, *, years=(2028, 2032), until=datetime.date(2027, 9, 30),
               title="Nový plán"):
    plan, _tree = plan_with_tree(editor, title=title, year_from=years[0], year_to=years[1])
    return services.plan_transition(user=editor, plan=plan, action="start_discussion",
                                    discussion_from=until.replace(day=1), discussion_to=until,
                                    on_date=until.replace(day=1))


def _approve(editor, plan, day, **kw):
    return services.plan_transition(user=editor, plan=plan, action="approve",
                                    resolution_number="7/2027", resolution_date=day,
                                    on_date=kw.pop("on_date", day), **kw)


@pytest.mark.parametrize("day,allowed", [
    (D(2027, 9, 29), False),  # the day before the discussion ends
    (D(2027, 9, 30), False),  # its last day: comments are still accepted
    (D(2027, 10, 1), True),   # the day after
])
def test_approval_only_after_the_public_discussion(editor, day, allowed):
    plan = _discussed(editor)
    if allowed:
        assert _approve(editor, plan, day).status == S.APPROVED
        return
    with pytest.raises(ValidationError) as error:
        _approve(editor, plan, day)
    assert "while its public discussion is open (until 09/30/2027)" in \
        error.value.message_dict["resolution_date"][0]
    assert Plan.objects.get(pk=plan.pk).status == S.DISCUSSION


def test_a_discussion_closed_early_with_a_reason_allows_approval_that_day(editor):
    plan = _discussed(editor)
    with pytest.raises(ValidationError) as error:
        services.plan_transition(user=editor, plan=plan, action="close_discussion",
                                 on_date=D(2027, 9, 20))
    assert error.value.message_dict == {"reason": ["Say why the public discussion is closed "
                                                   "early."]}
    services.plan_transition(user=editor, plan=plan, action="close_discussion",
                             reason="The council meets on 20 September.",
                             on_date=D(2027, 9, 20))
    plan.refresh_from_db()
    assert plan.discussion_closed_on == D(2027, 9, 20) and plan.status == S.DISCUSSION
    assert not services.discussion_open(plan, today=D(2027, 9, 20))
    with pytest.raises(ValidationError):  # before it was closed
        _approve(editor, plan, D(2027, 9, 19), on_date=D(2027, 9, 20))
    assert _approve(editor, plan, D(2027, 9, 20)).status == S.APPROVED


def test_the_resolution_cannot_be_dated_ahead(editor):
    plan = _discussed(editor)
    with pytest.raises(ValidationError) as error:
        _approve(editor, plan, D(2027, 10, 15), on_date=D(2027, 10, 14))
    assert "resolution_date" in error.value.message_dict


@pytest.mark.parametrize("start,field_error", [
    (D(2027, 12, 31), "before its period starts"),
    (D(2033, 1, 1), "after its period ends"),
])
def test_in_force_never_outside_its_period(editor, start, field_error):
    plan = _discussed(editor)
    with pytest.raises(ValidationError) as error:
        _approve(editor, plan, D(2027, 10, 20), in_force_from=start)
    assert field_error in error.value.message_dict["in_force_from"][0]


def test_a_plan_approved_for_a_later_period_waits_and_the_current_one_stays(editor):
    """2021–2027 in force; 2028–2032 approved in October 2027: it takes effect on 1.1.2028,
    the old one runs to 31.12.2027 — no confirmation needed, nothing overlaps."""
    old, _ = plan_in_force(editor, title="Plán 2021", year_from=2021, year_to=2027,
                           resolution=D(2020, 12, 15))
    new = _approve(editor, _discussed(editor), D(2027, 10, 20))
    assert (new.status, new.in_force_from) == (S.APPROVED, D(2028, 1, 1))
    assert new.state_on(D(2027, 12, 31)) == S.APPROVED
    assert new.state_on(D(2028, 1, 1)) == S.IN_FORCE
    assert old.state_on(D(2027, 12, 31)) == S.IN_FORCE
    assert old.state_on(D(2028, 1, 1)) == S.EXPIRED
    assert list(selectors.plans_in_force(D(2027, 12, 31))) == [old]
    assert list(selectors.plans_in_force(D(2028, 1, 1))) == [new]
    with pytest.raises(ValidationError) as error:
        services.plan_transition(user=editor, plan=new, action="put_in_force",
                                 on_date=D(2027, 12, 31))
    assert error.value.messages == ["The plan takes effect on 01/01/2028; it will be put in "
                                    "force automatically on that day."]
    # The nightly task on the day before changes nothing, on the day it moves both.
    assert services.plans_advance(today=D(2027, 12, 31)) == 0
    assert services.plans_advance(today=D(2028, 1, 1)) == 2
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.ended_on, new.status) == (S.EXPIRED, D(2027, 12, 31), S.IN_FORCE)
    assert services.plans_advance(today=D(2028, 1, 2)) == 0


def test_superseding_a_running_plan_must_be_chosen_and_ends_it_the_day_before(editor):
    old, _ = plan_in_force(editor, title="Plán 2021", year_from=2021, year_to=2027,
                           resolution=D(2020, 12, 15))
    plan = _discussed(editor, years=(2026, 2030), until=D(2027, 9, 30))
    with pytest.raises(ValidationError) as error:
        _approve(editor, plan, D(2027, 10, 20))
    assert error.value.message_dict["supersede"] == [
        "“Plán 2021 2021–2027” is in force until 12/31/2027. To put this plan in force "
        "from 10/20/2027, confirm that it supersedes that plan; it will then end on "
        "10/19/2027."]
    assert Plan.objects.get(pk=plan.pk).status == S.DISCUSSION
    new = _approve(editor, plan, D(2027, 10, 20), supersede=True)
    old.refresh_from_db()
    assert new.status == S.IN_FORCE and new.in_force_from == D(2027, 10, 20)
    assert (old.status, old.ended_on, old.superseded_by_id) == (S.SUPERSEDED, D(2027, 10, 19),
                                                                 new.pk)


def test_a_chosen_future_supersession_is_scheduled_not_done(editor):
    old, _ = plan_in_force(editor, title="Plán 2021", year_from=2021, year_to=2027,
                           resolution=D(2020, 12, 15))
    plan = _discussed(editor, years=(2027, 2031), until=D(2026, 9, 30))
    new = _approve(editor, plan, D(2026, 10, 20), supersede=True)
    old.refresh_from_db()
    assert (new.status, new.in_force_from) == (S.APPROVED, D(2027, 1, 1))
    assert (old.status, old.ended_on) == (S.IN_FORCE, D(2026, 12, 31))
    assert old.state_on(D(2026, 12, 31)) == S.IN_FORCE
    assert old.state_on(D(2027, 1, 1)) == S.SUPERSEDED
    services.plans_advance(today=D(2027, 1, 1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (S.SUPERSEDED, S.IN_FORCE)


@pytest.mark.parametrize("day,state", [
    (D(2027, 12, 30), S.IN_FORCE), (D(2027, 12, 31), S.IN_FORCE), (D(2028, 1, 1), S.EXPIRED),
])
def test_an_ended_period_is_expired_even_before_the_task_runs(editor, day, state):
    plan, _ = plan_in_force(editor, title="Plán 2021", year_from=2021, year_to=2027,
                            resolution=D(2020, 12, 15))
    assert plan.status == S.IN_FORCE  # stored: the task has not run yet
    assert plan.state_on(day) == state
    assert (plan in selectors.plans_in_force(day)) == (state == S.IN_FORCE)



def test_a_plan_ended_by_the_calendar_offers_no_amendment(alfa, editor):
    """#14: "Prepare an amendment" showed for a plan whose period had ended by its dates
    while the nightly task had not yet stored it as expired."""
    from tests.conftest import client_for

    plan, _tree = plan_in_force(editor, title="Skončený plán", year_from=2019, year_to=2023,
                                resolution=datetime.date(2018, 10, 25))
    assert plan.status == S.IN_FORCE and plan.state_now == S.EXPIRED  # stored vs. by date
    with pytest.raises(ValidationError) as error:
        services.plan_amend(user=editor, plan=plan, label="Dodatok č. 1")
    assert "can be amended" in " ".join(error.value.messages)
    page = client_for(alfa, editor).get(f"/staff/plans/{plan.pk}/").content.decode()
    assert "/amend/" not in page and 'value="expire"' not in page
    response = client_for(alfa, editor).post(f"/staff/plans/{plan.pk}/amend/",
                                              {"label": "Dodatok č. 2"})
    assert response.status_code == 302 and not Plan.objects.filter(amends=plan).exists()
    # On its last day it could still be amended.
    assert services.plan_amend(user=editor, plan=plan, label="Dodatok č. 1",
                               on_date=datetime.date(2023, 12, 31)).amends_id == plan.pk
