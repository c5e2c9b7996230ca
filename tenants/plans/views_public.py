"""Public plan pages: the plan in force, any public plan, its progress and evaluations, and
comments on a draft in public discussion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub import ratelimit
from hub.accounts.access import public_page
from tenants.plans import forms, rollup, selectors, services


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
        "plan": plan, "tree": selectors.plan_tree(plan),
        "sections": plan.sections.exclude(body=""),
        "evaluation": evaluation, "progress": _progress_bars(plan, evaluation),
        "evaluations": plan.evaluations.filter(published_at__isnull=False),
        "action_plans": plan.action_plans.all(),
        "discussion_open": services.discussion_open(plan),
        "comments": selectors.comments_published(plan),
        "comment_form": comment_form or forms.CommentForm(),
    }, status=400 if comment_form is not None else 200)


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
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("plans:public_plan", plan_id=plan.pk)  # a bot; say nothing
        if not ratelimit.submission_allowed(request, action="comment", subject_id=plan.pk):
            form.add_error(None, ratelimit.LIMITS["comment"].message)
            return plan_page(request, plan.pk, comment_form=form)
        try:
            services.comment_submit(plan=plan, text=form.cleaned_data["text"],
                                    consent=form.cleaned_data["consent"],
                                    name=form.cleaned_data["name"],
                                    email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your comment will appear here once the "
                                        "municipality has answered it."))
            return redirect("plans:public_plan", plan_id=plan.pk)
    return plan_page(request, plan.pk, comment_form=form)
