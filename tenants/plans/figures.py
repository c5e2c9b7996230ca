"""Regional figures of the plans, read inside one municipality's schema (contract: BRIEF.md).

`municipality_figures(today)` describes the plan that matters to a coordinator: the plan in
force on that day (by its dates), else the newest plan of any state. Years and the plan's
days (in force from, valid until) are returned so that the read model can judge deadlines
against the day it is read, not the day it was computed.
"""

import datetime

from tenants.plans.models import ActionPlan, Comment, Evaluation, Plan
from tenants.plans.rollup import plan_progress, rounded
from tenants.plans.selectors import plans_in_force

#: Plans that were (or are) in force: their years need an action plan and an evaluation.
HAS_BEEN_IN_FORCE = (Plan.Status.IN_FORCE, Plan.Status.EXPIRED, Plan.Status.SUPERSEDED)


def current_plan(today: datetime.date | None = None) -> Plan | None:
    in_force = plans_in_force(today).order_by("-year_to", "-version").first()
    return in_force or Plan.objects.order_by("-year_from", "-version", "-pk").first()


def plan_valid_to(plan: Plan) -> datetime.date:
    return plan.valid_until


def successor_from(plan: Plan | None, today: datetime.date) -> datetime.date | None:
    """The day an approved plan takes effect after ``plan`` (approved, its day still ahead):
    the municipality has already done what "ends within 12 months" asks."""
    if plan is None:
        return None
    later = (Plan.objects.filter(status=Plan.Status.APPROVED, in_force_from__gt=today)
             .exclude(pk=plan.pk).order_by("in_force_from").values_list("in_force_from",
                                                                        flat=True).first())
    return later


def latest_fulfilment() -> tuple[float | None, int | None]:
    """The fulfilment of the newest published evaluation of any plan that has been approved:
    a successor taking effect does not blank the figure before its own first evaluation."""
    latest = (Evaluation.objects.filter(published_at__isnull=False,
                                        plan__status__in=(Plan.Status.APPROVED,
                                                          *HAS_BEEN_IN_FORCE))
              .select_related("plan").order_by("-year", "-plan__version", "-pk").first())
    if latest is None:
        return None, None
    return rounded(plan_progress(latest.plan, latest).plan), latest.year


def municipality_figures(today: datetime.date) -> dict:
    plan = current_plan(today)
    covered: set[int] = set()
    for year_from, year_to in Plan.objects.filter(status__in=HAS_BEEN_IN_FORCE).values_list(
            "year_from", "year_to"):
        covered.update(range(year_from, year_to + 1))
    fulfilment, fulfilment_year = latest_fulfilment()
    return {
        "plan_status": plan.state_on(today) if plan else "",
        "plan_in_force_from": plan.in_force_from if plan else None,
        "plan_year_from": plan.year_from if plan else None,
        "plan_year_to": plan.year_to if plan else None,
        "plan_valid_to": plan_valid_to(plan) if plan else None,
        "plan_successor_from": successor_from(plan, today),
        "covered_years": sorted(covered),
        # Only an approved action plan is one (a draft is not), and only of an approved plan.
        "action_plan_years": sorted(set(ActionPlan.objects.exclude(
            plan__status__in=(Plan.Status.DRAFT, Plan.Status.DISCUSSION)).filter(
            status__in=(ActionPlan.Status.APPROVED, ActionPlan.Status.CLOSED)).values_list(
            "year", flat=True))),
        "evaluation_years": sorted(set(Evaluation.objects.filter(
            published_at__isnull=False).values_list("year", flat=True))),
        "fulfilment": fulfilment,
        "fulfilment_year": fulfilment_year,
        # Residents' comments received in public discussions; rejected ones are not counted.
        "public_comments": Comment.objects.exclude(state=Comment.State.REJECTED).count(),
    }
