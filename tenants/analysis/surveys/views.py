"""Pages of the needs surveys: staff build, open, close and read them under /staff/surveys/;
residents answer on the public link /surveys/<key>/ without an account and read published
results. Thin: parse, call one service or selector, render."""

import csv
import tempfile

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub import csv_locale, ratelimit
from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.analysis.models import Survey
from tenants.analysis.surveys import forms, present, selectors, services

#: Surveys answered from this browser: a signed cookie listing their keys. It asks a second
#: answer to be a deliberate choice; it identifies nobody and is stored nowhere server-side.
COOKIE = "komplan_surveys"
COOKIE_SALT = "tenants.analysis.surveys"
COOKIE_DAYS = 365
TEXTS_PER_PAGE = 25


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


def _detail(survey_id) -> str:
    return reverse("analysis:survey_staff", args=[survey_id])


# Staff ---------------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def staff_list(request, form=None):
    page = Paginator(selectors.surveys_staff(), 25).get_page(request.GET.get("page"))
    return render(request, "analysis/surveys/staff_list.html", {
        "page": page, "can_edit": _can_edit(request),
        "form": form or forms.SurveyForm()}, status=400 if form is not None else 200)


@staff_page(Role.EDITOR)
@require_POST
def staff_create(request):
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        try:
            survey = services.survey_save(**form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The survey has been created. Add its questions."))
            return redirect(_detail(survey.pk))
    return staff_list(request, form=form)


def _detail_page(request, survey, *, survey_form=None, question_form=None, status=200):
    return render(request, "analysis/surveys/staff_detail.html", {
        "survey": survey, "questions": selectors.questions(survey),
        "answers": survey.responses.count(), "can_edit": _can_edit(request),
        "answerable": services.is_answerable(survey),
        "public_url": request.build_absolute_uri(reverse("analysis:survey_public",
                                                         args=[survey.key])),
        "survey_form": survey_form or forms.SurveyForm(instance=survey),
        "question_form": question_form or forms.QuestionForm(
            initial={"kind": "single"})}, status=status)


@staff_page(Role.VIEWER)
def staff_detail(request, survey_id):
    return _detail_page(request, selectors.survey_get(survey_id))


@staff_page(Role.EDITOR)
@require_POST
def survey_edit(request, survey_id):
    survey = selectors.survey_get(survey_id)
    form = forms.SurveyForm(request.POST, instance=selectors.survey_get(survey_id))
    if form.is_valid():
        try:
            services.survey_save(survey=survey, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect(_detail(survey.pk))
    return _detail_page(request, survey, survey_form=form, status=400)


@staff_page(Role.EDITOR)
def question_form(request, survey_id, question_id=None):
    survey = selectors.survey_get(survey_id)
    question = selectors.question_get(survey, question_id) if question_id else None
    if request.method != "POST":
        return render(request, "analysis/surveys/question_form.html", {
            "survey": survey, "question": question,
            "form": forms.QuestionForm.of(question) if question else forms.QuestionForm(
                initial={"kind": "single"})})
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_save(survey=survey, question=question, **form.values())
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect(_detail(survey.pk) + "#questions")
    if question is None:
        return _detail_page(request, survey, question_form=form, status=400)
    return render(request, "analysis/surveys/question_form.html", {
        "survey": survey, "question": question, "form": form}, status=400)


def _confirm(request, *, title, consequence, button, back):
    return render(request, "staff/confirm.html", {
        "title": title, "consequence": consequence, "button": button, "back": back})


@staff_page(Role.EDITOR)
def question_delete(request, survey_id, question_id):
    survey = selectors.survey_get(survey_id)
    question = selectors.question_get(survey, question_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete the question “%(q)s”?") % {"q": question},
                        consequence=_("The question is removed from the survey."),
                        button=_("Yes, delete the question"), back=_detail(survey.pk))
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect(_detail(survey.pk) + "#questions")


@staff_page(Role.EDITOR)
def survey_state(request, survey_id):
    """POST state=open opens at once; closing asks first (GET shows the question)."""
    survey = selectors.survey_get(survey_id)
    wanted = request.POST.get("state") or request.GET.get("state")
    if request.method != "POST" and wanted == "closed":
        return _confirm(request, title=_("Close the survey “%(s)s”?") % {"s": survey},
                        consequence=_("Residents can no longer answer it. The answers stay; "
                                      "you can open the survey again."),
                        button=_("Yes, close the survey"), back=_detail(survey.pk))
    if request.method != "POST":
        return redirect(_detail(survey.pk))
    try:
        if wanted == "open":
            services.survey_open(survey=survey)
            messages.success(request, _("The survey is open. Share its public link."))
        else:
            services.survey_close(survey=survey)
            messages.success(request, _("The survey is closed; its answers are kept."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_detail(survey.pk))


@staff_page(Role.EDITOR)
@require_POST
def survey_publish(request, survey_id):
    survey = selectors.survey_get(survey_id)
    public = request.POST.get("public") == "1"
    try:
        services.survey_publish_results(survey=survey, public=public)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The results are public now.") if public
                         else _("The results are no longer public."))
    return redirect(reverse("analysis:survey_results", args=[survey.pk]))


@staff_page(Role.EDITOR)
def survey_delete(request, survey_id):
    survey = selectors.survey_get(survey_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete the survey “%(s)s”?") % {"s": survey},
                        consequence=_("The survey and its questions are deleted for good. A "
                                      "survey that has answers cannot be deleted."),
                        button=_("Yes, delete the survey"), back=_detail(survey.pk))
    try:
        services.survey_delete(survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail(survey.pk))
    messages.success(request, _("The survey has been deleted."))
    return redirect("analysis:surveys_staff")


@staff_page(Role.VIEWER)
def staff_results(request, survey_id):
    survey = selectors.survey_get(survey_id)
    return render(request, "analysis/surveys/staff_results.html", {
        "survey": survey, "can_edit": _can_edit(request),
        **present.results_view(survey, texts_shown=5)})


@staff_page(Role.VIEWER)
def staff_texts(request, survey_id, question_id):
    survey = selectors.survey_get(survey_id)
    question = selectors.question_get(survey, question_id)
    page = Paginator(selectors.text_answers(question), TEXTS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "analysis/surveys/staff_texts.html", {
        "survey": survey, "question": question, "page": page})


def _filename(survey, extension: str) -> str:
    return f"{slugify(survey.title)[:60] or 'survey'}-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    def write(self, value):
        return value


@staff_page(Role.VIEWER)
def export_csv(request, survey_id):
    survey = selectors.survey_get(survey_id)
    header, rows = selectors.export_rows(survey)
    dialect = csv_locale.Dialect()
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter)
    header[1] = _("Time")
    lines = [dialect.BOM + writer.writerow([csv_locale.formula_safe(h) for h in header])]
    lines += [writer.writerow([csv_locale.formula_safe(dialect.value(v)) for v in row])
              for row in rows]
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    return response


@staff_page(Role.VIEWER)
def export_xlsx(request, survey_id):
    from openpyxl import Workbook  # imported on demand: only exports need it

    survey = selectors.survey_get(survey_id)
    header, rows = selectors.export_rows(survey)
    header[1] = _("Time")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Answers"))
    sheet.freeze_panes = "C2"
    sheet.append([csv_locale.formula_safe(h) for h in header])
    for row in rows:
        sheet.append([csv_locale.formula_safe(v) if isinstance(v, str) else v for v in row])
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename(survey, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# Public --------------------------------------------------------------------------------------

def _answered(request) -> list[str]:
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    return [key for key in value.split(",") if key]


@public_page
def public_list(request):
    surveys = list(selectors.surveys_public())
    open_ = [s for s in surveys if services.is_answerable(s)]
    return render(request, "analysis/surveys/public_list.html", {
        "open": open_, "published": [s for s in surveys if s.results_public
                                     and s not in open_]})


@public_page
def public_survey(request, key):
    survey = selectors.survey_public_get(key)
    answerable = services.is_answerable(survey)
    questions = selectors.questions(survey) if answerable else []
    already = str(survey.key) in _answered(request)
    form = forms.AnswerForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST" and answerable:
        if form.is_valid():
            if form.caught_bot():
                return redirect("analysis:survey_thanks", key=survey.key)  # a bot; say nothing
            if not ratelimit.submission_allowed(request, action="survey", subject_id=survey.pk):
                form.add_error(None, ratelimit.LIMITS["survey"].message)
            else:
                try:
                    services.response_submit(survey=survey, values=form.values(),
                                             consents=form.consents())
                except ValidationError as error:
                    form_add_service_error(form, error)
                else:
                    response = redirect("analysis:survey_thanks", key=survey.key)
                    keys = [k for k in _answered(request) if k != str(survey.key)][-40:]
                    response.set_signed_cookie(
                        COOKIE, ",".join(keys + [str(survey.key)]), salt=COOKIE_SALT,
                        max_age=COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=request.is_secure())
                    return response
        status = 400
    elif request.method == "POST":
        status = 400
    errors = [item for group in form.groups() for item in group["items"]
              if item["field"].errors] if form.is_bound else []
    return render(request, "analysis/surveys/public_survey.html", {
        "survey": survey, "answerable": answerable, "form": form, "groups": form.groups(),
        "not_yet": (survey.state == Survey.State.OPEN and survey.opens_on is not None
                    and survey.opens_on > timezone.localdate()),
        "errors": errors, "already": already and request.method != "POST"
        and request.GET.get("again") != "1"}, status=status)


@public_page
def public_thanks(request, key):
    survey = selectors.survey_public_get(key)
    return render(request, "analysis/surveys/public_thanks.html", {"survey": survey})


@public_page
def public_results(request, key):
    survey = selectors.survey_public_get(key)
    if not survey.results_public:
        return render(request, "analysis/surveys/public_results.html",
                      {"survey": survey, "published": False}, status=404)
    return render(request, "analysis/surveys/public_results.html", {
        "survey": survey, "published": True, **present.results_view(survey)})
