"""What each document is made of: JSON-ready data for its Typst template, in the
municipality's language. Runs inside the municipality's schema (a worker or a request).

``document_source(document) -> (template, data)``; ``input_hash(data)`` decides whether the
data changed since the last version (the generation date is not part of it).
"""

import datetime
import hashlib
import json

from django.db import connection
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hub import plugins
from tenants.documents.models import SUBJECT_KINDS, Kind

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
        elif document.kind == Kind.NETWORK:
            template, data = "network", _network_data(document.subject_id)
        elif document.kind == Kind.CATALOGUE:
            template, data = "catalogue", _catalogue_data(None)
            data["title"] = _("Catalogue of social services")
        else:
            template, data = "leaflet", _leaflet_data(document.kind, municipality)
        data.update(municipality=municipality.name, language=municipality.language,
                    labels=_labels())
        if document.kind in SUBJECT_KINDS:
            # Part of the hash: publishing makes a new version even when nothing else changed.
            data["public"] = subject_is_public(document.kind, document.subject_id)
    return template, data


def with_generation_date(data: dict) -> dict:
    with translation.override(data["language"]):
        return {**data, "generated_on": formats.date_format(timezone.localdate(), "DATE_FORMAT")}


# Plans and the catalogue print what their AppConfig declares as `print_data` -------------

def plans_print():
    """The plans' print data (tenants/plans/print_data.py), found through its AppConfig."""
    module = plugins.offer("plans", "print_data")
    if module is None:
        raise RuntimeError("Documents of plans need the plans app (tenants.plans) installed.")
    return module


def network_print():
    """The analysis' print data (tenants/analysis/print_data.py): optimal network
    descriptions; None when the analysis app is not installed."""
    return plugins.offer("analysis", "print_data")


def subject_is_public(kind: str, subject_id) -> bool:
    """Whether residents may read the document of this record now."""
    if kind == Kind.NETWORK:
        module = network_print()
        return module is not None and module.is_public(subject_id)
    return plans_print().is_public(kind, subject_id)


def subject_title(kind: str, subject_id) -> str | None:
    """The title of the record a document is made from; None when it does not exist."""
    if kind == Kind.NETWORK:
        module = network_print()
        return None if module is None else module.description_title(subject_id)
    plans = plans_print()
    return {Kind.PLAN: plans.plan_title, Kind.ACTION_PLAN: plans.action_plan_title,
            Kind.EVALUATION: plans.evaluation_title}[kind](subject_id)


def _network_data(description_id) -> dict:
    module = network_print()
    data = module.description_data(description_id) if module is not None else None
    if data is None:
        raise SourceUnavailable(_("The optimal network description this document was made "
                                  "from no longer exists."))
    return data


def _plan_data(plan_id) -> dict:
    data = plans_print().plan_data(plan_id)
    if data is None:
        raise SourceUnavailable(_("The plan this document was made from no longer exists."))
    return data


def _action_plan_data(action_plan_id) -> dict:
    data = plans_print().action_plan_data(action_plan_id)
    if data is None:
        raise SourceUnavailable(_("The action plan this document was made from no longer exists."))
    return data


def _evaluation_data(evaluation_id) -> dict:
    data = plans_print().evaluation_data(evaluation_id)
    if data is None:
        raise SourceUnavailable(_("The evaluation this report was made from no longer exists."))
    return data


def _catalogue_data(audience) -> dict:
    catalogue = plugins.offer("catalogue", "print_data")
    if catalogue is None:
        raise SourceUnavailable(_("The provider catalogue is not available yet."))
    data = catalogue.catalogue_print_data(audience=audience)
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
    # The e-mail address travels apart from the sentence, so the template can keep it whole.
    data.update(title=_(title), intro=_(intro),
                where_to_turn=_("Social affairs department of %(name)s") % {
                    "name": municipality.name},
                where_to_turn_email=municipality.kpss_email or "",
                where_to_turn_help=_("They will tell you which service fits and help you "
                                     "apply."))
    return data
