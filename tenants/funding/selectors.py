"""Reads of funding rounds (staff lists, the public results, a round's history) and of the
self-assessments of the planning with their scores."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from tenants.funding import quality
from tenants.funding.models import Application, Round, SelfAssessment
from tenants.history.models import Change


def rounds_for_staff() -> QuerySet[Round]:
    return Round.objects.annotate(
        application_count=Count("applications"), requested_total=Sum("applications__requested"))


def rounds_published() -> QuerySet[Round]:
    """What anyone may read: published rounds only."""
    return Round.objects.filter(state=Round.State.PUBLISHED)


def round_published_get(round_id: int) -> Round:
    round_ = rounds_published().filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


RESULT_ORDER = ("-allocated", "-score", "service_name", "pk")


def results(round_: Round) -> QuerySet[Application]:
    """A round's applications, the best funded first."""
    return round_.applications.order_by(*RESULT_ORDER)


def rounds_published_with_results() -> QuerySet[Round]:
    """Published rounds with their criteria and ``result_lines`` (as ``results``) fetched in
    two queries for the whole list, not two per round."""
    return rounds_published().prefetch_related("criteria", Prefetch(
        "applications", queryset=Application.objects.order_by(*RESULT_ORDER),
        to_attr="result_lines"))


def round_history(round_: Round) -> QuerySet[Change]:
    application_ids = list(round_.applications.values_list("pk", flat=True))
    return Change.objects.filter(
        Q(subject="funding.round", object_id=round_.pk)
        | Q(subject="funding.application", object_id__in=application_ids)).select_related("user")


def assessment_scores(assessment: SelfAssessment) -> dict:
    """``quality.scores`` of one self-assessment (uses prefetched answers when there are)."""
    return quality.scores({a.criterion: a.status for a in assessment.answers.all()})


def assessments_with_scores() -> list[dict]:
    """Every self-assessment, the newest first, with its scores compared to the year before
    it (the previous year's assessment if there is one) and its weakest area:
    [{assessment, scores, weakest}]."""
    found = list(SelfAssessment.objects.prefetch_related("answers"))
    by_year = {a.year: assessment_scores(a) for a in found}
    rows = []
    for a in found:
        scored = [area for area in by_year[a.year]["areas"] if area["score"] is not None]
        rows.append({"assessment": a,
                     "scores": quality.compare(by_year[a.year], by_year.get(a.year - 1)),
                     "weakest": min(scored, key=lambda area: area["score"]) if scored
                     else None})
    return rows


def assessment_compared(assessment: SelfAssessment) -> dict:
    """One self-assessment's scores compared with the previous year's."""
    previous = (SelfAssessment.objects.filter(year=assessment.year - 1)
                .prefetch_related("answers").first())
    return quality.compare(assessment_scores(assessment),
                           assessment_scores(previous) if previous else None)


def assessment_latest(today_year: int) -> SelfAssessment | None:
    """The newest self-assessment of a year up to ``today_year``."""
    return (SelfAssessment.objects.filter(year__lte=today_year).prefetch_related("answers")
            .order_by("-year").first())
