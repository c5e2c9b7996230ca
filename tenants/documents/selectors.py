"""Reads of generated documents; ids from users are resolved here."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from tenants.documents.models import (
    PUBLIC_KINDS,
    SUBJECT_KINDS,
    Document,
    DocumentJob,
    DocumentVersion,
    Kind,
)
from tenants.documents.sources import (
    LEAFLET_TEXT,
    network_print,
    plans_print,
    subject_is_public,
)
from workers import outbox


@dataclass
class Row:
    """A line of the staff page: what can be generated, its latest version and last job."""

    kind: str
    subject_id: int | None
    title: str
    group: str
    document: Document | None
    latest: DocumentVersion | None
    last_job: DocumentJob | None


def document_rows() -> list[Row]:
    documents = {(d.kind, d.subject_id): d for d in Document.objects.all()}
    latest = {}
    for version in DocumentVersion.objects.order_by("document_id", "-number").distinct(
            "document_id"):
        latest[version.document_id] = version
    last_jobs = {}
    for job in DocumentJob.objects.order_by("document_id", "-created_at", "-pk").distinct(
            "document_id"):
        last_jobs[job.document_id] = job

    def row(kind, subject_id, title, group):
        document = documents.get((kind, subject_id))
        return Row(kind, subject_id, title, group, document,
                   latest.get(document.pk) if document else None,
                   last_jobs.get(document.pk) if document else None)

    rows = [row(kind, None, str(Kind(kind).label), "catalogue") for kind in PUBLIC_KINDS]
    network = network_print()
    networks = _networks_by_plan(network.printable() if network is not None else [])
    for plan in plans_print().printable():
        rows.append(row(Kind.PLAN, plan["id"], plan["title"], "plans"))
        for ap_id, year in plan["action_plans"]:
            rows.append(row(Kind.ACTION_PLAN, ap_id, f"{Kind.ACTION_PLAN.label} {year}",
                            "plans"))
        for ev_id, year in plan["evaluations"]:
            rows.append(row(Kind.EVALUATION, ev_id, f"{Kind.EVALUATION.label} {year}",
                            "plans"))
        for network in networks.get(plan["id"], []):
            rows.append(row(Kind.NETWORK, network["id"], network["title"], "plans"))
    return rows


def _networks_by_plan(descriptions: list[dict]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for description in descriptions:
        found.setdefault(description["plan_id"], []).append(description)
    return found


def _public_networks() -> dict[int, list[dict]]:
    module = network_print()
    return _networks_by_plan(module.publishable() if module is not None else [])


def document_get(document_id: int) -> Document:
    return get_object_or_404(Document, pk=document_id)


def job_get(job_id: int) -> DocumentJob:
    return get_object_or_404(DocumentJob.objects.select_related("document", "version",
                                                                "requested_by"), pk=job_id)


def job_key(job_id: int) -> str:
    """The job's row in the outbox (workers/outbox.py)."""
    return f"documents.job:{job_id}"


def job_waits_for_workers(job: DocumentJob) -> bool:
    """Queued and not yet handed to the broker: Redis or the workers are unavailable, and
    the job starts when they are back."""
    if job.state != DocumentJob.State.PENDING:
        return False
    entry = outbox.entry(key=job_key(job.pk))
    return entry is not None and entry.finished_at is None and entry.dispatched_at is None


def version_get(version_id: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion.objects.select_related("document"), pk=version_id)


def publications() -> list[tuple[str, str, DocumentVersion | None]]:
    """(kind, label, latest version or None) of what residents may download."""
    documents = {d.kind: d for d in Document.objects.filter(kind__in=PUBLIC_KINDS,
                                                             subject_id__isnull=True)}
    result = []
    for kind in PUBLIC_KINDS:
        document = documents.get(kind)
        label = _(LEAFLET_TEXT[kind][0]) if kind in LEAFLET_TEXT else str(Kind(kind).label)
        result.append((kind, label,
                       document.latest_version() if document else None))
    return result


@dataclass
class PlanPublication:
    """A document of a plan residents may download: the plan, an action plan or an
    evaluation, with its latest public version (None while it is being made)."""

    kind: str
    subject_id: int
    title: str
    version: DocumentVersion | None


def public_subjects() -> list[tuple[str, int]]:
    """(kind, subject id) of every plan document residents may download now."""
    subjects = []
    networks = _public_networks()
    for plan in plans_print().publishable():
        subjects.append((Kind.PLAN, plan["id"]))
        subjects += [(Kind.NETWORK, n["id"]) for n in networks.get(plan["id"], [])]
        subjects += [(Kind.ACTION_PLAN, pk) for pk, _year in plan["action_plans"]]
        subjects += [(Kind.EVALUATION, pk) for pk, _year in plan["evaluations"]]
    return subjects


def _latest_public_versions() -> dict[tuple[str, int], DocumentVersion]:
    versions = (DocumentVersion.objects.filter(public=True, document__kind__in=SUBJECT_KINDS)
                .select_related("document").order_by("document_id", "-number")
                .distinct("document_id"))
    return {(v.document.kind, v.document.subject_id): v for v in versions}


def plan_publications() -> list[tuple[dict, list[PlanPublication]]]:
    """Per public plan, newest first: (the plan, its plan, optimal network, action-plan and
    evaluation PDFs). Only approved plans, approved network descriptions, approved or closed
    action plans and published evaluations."""
    latest = _latest_public_versions()
    networks = _public_networks()
    result = []
    for plan in plans_print().publishable():
        rows = [PlanPublication(Kind.PLAN, plan["id"], plan["title"],
                                latest.get((Kind.PLAN, plan["id"])))]
        rows += [PlanPublication(Kind.NETWORK, n["id"], n["title"],
                                 latest.get((Kind.NETWORK, n["id"])))
                 for n in networks.get(plan["id"], [])]
        rows += [PlanPublication(Kind.ACTION_PLAN, pk,
                                 _("Action plan %(year)s") % {"year": year},
                                 latest.get((Kind.ACTION_PLAN, pk)))
                 for pk, year in plan["action_plans"]]
        rows += [PlanPublication(Kind.EVALUATION, pk,
                                 _("Evaluation report %(year)s") % {"year": year},
                                 latest.get((Kind.EVALUATION, pk)))
                 for pk, year in plan["evaluations"]]
        result.append((plan, rows))
    return result


def publication_of_subject(kind: str, subject_id: int) -> DocumentVersion:
    """The latest public version of a plan document that is public now; 404 otherwise (a
    draft, an action plan in preparation, an unpublished evaluation, another place's id)."""
    if kind not in SUBJECT_KINDS or not subject_is_public(kind, subject_id):
        raise Http404
    version = (DocumentVersion.objects.filter(document__kind=kind,
                                              document__subject_id=subject_id, public=True)
               .select_related("document").order_by("-number").first())
    if version is None:
        raise Http404
    return version


def publication_latest(kind: str) -> DocumentVersion:
    if kind not in PUBLIC_KINDS:
        raise Http404
    version = DocumentVersion.objects.filter(
        document__kind=kind, document__subject_id__isnull=True).order_by("-number").first()
    if version is None:
        raise Http404
    return version
