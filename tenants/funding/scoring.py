"""Scores of a round's applications: staff points and computed criteria, weighted to 0–100."""

from decimal import ROUND_HALF_UP, Decimal

from tenants.funding.models import Application, Criterion, Round, Score

CENT = Decimal("0.01")
ZERO = Decimal(0)


def _fractions(criterion: Criterion, applications: list[Application]) -> dict[int, Decimal]:
    """A computed criterion's share of its points (0–1) for each application."""
    kind = Criterion.Kind
    if criterion.kind == kind.IN_PLAN:
        return {a.pk: Decimal(1 if a.measure_id else 0) for a in applications}
    if criterion.kind == kind.CAPACITY:
        top = max((a.capacity for a in applications), default=0)
        return {a.pk: Decimal(a.capacity) / top if top else ZERO for a in applications}
    if criterion.kind == kind.COST_PER_UNIT:
        per_unit = {a.pk: a.costs / a.capacity for a in applications
                    if a.capacity and a.costs > 0}
        cheapest = min(per_unit.values(), default=None)
        return {a.pk: cheapest / per_unit[a.pk] if a.pk in per_unit else ZERO
                for a in applications}
    if criterion.kind == kind.COFINANCING:
        return {a.pk: min(Decimal(1), a.other_sources / a.costs) if a.costs > 0 else ZERO
                for a in applications}
    raise ValueError(criterion.kind)


def round_scores(round_: Round) -> tuple[dict[int, dict], list[tuple[Application, Criterion]]]:
    """({application id: {"score": Decimal, "parts": [...]}}, [(application, criterion) still
    missing a staff score])."""
    applications = list(round_.applications.all())
    criteria = list(round_.criteria.all())
    given = {(s.application_id, s.criterion_id): s
             for s in Score.objects.filter(application__round=round_)}
    missing = []
    result = {a.pk: {"score": ZERO, "parts": []} for a in applications}
    for criterion in criteria:
        computed = None if criterion.kind == Criterion.Kind.SCORED else \
            _fractions(criterion, applications)
        for application in applications:
            if computed is None:
                score = given.get((application.pk, criterion.pk))
                if score is None:
                    missing.append((application, criterion))
                    continue
                points, reason = score.points, score.reason
            else:
                points = (computed[application.pk] * criterion.max_points).quantize(
                    CENT, ROUND_HALF_UP)
                reason = ""
            contribution = criterion.weight * points / criterion.max_points
            entry = result[application.pk]
            entry["score"] += contribution
            entry["parts"].append({
                "criterion": criterion.pk, "name": criterion.name, "kind": criterion.kind,
                "weight": str(criterion.weight), "points": str(points),
                "max_points": criterion.max_points, "reason": reason,
                "contribution": str(contribution.quantize(CENT, ROUND_HALF_UP))})
    for entry in result.values():
        entry["score"] = entry["score"].quantize(CENT, ROUND_HALF_UP)
    return result, missing
