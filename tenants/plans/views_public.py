"""Public plan pages: the plan in force, any public plan, its progress and evaluations, and
comments on a draft in public discussion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub import ratelimit
from hub.accounts.access import public_page
from tenants.plans import forms, notes, rollup, selectors, services


def _progress_bars(plan, evaluation):
    if evaluation is None:
        return None
    progress = rollup.plan_progress(plan, evaluation)
    return {"plan": rollup.rounded(progress.plan),
            "priorities": {pk: rollup.rounded(v) for pk, v in progress.priorities.items()},
            "measures": {pk: rollup.rounded(v) for pk, v in progress.measures.items()}}


@public_page
def plan_in_force(request):
    plans = list(selectors.plans_in_force())
    if len(plans) == 1:
        return plan_page(request, plans[0].pk)
    return render(request, "plans/public/plan_list.html", {
        "in_force": plans, "plans": selectors.plans_public()})


@public_page
def plan_list(request):
    return render(request, "plans/public/plan_list.html", {
        "in_force": list(selectors.plans_in_force()), "plans": selectors.plans_public()})


@public_page
def plan_page(request, plan_id, comment_form=None):
    plan = selectors.plan_public_get(plan_id)
    evaluation = selectors.evaluation_latest_published(plan)
    return render(request, "plans/public/plan_detail.html", {
        "plan": plan, "tree": (tree := selectors.plan_tree(plan)),
        "measure_notes": notes.measure_notes(_measure_ids(tree), public=True),
        "sections": plan.sections.exclude(body=""),
        "evaluation": evaluation, "progress": _progress_bars(plan, evaluation),
        "evaluations": plan.evaluations.filter(published_at__isnull=False),
        "action_plans": plan.action_plans.all(),
        "discussion_open": services.discussion_open(plan),
        **_comments_in_place(plan),
        "comment_form": comment_form or forms.CommentForm(
            plan=plan, initial={"about": request.GET.get("about", "")}),
    }, status=400 if comment_form is not None else 200)


def _measure_ids(tree) -> list[int]:
    return [m.pk for priority in tree for m in priority.measures.all()]


def _comments_in_place(plan) -> dict:
    """Published comments where they belong: on the plan, a priority or a measure."""
    on_plan, on_priority, on_measure = [], {}, {}
    for comment in selectors.comments_published(plan):
        if comment.measure_id:
            on_measure.setdefault(comment.measure_id, []).append(comment)
        elif comment.priority_id:
            on_priority.setdefault(comment.priority_id, []).append(comment)
        else:
            on_plan.append(comment)
    return {"comments": on_plan, "comments_on_priority": on_priority,
            "comments_on_measure": on_measure}


@public_page
def action_plan_page(request, plan_id, year):
    """A year's action plan: its activities, who is responsible, the budget and the state."""
    plan = selectors.plan_public_get(plan_id)
    action_plan = selectors.action_plan_public_get(plan, year)
    items = list(action_plan.items.all())
    budgets = [i.budget for i in items if i.budget is not None]
    return render(request, "plans/public/action_plan.html", {
        "plan": plan, "action_plan": action_plan, "items": items,
        "budget": sum(budgets) if budgets else None,
        "action_plans": selectors.action_plans_of(plan)})


@public_page
def evaluation_page(request, plan_id, year):
    plan = selectors.plan_public_get(plan_id)
    evaluation = selectors.evaluation_public_get(plan, year)
    entries = {(e.measure_id, e.activity_id): e for e in evaluation.entries.all()}
    values = {v.indicator_id: v.value for v in evaluation.indicator_values.all()}
    return render(request, "plans/public/evaluation.html", {
        "plan": plan, "evaluation": evaluation, "tree": selectors.plan_tree(plan),
        "entries": entries, "values": values, "progress": _progress_bars(plan, evaluation)})


@public_page
@require_POST
def comment_submit(request, plan_id):
    plan = selectors.plan_public_get(plan_id)
    form = forms.CommentForm(request.POST, plan=plan)
    if form.is_valid():
        if form.caught_bot():
            return redirect("plans:public_plan", plan_id=plan.pk)  # a bot; say nothing
        if not ratelimit.submission_allowed(request, action="comment", subject_id=plan.pk):
            form.add_error(None, ratelimit.LIMITS["comment"].message)
            return plan_page(request, plan.pk, comment_form=form)
        try:
            priority, measure = form.cleaned_data["about"]
            services.comment_submit(plan=plan, text=form.cleaned_data["text"],
                                    consent=form.cleaned_data["consent"],
                                    name=form.cleaned_data["name"],
                                    email=form.cleaned_data["email"],
                                    priority=priority, measure=measure)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your comment will appear here once the "
                                        "municipality has answered it."))
            return redirect("plans:public_plan", plan_id=plan.pk)
    return plan_page(request, plan.pk, comment_form=form)
