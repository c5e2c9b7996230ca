"""Reads of the needs surveys: lists for staff and the public, one survey by an id that came
from a user, and the results counted per question."""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenants.analysis.models import Answer, Question, Response, Survey

Kind = Question.Kind


def surveys_staff():
    return Survey.objects.annotate(answers_count=Count("responses", distinct=True),
                                   questions_count=Count("questions", distinct=True)
                                   ).order_by("-created_at", "-pk")


def survey_get(survey_id) -> Survey:
    return get_object_or_404(Survey, pk=survey_id)


def _public_filter(today) -> Q:
    """Open today, or its results published."""
    return Q(results_public=True) | (
        Q(state=Survey.State.OPEN) & (Q(opens_on__isnull=True) | Q(opens_on__lte=today))
        & (Q(closes_on__isnull=True) | Q(closes_on__gte=today)))


def surveys_public(today=None):
    return Survey.objects.filter(_public_filter(today or timezone.localdate()))


def survey_public_get(key) -> Survey:
    """A survey a resident may reach by its link: any but a draft (a closed one says it is
    closed, not "page not found", to whoever follows an old link)."""
    try:
        return Survey.objects.exclude(state=Survey.State.DRAFT).get(key=key)
    except (Survey.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def questions(survey: Survey) -> list[Question]:
    # An aggregate drops Meta.ordering: the order is said again.
    return list(survey.questions.prefetch_related("options").annotate(
        answers_count=Count("answers__response", distinct=True)).order_by("position", "pk"))


def question_get(survey: Survey, question_id) -> Question:
    return get_object_or_404(Question, survey=survey, pk=question_id)


def text_answers(question: Question):
    """Free-text answers, newest first (never e-mails: they are personal data)."""
    if question.kind != Kind.TEXT:
        return Answer.objects.none()
    return question.answers.order_by("-response__created_at", "-pk").values_list(
        "text", "response__created_at")


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class QuestionResult:
    question: Question
    answered: int  # respondents who answered it
    rows: list[dict] = field(default_factory=list)  # options or scale values: label, count, percent
    stats: dict | None = None  # numbers: mean, median, min, max
    texts: int = 0  # free texts or e-mails given


@dataclass
class Results:
    survey: Survey
    responses: int
    questions: list[QuestionResult]


def results(survey: Survey) -> Results:
    """Counts and percentages per option (of those who answered the question: a multiple
    choice adds up to more than 100), the distribution of a scale, the figures of a number;
    four queries whatever the size of the survey."""
    questions_ = list(survey.questions.prefetch_related("options"))
    answered = dict(Answer.objects.filter(question__survey=survey).values("question")
                    .annotate(n=Count("response", distinct=True)).values_list("question", "n"))
    chosen = {(q, o): n for q, o, n in Answer.objects.filter(
        question__survey=survey, option__isnull=False).values("question", "option")
        .annotate(n=Count("pk")).values_list("question", "option", "n")}
    numbers: dict[int, list[Decimal]] = {}
    for question_id, number in Answer.objects.filter(
            question__survey=survey, number__isnull=False).values_list("question", "number"):
        numbers.setdefault(question_id, []).append(number)
    found = []
    for question in questions_:
        n = answered.get(question.pk, 0)
        result = QuestionResult(question=question, answered=n)
        if question.kind in Question.CHOICES:
            result.rows = [{"label": o.label, "count": chosen.get((question.pk, o.pk), 0),
                            "percent": _percent(chosen.get((question.pk, o.pk), 0), n)}
                           for o in question.options.all()]
        elif question.kind == Kind.SCALE:
            values = numbers.get(question.pk, [])
            result.rows = [{"label": str(v), "count": values.count(v),
                            "percent": _percent(values.count(v), n)} for v in range(1, 6)]
            result.stats = _stats(values)
        elif question.kind == Kind.NUMBER:
            result.stats = _stats(numbers.get(question.pk, []))
        else:
            result.texts = n
        found.append(result)
    return Results(survey=survey, questions=found,
                   responses=Response.objects.filter(survey=survey).count())


def _stats(values: list[Decimal]) -> dict | None:
    if not values:
        return None
    two = Decimal("0.01")
    return {"mean": (sum(values) / len(values)).quantize(two, rounding=ROUND_HALF_UP),
            "median": Decimal(statistics.median(values)).quantize(two, rounding=ROUND_HALF_UP),
            "min": min(values), "max": max(values)}


def export_rows(survey: Survey):
    """(header, rows): one row per response, its time and one column per question (options
    chosen joined by "; "), oldest first, read in one pass."""
    questions_ = list(survey.questions.all())
    header = ["#", "time"] + [q.text for q in questions_]
    column = {q.pk: i for i, q in enumerate(questions_)}
    rows = []
    current, cells = None, None
    answers = (Answer.objects.filter(response__survey=survey)
               .order_by("response__created_at", "response", "option__position", "pk")
               .values_list("response", "response__created_at", "question", "option__label",
                            "number", "text"))
    for response, created, question, label, number, text in answers.iterator():
        if response != current:
            if cells is not None:
                rows.append(cells)
            current = response
            cells = [len(rows) + 1, timezone.localtime(created).replace(microsecond=0,
                                                                        tzinfo=None)]
            cells += [None] * len(questions_)
        index = 2 + column[question]
        if number is not None:
            number = int(number) if number == number.to_integral_value() else number.normalize()
        value = label if label is not None else number if number is not None else text
        if label is not None and cells[index]:
            cells[index] = f"{cells[index]}; {label}"
        else:
            cells[index] = value
    if cells is not None:
        rows.append(cells)
    return header, rows
