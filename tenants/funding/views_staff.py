"""Staff pages of funding rounds: thin views that parse a form, call one service and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.funding import explain, forms, lifecycle, links, selectors, services
from tenants.funding.history import history_rows
from tenants.funding.models import Application, Criterion, Round, Score


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


def _back(round_) -> str:
    return reverse("funding:staff_round", args=[round_.pk])


@staff_page(Role.VIEWER)
def round_list(request):
    return render(request, "funding/staff/round_list.html", {
        "rounds": selectors.rounds_for_staff(), "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
def round_create(request):
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The round has been created with the criteria of the "
                                        "previous one; check them."))
            return redirect("funding:staff_round", round_id=round_.pk)
    return render(request, "funding/staff/round_form.html", {"form": form},
                  status=_status(form))


@staff_page(Role.VIEWER)
def round_detail(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    applications = list(selectors.results(round_) if round_.allocated_at else
                        round_.applications.all())
    scored = set(Score.objects.filter(application__round=round_).values_list(
        "application_id", "criterion_id"))
    criteria = list(round_.criteria.all())
    staff_criteria = [c.pk for c in criteria if c.kind == Criterion.Kind.SCORED]
    rows = [{"application": a, "explanation": explain.explanation_text(a),
             "scored": all((a.pk, c) in scored for c in staff_criteria)} for a in applications]
    totals = round_.applications.aggregate(requested=Sum("requested"),
                                           allocated=Sum("allocated"))
    return render(request, "funding/staff/round_detail.html", {
        "round": round_, "rows": rows, "totals": totals, "can_edit": _can_edit(request),
        "criteria": criteria, "weights": sum(c.weight for c in criteria),
        "steps": lifecycle.steps_from(round_.state),
        "confirm_steps": set(lifecycle.CONFIRM),
        "criteria_editable": round_.state in lifecycle.CRITERIA_EDITABLE,
        "applications_editable": round_.state in lifecycle.APPLICATIONS_EDITABLE,
        "scoring": round_.state in lifecycle.SCORING,
        "editable": round_.state in lifecycle.ROUND_EDITABLE,
        "history": history_rows(selectors.round_history(round_)[:8])})


@staff_page(Role.EDITOR)
def round_edit(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    form = forms.RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(user=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect(_back(round_))
    return render(request, "funding/staff/round_form.html", {"form": form, "round": round_},
                  status=_status(form))


def _confirm(request, *, title, consequence, button, back):
    return render(request, "staff/confirm.html", {
        "title": title, "consequence": consequence, "button": button, "back": back})


@staff_page(Role.ADMIN)
def round_delete(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete the round “%(name)s”?") % {"name": round_},
                        consequence=_("The draft with its criteria and applications will be "
                                      "deleted."),
                        button=_("Yes, delete"), back=_back(round_))
    try:
        services.round_delete(user=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(round_))
    messages.success(request, _("“%(name)s” has been deleted.") % {"name": round_})
    return redirect("funding:staff_rounds")


@staff_page(Role.EDITOR)
def round_transition(request, round_id):
    """GET asks first for the steps that fix or publish the amounts; POST takes the step."""
    round_ = get_object_or_404(Round, pk=round_id)
    to = request.POST.get("to") or request.GET.get("to", "")
    label = lifecycle.STEPS.get((round_.state, to))
    if label is None:
        messages.error(request, _("A round that is %(state)s cannot go there.")
                       % {"state": round_.get_state_display()})
        return redirect(_back(round_))
    if request.method != "POST":
        return _confirm(request, title=f"{label}: {round_}?",
                        consequence=lifecycle.CONFIRM.get(to, ""), button=label,
                        back=_back(round_))
    try:
        round_ = services.round_transition(user=request.user, round_=round_, to=to)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is now %(state)s.")
                         % {"state": round_.get_state_display()})
    return redirect(_back(round_))


@staff_page(Role.EDITOR)
def criteria_edit(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    formset = forms.CriterionFormSet(request.POST or None, queryset=round_.criteria.all())
    error = None
    if request.method == "POST" and formset.is_valid():
        rows = [{"criterion": f.instance if f.instance.pk else None, "position": n,
                 **f.cleaned_data}
                for n, f in enumerate((f for f in formset.forms if f.has_changed()
                                       or f.instance.pk), start=1)
                if not f.cleaned_data.get("DELETE")]
        for row in rows:
            row.pop("DELETE", None)
            row.pop("id", None)
        try:
            services.criteria_save(user=request.user, round_=round_, rows=rows)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("The criteria have been saved."))
            return redirect(_back(round_))
    bad = request.method == "POST" and (error or not formset.is_valid())
    return render(request, "funding/staff/criteria_form.html", {
        "round": round_, "formset": formset, "error": error,
        "editable": round_.state in lifecycle.CRITERIA_EDITABLE}, status=400 if bad else 200)


def _application(round_id, application_id) -> tuple[Round, Application]:
    round_ = get_object_or_404(Round, pk=round_id)
    return round_, get_object_or_404(Application, pk=application_id, round=round_)


@staff_page(Role.EDITOR)
def application_form(request, round_id, application_id=None):
    round_ = get_object_or_404(Round, pk=round_id)
    application = get_object_or_404(Application, pk=application_id, round=round_) \
        if application_id else None
    form = forms.ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        service = data.pop("service")
        try:
            services.application_save(user=request.user, round_=round_,
                                      application=application,
                                      service=None if application else service, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The application has been saved."))
            return redirect(_back(round_) + "#applications")
    return render(request, "funding/staff/application_form.html", {
        "round": round_, "application": application, "form": form}, status=_status(form))


@staff_page(Role.EDITOR)
def application_delete(request, round_id, application_id):
    round_, application = _application(round_id, application_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete the application of “%(name)s”?")
                        % {"name": application.service_name},
                        consequence=_("The application with its scores will be deleted."),
                        button=_("Yes, delete"), back=_back(round_))
    try:
        services.application_delete(user=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(name)s” has been deleted.")
                         % {"name": application.service_name})
    return redirect(_back(round_) + "#applications")


@staff_page(Role.EDITOR)
def application_score(request, round_id, application_id):
    round_, application = _application(round_id, application_id)
    criteria = [c for c in round_.criteria.all() if c.kind == Criterion.Kind.SCORED]
    given = {s.criterion_id: s for s in application.scores.all()}
    form = forms.ScoreForm(request.POST or None, criteria=criteria, given=given)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(user=request.user, application=application,
                                 scores=form.scores())
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The scores have been saved."))
            return redirect(_back(round_) + "#applications")
    return render(request, "funding/staff/score_form.html", {
        "round": round_, "application": application, "form": form,
        "computed": [c for c in round_.criteria.all() if c.kind != Criterion.Kind.SCORED],
        "scoring": round_.state in lifecycle.SCORING}, status=_status(form))


@staff_page(Role.EDITOR)
def application_override(request, round_id, application_id):
    round_, application = _application(round_id, application_id)
    form = forms.OverrideForm(request.POST or None, initial={
        "amount": application.override, "reason": application.override_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_override(user=request.user, application=application,
                                          **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The amount has been recorded and the rest "
                                        "allocated again."))
            return redirect(_back(round_) + "#applications")
    return render(request, "funding/staff/override_form.html", {
        "round": round_, "application": application, "form": form,
        "explanation": explain.explanation_text(application)}, status=_status(form))


@staff_page(Role.EDITOR)
@require_POST
def round_allocate(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        services.round_allocate(user=request.user, round_=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The budget has been allocated."))
    return redirect(_back(round_) + "#applications")


@staff_page(Role.VIEWER)
def round_history(request, round_id):
    round_ = get_object_or_404(Round, pk=round_id)
    page = Paginator(selectors.round_history(round_), 50).get_page(request.GET.get("page"))
    return render(request, "funding/staff/history.html", {
        "round": round_, "page": page, "rows": history_rows(page.object_list)})


@staff_page(Role.EDITOR)
def provider_links(request, round_id):
    """One signed link per provider of the catalogue, to send while the round is open."""
    round_ = get_object_or_404(Round, pk=round_id)
    providers = {}
    for service in services.service_choices().select_related("provider").order_by(
            "provider__name", "name"):
        providers.setdefault(service.provider, []).append(service)
    rows = []
    if round_.state == Round.State.OPEN:
        for provider, own in providers.items():
            token = links.provider_link_token(round_=round_, provider_id=provider.pk)
            rows.append({"provider": provider, "services": own, "url": request.build_absolute_uri(
                reverse("funding:provider_applications", args=[token]))})
    response = render(request, "funding/staff/provider_links.html", {
        "round": round_, "rows": rows, "open": round_.state == Round.State.OPEN,
        "expires": links.provider_link_expires(timezone.now())})
    response["Cache-Control"] = "no-store"  # each link is a provider's key
    return response
