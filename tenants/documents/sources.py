"""What each document is made of: JSON-ready data for its Typst template, in the
municipality's language. Runs inside the municipality's schema (a worker or a request).

``document_source(document) -> (template, data)``; ``input_hash(data)`` decides whether the
data changed since the last version (the generation date is not part of it).
"""

import datetime
import hashlib
import html
import json
import re

from django.db import connection
from django.utils import formats, timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tenants.documents.models import Kind

AUDIENCES = {
    Kind.LEAFLET_SENIORS: "seniors",
    Kind.LEAFLET_DISABILITY: "disability",
    Kind.LEAFLET_FAMILIES: "families",
    Kind.LEAFLET_CRISIS: "crisis",
}


class SourceUnavailable(Exception):
    """The data this document needs does not exist (any more); the message is for a person."""


def _labels() -> dict:
    return {
        "page": _("Page"), "of": _("of"), "generated": _("Generated on"),
        "contents": _("Contents"), "about": _("About the plan"),
        "legal_basis": _("Legal basis"), "period": _("Period"), "state": _("State"),
        "resolution": _("Council resolution"), "in_force_from": _("In force from"),
        "vision": _("Vision"), "priorities": _("Priorities and measures"),
        "target_groups": _("Target groups"), "responsible": _("Responsible"),
        "partners": _("Partners"), "service_types": _("Service types"), "year": _("Year"),
        "source": _("Source"), "amount": _("Amount"), "indicator": _("Indicator"),
        "unit": _("Unit"), "baseline": _("Baseline"), "targets": _("Targets"),
        "target": _("Target"), "actual": _("Actual"), "activities": _("Activities"),
        "activity": _("Activity"), "plan": _("Plan"), "number": _("No."),
        "deadline": _("Deadline"), "budget": _("Budget"), "done": _("Done"),
        "carried_over": _("carried over"), "yes": _("yes"), "no": _("no"),
        "empty": _("Nothing to list yet."), "summary": _("Summary"),
        "overall_progress": _("Overall progress"),
        "progress_by_priority": _("Progress by priority"), "priority": _("Priority"),
        "measure": _("Measure"), "progress": _("Progress"), "spending": _("Spending"),
        "updated": _("Updated"), "index_by_place": _("Index by place"),
        "phone": _("Tel."), "email": _("E-mail"), "web": _("Web"), "hours": _("Hours"),
        "capacity": _("Capacity"), "form": _("Form"), "fees": _("Fees"),
        "eligibility": _("Who can use it"), "ico": _("ID No."),
        "where_to_turn": _("Where to turn first"),
    }


def _number(value, digits=2) -> str | None:
    if value is None:
        return None
    return formats.number_format(value, digits, use_l10n=True, force_grouping=True)


def _percent(value) -> dict | None:
    """{value, label}: the number draws the bar, the label is written in local format."""
    return None if value is None else {"value": float(value), "label": _number(value, 1)}


def _date(value) -> str | None:
    return None if value is None else formats.date_format(value, "SHORT_DATE_FORMAT")


def _paragraphs(rich_text: str) -> list[str]:
    """Sanitised rich text → plain paragraphs (the PDF does its own typesetting)."""
    parts = re.split(r"(?i)</p>|<br\s*/?>|</li>|</h\d>|\n\s*\n", rich_text or "")
    return [text for text in (html.unescape(strip_tags(p)).strip() for p in parts) if text]


def input_hash(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def document_source(document) -> tuple[str, dict]:
    """(template name, data without the generation date) for ``document``."""
    municipality = connection.tenant
    with translation.override(municipality.language):
        if document.kind == Kind.PLAN:
            template, data = "plan", _plan_data(document.subject_id)
        elif document.kind == Kind.ACTION_PLAN:
            template, data = "action_plan", _action_plan_data(document.subject_id)
        elif document.kind == Kind.EVALUATION:
            template, data = "evaluation", _evaluation_data(document.subject_id)
        elif document.kind == Kind.CATALOGUE:
            template, data = "catalogue", _catalogue_data(None)
            data["title"] = _("Catalogue of social services")
        else:
            template, data = "leaflet", _leaflet_data(document.kind, municipality)
        data.update(municipality=municipality.name, language=municipality.language,
                    labels=_labels())
    return template, data


def with_generation_date(data: dict) -> dict:
    with translation.override(data["language"]):
        return {**data, "generated_on": formats.date_format(timezone.localdate(), "DATE_FORMAT")}


# Plans -------------------------------------------------------------------------------------

def _plan(plan_id):
    from tenants.plans.models import Plan

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise SourceUnavailable(_("The plan this document was made from no longer exists."))
    return plan


def _plan_data(plan_id) -> dict:
    from tenants.plans import selectors
    from tenants.plans.models import PlanSection

    plan = _plan(plan_id)
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
                "budget": [{"year": b.year, "source": b.source, "amount": _number(b.amount)}
                           for b in m.budget_lines.all()],
                "indicators": [{"name": i.name, "unit": i.unit, "baseline": _number(i.baseline),
                                "targets": [{"year": str(y), "value": str(v)}
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
                 "status": plan.get_status_display(), "vision": plan.vision,
                 "resolution": " ".join(filter(None, [plan.resolution_number,
                                                      _date(plan.resolution_date)])),
                 "in_force_from": _date(plan.in_force_from)},
        "sections": [{"title": str(label), "paragraphs": _paragraphs(sections[kind])}
                     for kind, label in PlanSection.Kind.choices if sections.get(kind)],
        "priorities": priorities,
    }


def _action_plan_data(action_plan_id) -> dict:
    from tenants.plans.models import ActionPlan

    ap = ActionPlan.objects.select_related("plan").filter(pk=action_plan_id).first()
    if ap is None:
        raise SourceUnavailable(_("The action plan this document was made from no longer exists."))
    groups: dict[int, dict] = {}
    for item in ap.items.select_related("activity__measure__priority"):
        measure = item.activity.measure
        group = groups.setdefault(measure.pk, {"number": measure.code, "title": measure.title,
                                               "items": []})
        group["items"].append({
            "number": item.activity.code, "title": item.activity.title,
            "deadline": _date(item.deadline), "responsible": item.responsible,
            "budget": _number(item.budget), "done": item.done,
            "carried_over": item.carried_over_from_id is not None})
    return {
        "action_plan": {"title": _("Action plan %(year)s") % {"year": ap.year},
                        "plan_title": ap.plan.title, "year": ap.year,
                        "status": ap.get_status_display(), "note": ap.note},
        "measures": list(groups.values()),
    }


def _evaluation_data(evaluation_id) -> dict:
    from tenants.plans import rollup, selectors
    from tenants.plans.models import Evaluation

    ev = Evaluation.objects.select_related("plan").filter(pk=evaluation_id).first()
    if ev is None:
        raise SourceUnavailable(_("The evaluation this report was made from no longer exists."))
    progress = rollup.plan_progress(ev.plan, ev)
    entries = {e.measure_id: e for e in ev.entries.all() if e.measure_id}
    actual = {v.indicator_id: v.value for v in ev.indicator_values.all()}
    priorities = []
    for priority in selectors.plan_tree(ev.plan):
        measures = []
        for m in priority.measures.all():
            entry = entries.get(m.pk)
            measures.append({
                "number": m.code, "title": m.title,
                "status": entry.get_status_display() if entry else _("not evaluated"),
                "progress": _percent(rollup.rounded(progress.measures.get(m.pk))),
                "spending": _number(entry.spending) if entry else None,
                "narrative": entry.narrative if entry else "",
                "indicators": [{"name": i.name, "unit": i.unit, "baseline": _number(i.baseline),
                                "target": i.targets.get(str(ev.year)),
                                "actual": _number(actual.get(i.pk))}
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


# Catalogue and leaflets (data from tenants/catalogue, issue 6) -----------------------------

def _catalogue_data(audience) -> dict:
    try:
        from tenants.catalogue.print_data import catalogue_print_data
    except ImportError as error:
        raise SourceUnavailable(_("The provider catalogue is not available yet.")) from error
    data = catalogue_print_data(audience=audience)
    data.pop("municipality", None)
    data.pop("language", None)
    if data.get("updated_at"):
        updated = datetime.datetime.fromisoformat(data["updated_at"])
        data["updated_at"] = formats.date_format(timezone.localtime(updated)
                                                 if timezone.is_aware(updated) else updated,
                                                 "DATE_FORMAT")
    return data


LEAFLET_TEXT = {
    Kind.LEAFLET_SENIORS: (
        gettext_noop("Help for seniors and their carers"),
        gettext_noop("Care at home, day centres, residential care, meals, transport and advice for "
        "older people and for the families who look after them.")),
    Kind.LEAFLET_DISABILITY: (
        gettext_noop("Help for persons with disabilities"),
        gettext_noop("Support for independent living, personal assistance, day care, sheltered housing, "
        "special counselling and aids.")),
    Kind.LEAFLET_FAMILIES: (
        gettext_noop("Help for families with children"),
        gettext_noop("Counselling, early intervention, family support and crisis help for parents and "
        "children in difficulty.")),
    Kind.LEAFLET_CRISIS: (
        gettext_noop("Help in crisis, homelessness or debt"),
        gettext_noop("Shelters, night shelters, low-threshold centres, social and debt counselling and "
        "emergency help.")),
}


def _leaflet_data(kind, municipality) -> dict:
    title, intro = LEAFLET_TEXT[kind]
    data = _catalogue_data(AUDIENCES[kind])
    # The catalogue-wide date would make every leaflet "changed" when any service changes.
    data.pop("updated_at", None)
    contact = _("Social affairs department of %(name)s") % {"name": municipality.name}
    if municipality.kpss_email:
        contact += f", {_('E-mail')}: {municipality.kpss_email}"
    data.update(title=_(title), intro=_(intro), where_to_turn=contact + ". " + _(
        "They will tell you which service fits and help you apply."))
    return data
