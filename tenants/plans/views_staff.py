"""Staff pages for plans: thin views that parse a form, call one service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.history.selectors import changes_for_plan
from tenants.plans import forms, lifecycle, notes, rollup, selectors, services
from tenants.plans.models import (
    ActionItem,
    ActionPlan,
    Activity,
    Comment,
    Evaluation,
    Measure,
    Plan,
    PlanSection,
    Priority,
)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


# Plans -------------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def plan_list(request):
    return render(request, "plans/staff/plan_list.html", {
        "plans": selectors.plans_for_staff(), "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
def plan_create(request):
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The plan has been created."))
            return redirect("plans:staff_plan", plan_id=plan.pk)
    return render(request, "plans/staff/plan_form.html", {"form": form}, status=_status(form))


@staff_page(Role.VIEWER)
def plan_detail(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    latest = plan.evaluations.order_by("-year").first()
    progress = rollup.plan_progress(plan, latest) if latest else None
    state = plan.state_now
    # A plan whose period has ended by the calendar (stored "in force" until the nightly
    # task runs) offers no step and no amendment: there is nothing left to change.
    ended = state in (Plan.Status.EXPIRED, Plan.Status.SUPERSEDED)
    return render(request, "plans/staff/plan_detail.html", {
        "plan": plan, "tree": (tree := selectors.plan_tree(plan)),
        "can_edit": _can_edit(request),
        "measure_notes": notes.measure_notes(
            [m.pk for priority in tree for m in priority.measures.all()], public=False),
        "editable": plan.status in lifecycle.EDITABLE,
        "operational": plan.status in lifecycle.OPERATIONAL,
        # A plan approved for later is put in force by the calendar, not by a click.
        "actions": [] if ended else [
            (a, lifecycle.ACTION_LABELS[a]) for a in lifecycle.actions_from(plan.status)
            if not (a == "put_in_force" and plan.takes_effect_later)],
        "can_amend": state in (Plan.Status.APPROVED, Plan.Status.IN_FORCE),
        "transition_form": forms.TransitionForm(), "amend_form": forms.AmendForm(),
        "sections": {s.kind: s for s in plan.sections.all()},
        "section_kinds": PlanSection.Kind.choices,
        "evaluation": latest, "progress": progress,
        "history": changes_for_plan(plan_id=plan.pk)[:10],
        "pending_comments": plan.comments.filter(state=Comment.State.PENDING).count(),
        "years": list(plan.years),
    })


@staff_page(Role.EDITOR)
def plan_edit(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    form = forms.PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("plans:staff_plan", plan_id=plan.pk)
    return render(request, "plans/staff/plan_form.html", {"form": form, "plan": plan},
                  status=_status(form))


@staff_page(Role.EDITOR)
@require_POST
def plan_transition(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_transition(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            plan = Plan.objects.get(pk=plan.pk)
            if plan.takes_effect_later:
                messages.success(request, _("The plan is approved and takes effect on "
                                            "%(date)s.")
                                 % {"date": date_format(plan.in_force_from, "SHORT_DATE_FORMAT")})
            else:
                messages.success(request, _("The plan is now %(state)s.")
                                 % {"state": plan.get_state_now_display()})
    else:
        messages.error(request, _("Check the dates you entered."))
    return redirect("plans:staff_plan", plan_id=plan.pk)


@staff_page(Role.EDITOR)
@require_POST
def plan_amend(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    form = forms.AmendForm(request.POST)
    if form.is_valid():
        try:
            new = services.plan_amend(user=request.user, plan=plan, label=form.cleaned_data["label"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("A new version has been prepared as a draft."))
            return redirect("plans:staff_plan", plan_id=new.pk)
    else:
        messages.error(request, _("Name the amendment."))
    return redirect("plans:staff_plan", plan_id=plan.pk)


def _confirm_delete(request, *, obj, consequence, back, delete):
    """GET shows what will be deleted; POST deletes through the service."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": obj})
        return None
    return render(request, "plans/staff/confirm_delete.html",
                  {"object": obj, "consequence": consequence, "back": back})


@staff_page(Role.ADMIN)
def plan_delete(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    back = reverse("plans:staff_plan", args=[plan.pk])
    response = _confirm_delete(
        request, obj=plan, back=back,
        consequence=_("The draft with all its sections, priorities, measures and activities "
                      "will be deleted."),
        delete=lambda: services.plan_delete(user=request.user, plan=plan))
    return response or redirect("plans:staff_plans")


@staff_page(Role.VIEWER)
def plan_history(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    page = Paginator(changes_for_plan(plan_id=plan.pk), 50).get_page(request.GET.get("page"))
    return render(request, "plans/staff/history.html", {"plan": plan, "page": page})


@staff_page(Role.EDITOR)
def section_edit(request, plan_id, kind):
    plan = get_object_or_404(Plan, pk=plan_id)
    if kind not in PlanSection.Kind.values:
        return render(request, "404.html", status=404)
    section = plan.sections.filter(kind=kind).first()
    form = forms.SectionForm(request.POST or None, initial={"body": section.body if section else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(user=request.user, plan=plan, kind=kind,
                                    body=form.cleaned_data["body"])
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The section has been saved."))
            return redirect(reverse("plans:staff_plan", args=[plan.pk]) + f"#section-{kind}")
    return render(request, "plans/staff/section_form.html", {
        "plan": plan, "form": form, "kind_label": PlanSection.Kind(kind).label},
        status=_status(form))


# Strategic tree ---------------------------------------------------------------------------

def _tree_form(request, *, plan, form, save, template_context, anchor):
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("“%(name)s” has been saved.") % {"name": obj})
            return redirect(reverse("plans:staff_plan", args=[plan.pk]) + anchor(obj))
    return render(request, "plans/staff/tree_form.html",
                  {"plan": plan, "form": form, **template_context}, status=_status(form))


@staff_page(Role.EDITOR)
def priority_form(request, plan_id, priority_id=None):
    plan = get_object_or_404(Plan, pk=plan_id)
    priority = get_object_or_404(Priority, pk=priority_id, plan=plan) if priority_id else None
    form = forms.PriorityForm(request.POST or None, instance=priority,
                              initial=None if priority else {
                                  "number": (plan.priorities.count() + 1)})
    form.fields["target_groups"].queryset = selectors.target_groups_active()

    def save():
        data = dict(form.cleaned_data)
        return services.priority_save(user=request.user, plan=plan, priority=priority,
                                      target_groups=data.pop("target_groups"), **data)

    return _tree_form(request, plan=plan, form=form, save=save,
                      template_context={"title": _("Priority")},
                      anchor=lambda obj: f"#priority-{obj.pk}")


def _rows(formset, fields):
    """The filled-in, not-deleted rows of a formset as plain dicts."""
    return [{k: f.cleaned_data[k] for k in fields} for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@staff_page(Role.EDITOR)
def measure_form(request, plan_id, priority_id, measure_id=None):
    plan = get_object_or_404(Plan, pk=plan_id)
    priority = get_object_or_404(Priority, pk=priority_id, plan=plan)
    measure = get_object_or_404(Measure, pk=measure_id, priority=priority) if measure_id else None
    data = request.POST or None
    form = forms.MeasureForm(data, instance=measure, initial=None if measure else {
        "number": priority.measures.count() + 1})
    form.fields["target_groups"].queryset = selectors.target_groups_active()
    budget = forms.BudgetLineFormSet(data, prefix="budget", initial=[
        {"year": b.year, "source": b.source, "amount": b.amount}
        for b in (measure.budget_lines.all() if measure else [])])
    indicators = forms.IndicatorFormSet(data, prefix="indicators", initial=[
        {"name": i.name, "unit": i.unit, "baseline": i.baseline,
         "targets": ", ".join(f"{y}: {v}" for y, v in sorted(i.targets.items()))}
        for i in (measure.indicators.all() if measure else [])])
    if request.method == "POST":
        valid = all([form.is_valid(), budget.is_valid(), indicators.is_valid()])
        if valid:
            fields = dict(form.cleaned_data)
            try:
                saved = services.measure_save(
                    user=request.user, priority=priority, measure=measure,
                    target_groups=fields.pop("target_groups"),
                    budget_lines=_rows(budget, ("year", "source", "amount")),
                    indicators=_rows(indicators, ("name", "unit", "baseline", "targets")),
                    **fields)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("“%(name)s” has been saved.") % {"name": saved})
                return redirect(reverse("plans:staff_plan", args=[plan.pk])
                                + f"#measure-{saved.pk}")
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/staff/measure_form.html", {
        "plan": plan, "priority": priority, "measure": measure, "form": form,
        "budget": budget, "indicators": indicators}, status=status)


@staff_page(Role.EDITOR)
def activity_form(request, plan_id, measure_id, activity_id=None):
    plan = get_object_or_404(Plan, pk=plan_id)
    measure = get_object_or_404(Measure, pk=measure_id, priority__plan=plan)
    activity = get_object_or_404(Activity, pk=activity_id, measure=measure) if activity_id else None
    form = forms.ActivityForm(request.POST or None, instance=activity,
                              initial=None if activity else {
                                  "number": measure.activities.count() + 1})
    return _tree_form(
        request, plan=plan, form=form,
        save=lambda: services.activity_save(user=request.user, measure=measure,
                                            activity=activity, **form.cleaned_data),
        template_context={"title": _("Activity"), "parent": measure},
        anchor=lambda obj: f"#measure-{measure.pk}")


@staff_page(Role.EDITOR)
def tree_delete(request, plan_id, kind, object_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    model, lookup, consequence = {
        "priority": (Priority, {"plan": plan},
                     _("The priority with all its measures and activities will be deleted.")),
        "measure": (Measure, {"priority__plan": plan},
                    _("The measure with its activities, budget and indicators will be deleted.")),
        "activity": (Activity, {"measure__priority__plan": plan},
                     _("The activity will be deleted.")),
    }.get(kind, (None, None, None))
    if model is None:
        return render(request, "404.html", status=404)
    obj = get_object_or_404(model, pk=object_id, **lookup)
    back = reverse("plans:staff_plan", args=[plan.pk])
    response = _confirm_delete(request, obj=obj, consequence=consequence, back=back,
                               delete=lambda: services.tree_delete(user=request.user, obj=obj))
    return response or redirect(back)


# Action plans -----------------------------------------------------------------------------

def _create_for_year(request, plan_id, *, service, page):
    """POST {year}: make the year's action plan or evaluation and open it."""
    plan = get_object_or_404(Plan, pk=plan_id)
    form = forms.YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year within the plan's period."))
        return redirect("plans:staff_plan", plan_id=plan.pk)
    try:
        made = service(user=request.user, plan=plan, year=form.cleaned_data["year"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:staff_plan", plan_id=plan.pk)
    return redirect(page, plan_id=plan.pk, year=made.year)


@staff_page(Role.EDITOR)
@require_POST
def action_plan_create(request, plan_id):
    return _create_for_year(request, plan_id, service=services.action_plan_create,
                            page="plans:staff_action_plan")


@staff_page(Role.VIEWER)
def action_plan_detail(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    action_plan = get_object_or_404(ActionPlan, plan=plan, year=year)
    can_edit = _can_edit(request)
    form = forms.ActionItemForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if not can_edit:
            return render(request, "403.html", status=403)
        if form.is_valid():
            item = ActionItem.objects.filter(action_plan=action_plan,
                                             activity=form.cleaned_data["activity"]).first()
            try:
                services.action_item_save(user=request.user, action_plan=action_plan,
                                          item=item, **form.cleaned_data)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The action plan has been saved."))
                return redirect("plans:staff_action_plan", plan_id=plan.pk, year=year)
    items = action_plan.items.select_related("activity__measure__priority", "carried_over_from")
    return render(request, "plans/staff/action_plan.html", {
        "plan": plan, "action_plan": action_plan, "items": items, "form": form,
        "can_edit": can_edit,
        "next_exists": plan.action_plans.filter(year=year + 1).exists(),
        "next_in_period": year + 1 <= plan.year_to,
        "approve_form": forms.ActionPlanApproveForm(),
    }, status=_status(form))


@staff_page(Role.EDITOR)
@require_POST
def action_plan_approve(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    action_plan = get_object_or_404(ActionPlan, plan=plan, year=year)
    form = forms.ActionPlanApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    else:
        try:
            services.action_plan_approve(user=request.user, action_plan=action_plan,
                                         **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action plan %(year)s has been approved.")
                             % {"year": year})
    return redirect("plans:staff_action_plan", plan_id=plan.pk, year=year)


@staff_page(Role.EDITOR)
@require_POST
def action_plan_close(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    action_plan = get_object_or_404(ActionPlan, plan=plan, year=year)
    try:
        services.action_plan_close(user=request.user, action_plan=action_plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action plan %(year)s has been closed.") % {"year": year})
    return redirect("plans:staff_action_plan", plan_id=plan.pk, year=year)


@staff_page(Role.EDITOR)
@require_POST
def action_plan_next_year(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    action_plan = get_object_or_404(ActionPlan, plan=plan, year=year)
    try:
        nxt = services.action_plan_prepare_next_year(user=request.user, action_plan=action_plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:staff_action_plan", plan_id=plan.pk, year=year)
    messages.success(request, _("The action plan %(year)s has been prepared with %(count)d "
                                "unfinished activities carried over.")
                     % {"year": nxt.year, "count": nxt.items.count()})
    return redirect("plans:staff_action_plan", plan_id=plan.pk, year=nxt.year)


# Evaluations ------------------------------------------------------------------------------

@staff_page(Role.EDITOR)
@require_POST
def evaluation_create(request, plan_id):
    return _create_for_year(request, plan_id, service=services.evaluation_create,
                            page="plans:staff_evaluation")


def _evaluation_rows(plan, evaluation, data):
    """One entry form per measure and activity, one value form per indicator."""
    entries = {(e.measure_id, e.activity_id): e for e in evaluation.entries.all()}
    values = {v.indicator_id: v.value for v in evaluation.indicator_values.all()}
    rows = []
    for priority in selectors.plan_tree(plan):
        for measure in priority.measures.all():
            entry = entries.get((measure.pk, None))
            rows.append({
                "kind": "measure", "obj": measure, "priority": priority,
                "form": forms.EvaluationEntryForm(data, instance=entry, prefix=f"m{measure.pk}"),
                "indicators": [(ind, forms.IndicatorValueForm(
                    data, prefix=f"i{ind.pk}", initial={"value": values.get(ind.pk)}))
                    for ind in measure.indicators.all()],
            })
            for activity in measure.activities.all():
                entry = entries.get((None, activity.pk))
                rows.append({"kind": "activity", "obj": activity, "priority": priority,
                             "form": forms.EvaluationEntryForm(data, instance=entry,
                                                               prefix=f"a{activity.pk}"),
                             "indicators": []})
    return rows


def _line_form(rows, line):
    """The form of the row (or indicator value) a refused evaluation line belongs to."""
    for row in rows:
        if row["obj"] == line:
            return row["form"]
        for indicator, value_form in row["indicators"]:
            if indicator == line:
                return value_form
    raise LookupError(line)


@staff_page(Role.VIEWER)
def evaluation_detail(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    evaluation = get_object_or_404(Evaluation, plan=plan, year=year)
    can_edit = _can_edit(request)
    if request.method == "POST" and not can_edit:
        return render(request, "403.html", status=403)
    rows = _evaluation_rows(plan, evaluation, request.POST or None)
    if request.method == "POST":
        forms_ok = all(r["form"].is_valid() and all(f.is_valid() for _i, f in r["indicators"])
                       for r in rows)
        if forms_ok:
            try:
                services.evaluation_save(
                    user=request.user, evaluation=evaluation,
                    # Rows the user filled in, and every row saved before.
                    entries=[{row["kind"]: row["obj"], **row["form"].cleaned_data}
                             for row in rows
                             if row["form"].has_changed() or row["form"].instance.pk],
                    indicator_values=[(indicator, value_form.cleaned_data["value"])
                                      for row in rows
                                      for indicator, value_form in row["indicators"]])
            except services.EvaluationLineRefused as refused:
                # Shown on the line it concerns, like the forms' own errors.
                form_add_service_error(_line_form(rows, refused.line), refused)
            else:
                messages.success(request, _("The evaluation has been saved."))
                return redirect("plans:staff_evaluation", plan_id=plan.pk, year=year)
        messages.error(request, _("Some entries need correcting; nothing has been saved "
                                  "yet and what you typed is kept below."))
    progress = rollup.plan_progress(plan, evaluation)
    return render(request, "plans/staff/evaluation.html", {
        "plan": plan, "evaluation": evaluation, "rows": rows, "can_edit": can_edit,
        "progress": progress, "priorities": selectors.plan_tree(plan),
    }, status=400 if request.method == "POST" else 200)


@staff_page(Role.EDITOR)
@require_POST
def evaluation_publish(request, plan_id, year):
    plan = get_object_or_404(Plan, pk=plan_id)
    evaluation = get_object_or_404(Evaluation, plan=plan, year=year)
    publish = request.POST.get("publish") == "1"
    services.evaluation_publish(user=request.user, evaluation=evaluation, publish=publish)
    messages.success(request, _("The evaluation has been published.") if publish else
                     _("The evaluation is no longer public."))
    return redirect("plans:staff_evaluation", plan_id=plan.pk, year=year)


# Comments and target groups ---------------------------------------------------------------

@staff_page(Role.VIEWER)
def comment_list(request, plan_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    state = request.GET.get("state", Comment.State.PENDING)
    if state not in Comment.State.values:
        state = Comment.State.PENDING
    page = Paginator(plan.comments.filter(state=state).select_related(
        "priority", "measure__priority").order_by("created_at"), 20).get_page(
        request.GET.get("page"))
    return render(request, "plans/staff/comments.html", {
        "plan": plan, "page": page, "state": state, "states": Comment.State.choices,
        "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
@require_POST
def comment_moderate(request, plan_id, comment_id):
    plan = get_object_or_404(Plan, pk=plan_id)
    comment = get_object_or_404(Comment, pk=comment_id, plan=plan)
    form = forms.ModerationForm(request.POST)
    if form.is_valid():
        try:
            services.comment_moderate(user=request.user, comment=comment, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The comment has been updated."))
    return redirect(reverse("plans:staff_comments", args=[plan.pk]) + f"?state={comment.state}")


@staff_page(Role.EDITOR)
def target_groups(request):
    formset = forms.TargetGroupFormSet(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        try:
            services.target_groups_save(user=request.user, groups=[
                {"group": form.instance if form.instance.pk else None,
                 "name": form.cleaned_data["name"], "position": form.cleaned_data.get("position"),
                 "is_active": form.cleaned_data.get("is_active", True)}
                for form in formset.forms
                if form.has_changed() and form.cleaned_data.get("name")])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The target groups have been saved."))
            return redirect("plans:staff_target_groups")
    return render(request, "plans/staff/target_groups.html", {"formset": formset},
                  status=400 if formset.is_bound else 200)
