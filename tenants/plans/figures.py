"""Regional figures of the plans, read inside one municipality's schema (contract: BRIEF.md).

`municipality_figures(today)` describes the plan that matters to a coordinator: the plan in
force, else the newest plan of any state. Years are returned as lists so that the read model
can judge deadlines against the day it is read, not the day it was computed.
"""

import datetime

from tenants.plans.models import ActionPlan, Comment, Evaluation, Plan
from tenants.plans.rollup import plan_progress, rounded

#: Plans that were (or are) in force: their years need an action plan and an evaluation.
HAS_BEEN_IN_FORCE = (Plan.Status.IN_FORCE, Plan.Status.EXPIRED, Plan.Status.SUPERSEDED)


def current_plan() -> Plan | None:
    in_force = Plan.objects.filter(status=Plan.Status.IN_FORCE).order_by(
        "-year_to", "-version").first()
    return in_force or Plan.objects.order_by("-year_from", "-version", "-pk").first()


def plan_valid_to(plan: Plan) -> datetime.date:
    if plan.ended_on and plan.status in (Plan.Status.EXPIRED, Plan.Status.SUPERSEDED):
        return plan.ended_on
    return datetime.date(plan.year_to, 12, 31)


def municipality_figures(today: datetime.date) -> dict:
    plan = current_plan()
    covered: set[int] = set()
    for year_from, year_to in Plan.objects.filter(status__in=HAS_BEEN_IN_FORCE).values_list(
            "year_from", "year_to"):
        covered.update(range(year_from, year_to + 1))
    fulfilment = fulfilment_year = None
    if plan is not None:
        latest = (Evaluation.objects.filter(plan=plan, published_at__isnull=False)
                  .order_by("-year").first())
        if latest is not None:
            fulfilment = rounded(plan_progress(plan, latest).plan)
            fulfilment_year = latest.year
    return {
        "plan_status": plan.status if plan else "",
        "plan_year_from": plan.year_from if plan else None,
        "plan_year_to": plan.year_to if plan else None,
        "plan_valid_to": plan_valid_to(plan) if plan else None,
        "covered_years": sorted(covered),
        # Action plans of plans that never reached force are drafts of drafts: not counted.
        "action_plan_years": sorted(set(ActionPlan.objects.exclude(
            plan__status__in=(Plan.Status.DRAFT, Plan.Status.DISCUSSION)).values_list(
            "year", flat=True))),
        "evaluation_years": sorted(set(Evaluation.objects.filter(
            published_at__isnull=False).values_list("year", flat=True))),
        "fulfilment": fulfilment,
        "fulfilment_year": fulfilment_year,
        # Residents' comments received in public discussions; rejected ones are not counted.
        "public_comments": Comment.objects.exclude(state=Comment.State.REJECTED).count(),
    }
