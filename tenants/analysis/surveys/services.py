"""Writes of the needs surveys: building a questionnaire, opening and closing it, publishing
its results, and taking one resident's answers — whole or nothing.

What a survey with answers allows (its answers are never lost): the wording of a question,
its hint, section, order and whether it is required; new questions; new options and new
wording of options. It refuses to delete a question or an option somebody chose, to change
a question's kind, and to delete the survey; closing it keeps every answer.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.analysis.models import Answer, Option, Question, Response, Survey

Kind = Question.Kind
#: The most a free-text answer keeps (a page of text); the form says so too.
TEXT_MAX = 4000
SCALE = range(1, 6)


def _has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


@transaction.atomic
def survey_save(*, title: str, audience: str = Survey.Audience.RESIDENTS, intro: str = "",
                opens_on: datetime.date | None = None, closes_on: datetime.date | None = None,
                survey: Survey | None = None) -> Survey:
    survey = survey or Survey()
    survey.title, survey.intro, survey.audience = title, intro, audience
    survey.opens_on, survey.closes_on = opens_on, closes_on
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey must close on or after the day it "
                                              "opens.")})
    survey.full_clean()
    survey.save()
    return survey


def survey_delete(*, survey: Survey) -> None:
    if _has_answers(survey):
        raise ValidationError(_("This survey has answers and cannot be deleted; close it "
                                "instead. Its answers stay for the analysis."))
    survey.delete()


@transaction.atomic
def survey_open(*, survey: Survey, today: datetime.date | None = None) -> Survey:
    today = today or timezone.localdate()
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_on and survey.closes_on < today:
        raise ValidationError({"closes_on": _("The survey's last day has passed; set a later "
                                              "one first.")})
    survey.state, survey.closed_at = Survey.State.OPEN, None
    survey.save(update_fields=["state", "closed_at", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    survey.state, survey.closed_at = Survey.State.CLOSED, timezone.now()
    survey.save(update_fields=["state", "closed_at", "updated_at"])
    return survey


@transaction.atomic
def survey_publish_results(*, survey: Survey, public: bool) -> Survey:
    if public and not _has_answers(survey):
        raise ValidationError(_("There are no answers to publish yet."))
    survey.results_public = public
    survey.save(update_fields=["results_public", "updated_at"])
    return survey


def _clean_options(kind: str, options: list[str]) -> list[str]:
    options = [o.strip() for o in options if o.strip()]
    if kind in Question.CHOICES:
        if len(options) < 2:
            raise ValidationError({"options": _("A choice needs at least two options, one per "
                                                "line.")})
        if len({o.casefold() for o in options}) != len(options):
            raise ValidationError({"options": _("Each option may be given only once.")})
        too_long = [o for o in options if len(o) > 200]
        if too_long:
            raise ValidationError({"options": _("An option may have at most 200 characters: "
                                                "“%(option)s…”.") % {"option": too_long[0][:40]}})
    return options if kind in Question.CHOICES else []


@transaction.atomic
def question_save(*, survey: Survey, text: str, kind: str, required: bool = False,
                  section: str = "", help_text: str = "", options: list[str] | None = None,
                  position: int | None = None, question: Question | None = None) -> Question:
    """Add or change a question. ``options``: the labels in order; on a question already
    answered, an option keeps its answers under its new label (line by line), new lines are
    new options, and a line removed whose option was chosen is refused."""
    options = _clean_options(kind, options or [])
    if question is not None and question.kind != kind and question.answers.exists():
        raise ValidationError({"kind": _("This question has answers: its kind cannot change. "
                                         "Add a new question instead.")})
    if question is None:
        last = survey.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(survey=survey, position=(last or 0) + 1)
    if position is not None:
        question.position = position
    question.text, question.kind, question.required = text, kind, required
    question.section, question.help_text = section, help_text
    question.full_clean()
    question.save()
    kept = list(question.options.order_by("position", "pk"))
    gone = kept[len(options):]
    chosen = [o.label for o in gone if o.answers.exists()]
    if chosen:
        raise ValidationError({"options": _("These options have been chosen and cannot be "
                                            "removed: %(options)s.") % {
            "options": ", ".join(f"“{label}”" for label in chosen)}})
    for option in gone:
        option.delete()
    for index, label in enumerate(options):
        option = kept[index] if index < len(kept) else Option(question=question)
        option.label, option.position = label, index + 1
        option.full_clean()
        option.save()
    return question


def question_delete(*, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("This question has answers and cannot be deleted."))
    question.delete()


def is_answerable(survey: Survey, today: datetime.date | None = None) -> bool:
    """Open, and today inside its period."""
    today = today or timezone.localdate()
    return (survey.state == Survey.State.OPEN
            and (survey.opens_on is None or survey.opens_on <= today)
            and (survey.closes_on is None or today <= survey.closes_on))


def _field(question: Question) -> str:
    return f"q{question.pk}"


def _answer_rows(question: Question, value, consent: bool) -> list[Answer]:
    """The rows of one question's answer, or a ValidationError in the respondent's words."""
    empty = value in (None, "", [], ())
    if empty:
        if question.required:
            raise ValidationError(_("Please answer this question."))
        return []
    if question.kind in Question.CHOICES:
        ids = value if isinstance(value, list | tuple) else [value]
        if question.kind == Kind.SINGLE and len(ids) != 1:
            raise ValidationError(_("Choose one answer."))
        options = {o.pk: o for o in question.options.all()}
        try:
            picked = [options[int(i)] for i in dict.fromkeys(ids)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(_("Choose from the options offered.")) from None
        return [Answer(question=question, option=o) for o in picked]
    if question.kind in (Kind.SCALE, Kind.NUMBER):
        try:
            number = Decimal(str(value).replace(",", ".").replace("\u00a0", "").strip())
        except ArithmeticError:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number."))
        if question.kind == Kind.SCALE and number not in SCALE:
            raise ValidationError(_("Choose a value from 1 to 5."))
        if abs(number) >= Decimal("1e10") or number != round(number, 2):
            raise ValidationError(_("Enter a number with at most two decimal places."))
        return [Answer(question=question, number=number)]
    text = str(value).strip()
    if question.kind == Kind.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None
        if not consent:
            raise ValidationError(_("Tick the consent to leave your e-mail, or leave the "
                                    "e-mail empty."))
    elif len(text) > TEXT_MAX:
        raise ValidationError(_("Please shorten the answer to %(max)s characters.") % {
            "max": TEXT_MAX})
    return [Answer(question=question, text=text)]


@transaction.atomic
def response_submit(*, survey: Survey, values: dict[int, object],
                    consents: frozenset[int] = frozenset(),
                    today: datetime.date | None = None) -> Response:
    """Store one respondent's answers: ``values`` by question id (an option id or a list of
    them, a number, a text); ``consents``: the e-mail questions whose consent was ticked.
    Every question is checked first; any error stores nothing and names its question
    (``q<id>``)."""
    if not is_answerable(survey, today):
        raise ValidationError(_("This survey is not taking answers now."))
    questions = list(survey.questions.prefetch_related("options"))
    unknown = set(values) - {q.pk for q in questions}
    if unknown:
        raise ValidationError(_("The form does not match the survey any more; reload the page "
                                "and answer again."))
    rows, errors = [], {}
    for question in questions:
        try:
            rows += _answer_rows(question, values.get(question.pk), question.pk in consents)
        except ValidationError as error:
            errors[_field(question)] = error.messages
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Please answer at least one question."))
    response = Response.objects.create(survey=survey)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response
