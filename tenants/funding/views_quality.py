"""Staff pages of the plan-quality self-assessment: the years, one year with its chart and the
comparison with the year before, the form, and deleting after a confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.catalogue import selectors as catalogue
from tenants.funding import charts, evidence, forms, quality, selectors, services
from tenants.funding.models import SelfAssessment


def _chart(assessment, scores):
    previous = scores["previous_overall"] is not None or any(
        a["previous"] is not None for a in scores["areas"])
    return charts.area_bars(
        title=_("Scores of the areas in %(year)s") % {"year": assessment.year},
        areas=scores["areas"], now_label=str(assessment.year),
        before_label=str(assessment.year - 1) if previous else None,
        missing_label=_("not applicable"))


@staff_page(Role.VIEWER)
def assessment_list(request):
    return render(request, "funding/staff/quality_list.html", {
        "rows": selectors.assessments_with_scores(),
        "can_edit": has_role(request_role(request), Role.EDITOR)})


@staff_page(Role.VIEWER)
def assessment_detail(request, assessment_id):
    assessment = get_object_or_404(SelfAssessment.objects.prefetch_related("answers"),
                                   pk=assessment_id)
    scores = selectors.assessment_compared(assessment)
    found = evidence.known()
    answers = {a.criterion: a for a in assessment.answers.all()}
    texts = {c.code: c.text for c in quality.criteria(catalogue.country())}
    areas = []
    for area in scores["areas"]:
        rows = [{"code": code, "text": texts[code], "answer": answers.get(code),
                 "evidence": evidence.described(answers[code].evidence, found)
                 if code in answers else []}
                for code, *_rest in quality.CRITERIA[area["code"]]]
        areas.append({**area, "criteria": rows})
    return render(request, "funding/staff/quality_detail.html", {
        "assessment": assessment, "scores": scores, "areas": areas,
        "chart": _chart(assessment, scores),
        "can_edit": has_role(request_role(request), Role.EDITOR),
        "can_delete": has_role(request_role(request), Role.ADMIN)})


def _form(request, assessment=None):
    found = evidence.known()
    initial = (forms.SelfAssessmentForm.initial_from(assessment) if assessment else
               {"year": timezone.localdate().year})
    return forms.SelfAssessmentForm(
        request.POST or None, initial=initial,
        criteria=quality.criteria(catalogue.country()),
        evidence_choices=evidence.choices(found))


def _save(request, form, assessment=None):
    if request.method != "POST" or not form.is_valid():
        return None
    fields = {"year": form.cleaned_data["year"], "note": form.cleaned_data["note"],
              "answers": form.answers()}
    try:
        if assessment is None:
            return services.assessment_create(user=request.user, **fields)
        return services.assessment_update(user=request.user, assessment=assessment, **fields)
    except ValidationError as error:
        form_add_service_error(form, error)
    return None


@staff_page(Role.EDITOR)
def assessment_create(request):
    form = _form(request)
    saved = _save(request, form)
    if saved is not None:
        messages.success(request, _("The self-assessment for %(year)s has been saved.")
                         % {"year": saved.year})
        return redirect("funding:staff_quality", assessment_id=saved.pk)
    return render(request, "funding/staff/quality_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def assessment_edit(request, assessment_id):
    assessment = get_object_or_404(SelfAssessment.objects.prefetch_related("answers"),
                                   pk=assessment_id)
    form = _form(request, assessment)
    saved = _save(request, form, assessment)
    if saved is not None:
        messages.success(request, _("The self-assessment for %(year)s has been saved.")
                         % {"year": saved.year})
        return redirect("funding:staff_quality", assessment_id=saved.pk)
    return render(request, "funding/staff/quality_form.html", {
        "form": form, "assessment": assessment},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.ADMIN)
def assessment_delete(request, assessment_id):
    assessment = get_object_or_404(SelfAssessment, pk=assessment_id)
    if request.method != "POST":
        return render(request, "staff/confirm.html", {
            "title": _("Delete the self-assessment for %(year)s?") % {"year": assessment.year},
            "consequence": _("Its answers, comments and evidence will be deleted; the "
                             "coordinators' figures change at the next refresh."),
            "button": _("Yes, delete"),
            "back": reverse("funding:staff_quality", args=[assessment.pk])})
    services.assessment_delete(user=request.user, assessment=assessment)
    messages.success(request, _("The self-assessment for %(year)s has been deleted.")
                     % {"year": assessment.year})
    return redirect("funding:staff_quality_list")
