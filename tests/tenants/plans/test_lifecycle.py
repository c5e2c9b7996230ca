"""The plan lifecycle: every step, legal and illegal; one plan in force; amendments."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.history.models import Change
from tenants.plans import lifecycle, services
from tenants.plans.models import Plan, Priority
from tests.conftest import account
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db
S = Plan.Status
D = datetime.date


@pytest.fixture
def editor(alfa):
    with tenant_context(alfa):
        yield account("alfa.editor@test.sk")


def _to(plan, user, action, **kw):
    return services.plan_transition(user=user, plan=plan, action=action, **kw)


LEGAL_PATHS = [
    ("start_discussion", S.DRAFT, S.DISCUSSION,
     {"discussion_from": D(2024, 1, 1), "discussion_to": D(2024, 1, 31)}),
    ("back_to_draft", S.DISCUSSION, S.DRAFT, {}),
    # The period (2025–2027) starts later: approved, in force from 1 January 2025.
    ("approve", S.DISCUSSION, S.APPROVED,
     {"resolution_number": "5/2024", "resolution_date": D(2024, 2, 15),
      "on_date": D(2024, 2, 15)}),
    ("put_in_force", S.APPROVED, S.IN_FORCE, {"on_date": D(2025, 1, 1)}),
    ("expire", S.IN_FORCE, S.EXPIRED, {"on_date": D(2025, 6, 1)}),
    ("expire", S.APPROVED, S.EXPIRED, {"on_date": D(2024, 6, 1)}),
]


@pytest.mark.parametrize("action,source,target,extra", LEGAL_PATHS)
def test_legal_step(editor, action, source, target, extra):
    plan, _tree = plan_with_tree(editor, year_from=2025, year_to=2027)
    Plan.objects.filter(pk=plan.pk).update(status=source, discussion_from=D(2024, 1, 1),
                                           discussion_to=D(2024, 1, 31))
    plan = _to(plan, editor, action, **extra)
    assert plan.status == target
    change = Change.objects.filter(subject="plans.plan", object_id=plan.pk,
                                   action="state").first()
    assert change.changes == {"status": [source, target]} and change.user == editor


ILLEGAL_STEPS = [(action, source) for action, (sources, _target) in lifecycle.TRANSITIONS.items()
                 for source in S if source not in sources]


@pytest.mark.parametrize("action,source", ILLEGAL_STEPS)
def test_illegal_steps_are_refused_and_change_nothing(editor, source, action):
    plan, _tree = plan_with_tree(editor)
    Plan.objects.filter(pk=plan.pk).update(status=source)
    with pytest.raises(ValidationError) as error:
        _to(plan, editor, action, discussion_from=D(2024, 1, 1), discussion_to=D(2024, 1, 2),
            resolution_number="1", resolution_date=D(2024, 3, 1))
    target = S(lifecycle.TRANSITIONS[action][1]).label
    assert error.value.messages == [
        f"Plán v stave „{S(source).label}“ nemôže prejsť do stavu „{target}“."]
    assert Plan.objects.get(pk=plan.pk).status == source


def test_steps_need_their_data(editor):
    plan, _tree = plan_with_tree(editor)
    with pytest.raises(ValidationError):
        _to(plan, editor, "start_discussion")
    with pytest.raises(ValidationError):
        _to(plan, editor, "start_discussion", discussion_from=D(2024, 2, 1),
            discussion_to=D(2024, 1, 1))
    _to(plan, editor, "start_discussion", discussion_from=D(2024, 1, 1),
        discussion_to=D(2024, 1, 31))
    with pytest.raises(ValidationError):
        _to(plan, editor, "approve", resolution_number="", resolution_date=D(2024, 2, 1))
    with pytest.raises(ValidationError):  # before the discussion began
        _to(plan, editor, "approve", resolution_number="1/2024", resolution_date=D(2023, 12, 1))
    assert Plan.objects.get(pk=plan.pk).status == S.DISCUSSION


def test_only_one_plan_in_force_per_legal_basis(editor):
    old, _ = plan_in_force(editor, title="Starý", year_from=2019, year_to=2023)
    new, _ = plan_in_force(editor, title="Nový", year_from=2024, year_to=2030)
    old.refresh_from_db()
    # The old one ran out on 31 December 2023; the new one took effect the next day.
    assert new.status == S.IN_FORCE and old.status == S.EXPIRED
    assert (old.ended_on, new.in_force_from) == (D(2023, 12, 31), D(2024, 1, 1))
    assert Plan.objects.filter(status=S.IN_FORCE).count() == 1
    _other_basis, _ = plan_in_force(editor, title="Iný", basis=Plan.LegalBasis.CZ_OBEC)
    assert Plan.objects.filter(status=S.IN_FORCE).count() == 2


def test_content_is_frozen_after_approval(editor):
    plan, tree = plan_in_force(editor)
    with pytest.raises(ValidationError):
        services.plan_update(user=editor, plan=plan, title="Iný názov")
    with pytest.raises(ValidationError):
        services.priority_save(user=editor, plan=plan, title="Nová priorita")
    with pytest.raises(ValidationError):
        services.tree_delete(user=editor, obj=tree["m11"])
    assert Plan.objects.get(pk=plan.pk).title == "Komunitný plán"


def test_amendment_is_a_new_version_and_keeps_the_old(editor):
    plan, tree = plan_in_force(editor)
    amendment = services.plan_amend(user=editor, plan=plan, label="Dodatok č. 1")
    assert (amendment.version, amendment.status, amendment.amends_id) == (2, S.DRAFT, plan.pk)
    assert amendment.priorities.count() == 2
    copied = amendment.priorities.get(number=1).measures.get(number=1)
    assert copied.activities.count() == 2 and copied.indicators.get().targets == {"2024": "15"}
    services.priority_save(user=editor, plan=amendment, priority=amendment.priorities.get(number=1),
                           title="Seniori a opatrovatelia")
    assert Priority.objects.get(pk=tree["p1"].pk).title == "Seniori"
    with pytest.raises(ValidationError):
        services.plan_amend(user=editor, plan=plan, label="Dodatok č. 2")
    _to(amendment, editor, "start_discussion", discussion_from=D(2024, 5, 1),
        discussion_to=D(2024, 5, 31))
    # An amendment replaces the version it amends on its day, without a further confirmation.
    _to(amendment, editor, "approve", resolution_number="9/2024", resolution_date=D(2024, 6, 1),
        on_date=D(2024, 6, 1))
    plan.refresh_from_db()
    assert plan.status == S.SUPERSEDED
    assert (plan.ended_on, plan.superseded_by_id) == (D(2024, 5, 31), amendment.pk)
    assert Plan.objects.get(status=S.IN_FORCE).pk == amendment.pk


def test_only_a_draft_can_be_deleted(editor):
    plan, _ = plan_in_force(editor)
    with pytest.raises(ValidationError):
        services.plan_delete(user=editor, plan=plan)
    draft, _ = plan_with_tree(editor, title="Koncept")
    services.plan_delete(user=editor, plan=draft)
    assert not Plan.objects.filter(pk=draft.pk).exists()


def test_first_plan_seeds_the_countrys_target_groups(editor, beta):
    from tenants.common.models import TargetGroup

    assert not TargetGroup.objects.exists()
    plan_with_tree(editor)
    assert list(TargetGroup.objects.values_list("name", flat=True))[:2] == [
        "Seniori", "Osoby so zdravotným znevýhodnením"]
    with tenant_context(beta):
        services.plan_create(user=None, legal_basis=Plan.LegalBasis.CZ_OBEC, title="Plán",
                             year_from=2025, year_to=2027)
        assert TargetGroup.objects.count() == 6
        assert TargetGroup.objects.filter(name="Informovanost").exists()
