"""What documents print from the plans (contract: PlansConfig.print_data): JSON-ready data,
strings already in the active language. Runs inside the municipality's schema.

A subject that does not exist (any more) gives None; the caller says what that means to a
person. ``plan_data``/``action_plan_data``/``evaluation_data`` feed the Typst templates;
``plan_title``/``action_plan_title``/``evaluation_title`` name the documents;
``printable()`` lists what can be printed, newest plan first.
"""

import html
import re

from django.db import connection
from django.dispatch import Signal
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from hub import numbers
from tenants.plans import lifecycle, notes, rollup, selectors
from tenants.plans.models import ActionPlan, Evaluation, Plan, PlanSection

#: The kinds of document made from plans (the documents app's names for them).
PLAN, ACTION_PLAN, EVALUATION = "plan", "action-plan", "evaluation"

#: Sent inside the writer's transaction when a plan, action plan or evaluation became public
#: or its public state changed (approved, in force, ended, closed, published), with
#: ``kind`` and ``subject_id``: the documents app makes the PDF residents download again.
public_changed = Signal()


def announce(kind: str, subject_id: int) -> None:
    public_changed.send(sender=kind, kind=kind, subject_id=subject_id)


def _number(value, digits=2) -> str | None:
    if value is None:
        return None
    return formats.number_format(value, digits, use_l10n=True, force_grouping=True)


def _count(value) -> str | None:
    """An indicator's value as people write it: "28", "12,5", "1 234" — not "28,00"."""
    return None if value is None else numbers.number(value)


def _money(value) -> str | None:
    """"5 000,00 €" / "5 000,00 Kč": the municipality's currency."""
    return None if value is None else numbers.money(value, connection.tenant.country)


def _percent(value) -> dict | None:
    """{value, label}: the number draws the bar, the label is written in local format."""
    return None if value is None else {"value": float(value), "label": _number(value, 1)}


def _date(value) -> str | None:
    return None if value is None else formats.date_format(value, "SHORT_DATE_FORMAT")


def _paragraphs(rich_text: str) -> list[str]:
    """Sanitised rich text → plain paragraphs (the PDF does its own typesetting)."""
    parts = re.split(r"(?i)</p>|<br\s*/?>|</li>|</h\d>|\n\s*\n", rich_text or "")
    return [text for text in (html.unescape(strip_tags(p)).strip() for p in parts) if text]


# What can be printed, and its name ---------------------------------------------------------

def printable() -> list[dict]:
    """Every plan, newest first, with the ids and years of its action plans and evaluations:
    [{"id", "title", "action_plans": [(id, year)], "evaluations": [(id, year)]}]."""
    return [{"id": plan.pk, "title": plan.title,
             "action_plans": list(ActionPlan.objects.filter(plan=plan).order_by("year")
                                  .values_list("pk", "year")),
             "evaluations": list(Evaluation.objects.filter(plan=plan).order_by("year")
                                 .values_list("pk", "year"))}
            for plan in Plan.objects.order_by("-year_from", "-version")]


def _public_plans():
    """Plans residents read as documents: approved ones (and those since ended), never a
    draft or a plan still in public discussion."""
    return Plan.objects.filter(status__in=lifecycle.OPERATIONAL)


def _public_action_plans():
    return ActionPlan.objects.filter(plan__in=_public_plans(), status__in=[
        ActionPlan.Status.APPROVED, ActionPlan.Status.CLOSED])


def _public_evaluations():
    return Evaluation.objects.filter(plan__in=_public_plans(), published_at__isnull=False)


def publishable() -> list[dict]:
    """What residents may download, newest plan first: [{"id", "title", "state",
    "action_plans": [(id, year)], "evaluations": [(id, year)]}]."""
    action_plans, evaluations = {}, {}
    for pk, plan_id, year in _public_action_plans().order_by("year").values_list(
            "pk", "plan_id", "year"):
        action_plans.setdefault(plan_id, []).append((pk, year))
    for pk, plan_id, year in _public_evaluations().order_by("year").values_list(
            "pk", "plan_id", "year"):
        evaluations.setdefault(plan_id, []).append((pk, year))
    return [{"id": plan.pk, "title": str(plan), "state": plan.get_state_now_display(),
             "action_plans": action_plans.get(plan.pk, []),
             "evaluations": evaluations.get(plan.pk, [])}
            for plan in _public_plans().order_by("-year_from", "-version")]


def is_public(kind: str, subject_id) -> bool:
    """Whether residents may read this document now (judged again at every download)."""
    queryset = {PLAN: _public_plans, ACTION_PLAN: _public_action_plans,
                EVALUATION: _public_evaluations}.get(kind)
    return queryset is not None and queryset().filter(pk=subject_id).exists()


def plan_in_force_id() -> int | None:
    return selectors.plans_in_force().values_list("pk", flat=True).first()


def plan_title(plan_id) -> str | None:
    return Plan.objects.filter(pk=plan_id).values_list("title", flat=True).first()


def action_plan_title(action_plan_id) -> str | None:
    ap = ActionPlan.objects.select_related("plan").filter(pk=action_plan_id).first()
    if ap is None:
        return None
    return _("Action plan %(year)s") % {"year": ap.year} + f" — {ap.plan.title}"


def evaluation_title(evaluation_id) -> str | None:
    ev = Evaluation.objects.select_related("plan").filter(pk=evaluation_id).first()
    if ev is None:
        return None
    return _("Evaluation report %(year)s") % {"year": ev.year} + f" — {ev.plan.title}"


# The data of each document -----------------------------------------------------------------

def plan_data(plan_id) -> dict | None:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return None
    sections = {s.kind: s.body for s in plan.sections.all()}
    priorities = []
    for priority in selectors.plan_tree(plan):
        measures = []
        for m in priority.measures.all():
            measures.append({
                "number": m.code, "title": m.title, "description": m.description,
                "responsible": m.responsible, "partners": m.partners,
                "target_groups": [t.name for t in m.target_groups.all()],
                "service_types": m.service_types,
                "budget": [{"year": b.year, "source": b.source, "amount": _money(b.amount)}
                           for b in m.budget_lines.all()],
                "indicators": [{"name": i.name, "unit": i.unit, "baseline": _count(i.baseline),
                                "targets": [{"year": str(y), "value": _count(v)}
                                            for y, v in sorted(i.targets.items())]}
                               for i in m.indicators.all()],
                "activities": [{"number": a.code, "title": a.title,
                                "responsible": a.responsible} for a in m.activities.all()],
            })
        priorities.append({"number": priority.number, "title": priority.title,
                           "description": priority.description,
                           "target_groups": [t.name for t in priority.target_groups.all()],
                           "measures": measures})
    title = plan.title + (f" — {plan.amendment_label}" if plan.amendment_label else "")
    return {
        "plan": {"title": title, "period": f"{plan.year_from}–{plan.year_to}",
                 "legal_basis": plan.get_legal_basis_display(),
                 "status": plan.get_state_now_display(), "vision": plan.vision,
                 "resolution": " ".join(filter(None, [plan.resolution_number,
                                                      _date(plan.resolution_date)])),
                 "in_force_from": _date(plan.in_force_from)},
        "sections": [{"title": str(label), "paragraphs": _paragraphs(sections[kind])}
                     for kind, label in PlanSection.Kind.choices if sections.get(kind)],
        "priorities": priorities,
    }


def action_plan_data(action_plan_id) -> dict | None:
    ap = ActionPlan.objects.select_related("plan").filter(pk=action_plan_id).first()
    if ap is None:
        return None
    groups: dict[int, dict] = {}
    for item in ap.items.select_related("activity__measure__priority"):
        measure = item.activity.measure
        group = groups.setdefault(measure.pk, {"number": measure.code, "title": measure.title,
                                               "items": []})
        group["items"].append({
            "number": item.activity.code, "title": item.activity.title,
            "deadline": _date(item.deadline), "responsible": item.responsible,
            "budget": _money(item.budget), "done": item.done,
            "carried_over": item.carried_over_from_id is not None})
    return {
        "action_plan": {"title": _("Action plan %(year)s") % {"year": ap.year},
                        "plan_title": ap.plan.title, "year": ap.year,
                        "status": ap.get_state_now_display(), "note": ap.note},
        "measures": list(groups.values()),
    }


def evaluation_data(evaluation_id) -> dict | None:
    ev = Evaluation.objects.select_related("plan").filter(pk=evaluation_id).first()
    if ev is None:
        return None
    progress = rollup.plan_progress(ev.plan, ev)
    entries = {e.measure_id: e for e in ev.entries.all() if e.measure_id}
    actual = {v.indicator_id: v.value for v in ev.indicator_values.all()}
    priorities = []
    tree = selectors.plan_tree(ev.plan)
    # Only what residents may read: the report is published with the evaluation.
    noted = notes.measure_notes([m.pk for p in tree for m in p.measures.all()], public=True)
    for priority in tree:
        measures = []
        for m in priority.measures.all():
            entry = entries.get(m.pk)
            measures.append({
                "number": m.code, "title": m.title,
                "status": entry.get_status_display() if entry else _("not evaluated"),
                "progress": _percent(rollup.rounded(progress.measures.get(m.pk))),
                "spending": _money(entry.spending) if entry else None,
                "narrative": entry.narrative if entry else "",
                "notes": noted.get(m.pk, []),
                "indicators": [{"name": i.name, "unit": i.unit, "baseline": _count(i.baseline),
                                "target": _count(i.targets.get(str(ev.year))),
                                "actual": _count(actual.get(i.pk))}
                               for i in m.indicators.all()],
            })
        priorities.append({"number": priority.number, "title": priority.title,
                           "progress": _percent(rollup.rounded(progress.priorities.get(priority.pk))),
                           "measures": measures})
    return {
        "evaluation": {"title": _("Evaluation report %(year)s") % {"year": ev.year},
                       "plan_title": ev.plan.title, "year": ev.year,
                       "progress": _percent(rollup.rounded(progress.plan)),
                       "summary": _paragraphs(ev.summary)},
        "priorities": priorities,
    }
