"""Reads of plans for staff and for the public; ids from users are resolved here."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenants.plans import lifecycle
from tenants.plans.models import (
    ActionItem,
    ActionPlan,
    Activity,
    Comment,
    Evaluation,
    Measure,
    Plan,
    Priority,
    TargetGroup,
)


def plans_for_staff() -> QuerySet[Plan]:
    return Plan.objects.annotate(
        pending_comments=Count("comments", filter=Q(comments__state=Comment.State.PENDING)))


def plans_public() -> QuerySet[Plan]:
    """The plans anyone may read: from the public discussion on, never a draft."""
    return Plan.objects.filter(status__in=lifecycle.PUBLIC)


def priorities_public() -> QuerySet[Priority]:
    return Priority.objects.filter(plan__in=plans_public())


def measures_public() -> QuerySet[Measure]:
    return Measure.objects.filter(priority__plan__in=plans_public())


def activities_public() -> QuerySet[Activity]:
    return Activity.objects.filter(measure__priority__plan__in=plans_public())


def action_plans_public() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(plan__in=plans_public())


def evaluations_public() -> QuerySet[Evaluation]:
    """Published evaluations of public plans."""
    return Evaluation.objects.filter(published_at__isnull=False, plan__in=plans_public())


def comments_public() -> QuerySet[Comment]:
    """Answered, published comments on public plans."""
    return Comment.objects.filter(state=Comment.State.PUBLISHED, plan__in=plans_public())


def plans_in_force(today: datetime.date | None = None) -> QuerySet[Plan]:
    """The plans in force on ``today`` by their dates (Plan.state_on): approved or in force,
    taken effect, last day not passed — never a plan whose period has ended, even before the
    nightly task has marked it expired."""
    today = today or timezone.localdate()
    return (Plan.objects.filter(status__in=lifecycle.SCHEDULED, year_to__gte=today.year)
            .filter(Q(in_force_from__lte=today)
                    | Q(in_force_from__isnull=True, status=Plan.Status.IN_FORCE))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today)))


def plan_public_get(plan_id: int) -> Plan:
    """A plan the public may see (never a draft), or 404."""
    return get_object_or_404(plans_public(), pk=plan_id)


def plan_tree(plan: Plan) -> list[Priority]:
    """Priorities with their measures, activities, target groups, budgets and indicators."""
    return list(plan.priorities.prefetch_related(
        "target_groups",
        Prefetch("measures", queryset=Measure.objects.prefetch_related(
            "target_groups", "budget_lines", "indicators",
            Prefetch("activities", queryset=Activity.objects.order_by("number")))),
    ))


def action_plans_of(plan: Plan) -> QuerySet[ActionPlan]:
    return plan.action_plans.all()


def action_plan_public_get(plan: Plan, year: int) -> ActionPlan:
    """A public plan's action plan of one year, with its items, or 404."""
    return get_object_or_404(
        ActionPlan.objects.prefetch_related(Prefetch(
            "items", queryset=ActionItem.objects.select_related("activity__measure__priority"))),
        plan=plan, year=year)


def evaluation_latest_published(plan: Plan) -> Evaluation | None:
    return plan.evaluations.filter(published_at__isnull=False).order_by("-year").first()


def evaluation_public_get(plan: Plan, year: int) -> Evaluation:
    return get_object_or_404(plan.evaluations.filter(published_at__isnull=False), year=year)


def comments_published(plan: Plan) -> QuerySet[Comment]:
    return plan.comments.filter(state=Comment.State.PUBLISHED).order_by("created_at")


def target_groups_active() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.filter(is_active=True)
