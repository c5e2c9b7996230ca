"""Progress arithmetic: entry → measure → priority → plan, by weights; "not applicable" and
cancelled entries are left out, never counted as zero. Pure functions on plain values."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tenants.plans.models import Status

FIXED_PERCENT = {
    Status.FULFILLED: Decimal(100),
    Status.NOT_STARTED: Decimal(0),
    Status.NOT_FULFILLED: Decimal(0),
}
EXCLUDED = {Status.NOT_APPLICABLE, Status.CANCELLED}
NEEDS_PERCENT = {Status.IN_PROGRESS, Status.PARTIAL}


def entry_percent(status: str, progress: int | None) -> Decimal | None:
    """The % an evaluated entry contributes, or None when it is left out of the roll-up."""
    if status in EXCLUDED:
        return None
    if status in FIXED_PERCENT:
        return FIXED_PERCENT[status]
    return Decimal(progress) if progress is not None else None


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """Σ wᵢ·pᵢ / Σ wᵢ over the pairs that have a value and a positive weight; None if none."""
    total = weights = Decimal(0)
    for weight, percent in pairs:
        if percent is None or weight <= 0:
            continue
        total += weight * percent
        weights += weight
    return total / weights if weights else None


def rounded(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else percent.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Progress:
    plan: Decimal | None
    priorities: dict[int, Decimal | None]
    measures: dict[int, Decimal | None]


def plan_progress(plan, evaluation) -> Progress:
    """Roll one evaluation up through the plan's tree (3 queries whatever its size)."""
    entries = list(evaluation.entries.all()) if evaluation else []
    by_measure = {e.measure_id: entry_percent(e.status, e.progress) for e in entries if e.measure_id}
    measure_has_entry = {e.measure_id for e in entries if e.measure_id}
    by_activity = {e.activity_id: entry_percent(e.status, e.progress)
                   for e in entries if e.activity_id}
    priorities = list(plan.priorities.prefetch_related("measures__activities"))
    measures: dict[int, Decimal | None] = {}
    per_priority: dict[int, Decimal | None] = {}
    for priority in priorities:
        for measure in priority.measures.all():
            if measure.pk in measure_has_entry:
                # The measure was evaluated as a whole: that verdict stands (even "n/a").
                measures[measure.pk] = by_measure[measure.pk]
            else:
                measures[measure.pk] = weighted_mean(
                    (a.weight, by_activity.get(a.pk)) for a in measure.activities.all())
        per_priority[priority.pk] = weighted_mean(
            (m.weight, measures[m.pk]) for m in priority.measures.all())
    overall = weighted_mean((p.weight, per_priority[p.pk]) for p in priorities)
    return Progress(plan=overall, priorities=per_priority, measures=measures)
