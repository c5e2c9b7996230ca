"""Writes of generated documents: ask for a generation, run it (in a worker), schedule it."""

import datetime
import logging
import os
import re
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tenants.documents import selectors, sources
from tenants.documents.models import (
    CADENCE_DAYS,
    LEAFLET_KINDS,
    SUBJECT_KINDS,
    Cadence,
    Document,
    DocumentJob,
    DocumentSettings,
    DocumentVersion,
    Kind,
)
from workers import outbox

log = logging.getLogger(__name__)
State = DocumentJob.State
#: Runs of one job before it is given up (a worker killed mid-render sends it back each time).
MAX_ATTEMPTS = 3
RENDER_TASK = "tenants.documents.document_render_task"


# Documents and generation requests ---------------------------------------------------------

def _subject_title(kind: str, subject_id: int | None) -> str:
    if kind in SUBJECT_KINDS:
        found = sources.subject_title(kind, subject_id)
        if found is None:
            raise ValidationError({
                Kind.PLAN: _("This plan does not exist."),
                Kind.ACTION_PLAN: _("This action plan does not exist."),
                Kind.EVALUATION: _("This evaluation does not exist."),
                Kind.NETWORK: _("This optimal network description does not exist."),
            }[kind])
        return found
    if subject_id is not None:
        raise ValidationError(_("This document is not made from a plan."))
    return str(Kind(kind).label)


def document_ensure(*, kind: str, subject_id: int | None = None) -> Document:
    """The document row of (kind, subject), made on first use; its title follows the subject."""
    if kind not in Kind.values:
        raise ValidationError(_("Unknown kind of document."))
    title = _subject_title(kind, subject_id)
    document, created = Document.objects.get_or_create(
        kind=kind, subject_id=subject_id, defaults={"title": title})
    if not created and document.title != title:
        document.title = title
        document.save(update_fields=["title", "updated_at"])
    return document


@transaction.atomic
def document_generate(*, user=None, kind: str, subject_id: int | None = None,
                      source: str = DocumentJob.Source.REQUEST,
                      parameters: dict | None = None) -> DocumentJob:
    """Ask for a new version of a document: a job row now, the worker after commit. A job
    already waiting or running for the same document is returned instead of a second one —
    sent again first when its worker is gone (its heartbeat stopped) or its message was lost.
    With the broker down the job is kept and starts when the workers are back."""
    document = document_ensure(kind=kind, subject_id=subject_id)
    document = Document.objects.select_for_update().get(pk=document.pk)
    waiting = document.jobs.filter(state__in=[State.PENDING, State.RUNNING]).first()
    if waiting is not None:
        _revive(waiting)
        return waiting
    job = DocumentJob(document=document, source=source, requested_by=user,
                      parameters=parameters or {})
    job.full_clean()
    job.save()
    _enqueue(job)
    return job


def _job_key(job_id: int) -> str:
    return selectors.job_key(job_id)


def _enqueue(job: DocumentJob) -> None:
    """The job's outbox row, in this transaction: sent after commit, or by the sweeper when
    the broker is down now (workers/outbox.py)."""
    outbox.record(task_name=RENDER_TASK, key=_job_key(job.pk), kwargs={"job_id": job.pk})


def _revive(job: DocumentJob) -> None:
    entry = outbox.entry(key=_job_key(job.pk))
    if entry is None or entry.finished_at is not None:
        _enqueue_again(job)
    elif entry.dispatched_at is None or outbox.is_stale(entry):
        outbox.send_again(entry)  # the broker was down, or the worker is gone: try now


def _enqueue_again(job: DocumentJob) -> None:
    # A job older than the outbox, or one whose row was closed while the job was not
    # finished (given up after many sends): open its work again.
    outbox.record(task_name=RENDER_TASK, key=_job_key(job.pk), kwargs={"job_id": job.pk},
                  again=True)


# Running a job (inside the worker) ---------------------------------------------------------

def _pages(pdf: bytes) -> int:
    match = re.search(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)
    return int(match.group(1)) if match else 0


def _store_atomically(document: Document, pdf: bytes) -> str:
    """Write the PDF to the municipality's storage under a new, unguessable name and return
    the name stored. The storage writes it whole or not at all (hub/tenancy/storage.py); the
    version row that refers to it is made only afterwards (_finish)."""
    return default_storage.save(f"documents/{document.kind}/{uuid.uuid4().hex}.pdf",
                                ContentFile(pdf))


def _storage_detail(error: Exception) -> str:
    """What went wrong, without the server's paths."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__


def _update(job: DocumentJob, **fields) -> None:
    for field, value in fields.items():
        setattr(job, field, value)
    DocumentJob.objects.filter(pk=job.pk).update(**fields)


def _fail(job: DocumentJob, message: str) -> DocumentJob:
    _update(job, state=State.FAILED, error=message, finished_at=timezone.now())
    return job


def _test_pause(job: DocumentJob) -> None:
    """Tests stop a worker mid-render: only under KOMPLAN_TESTING, only on a first attempt."""
    seconds = float(job.parameters.get("test_pause_seconds", 0))
    if seconds and job.attempts == 1 and os.environ.get("KOMPLAN_TESTING") == "1":
        time.sleep(seconds)


def document_job_run(*, job_id: int) -> DocumentJob | None:
    """Render one job. Idempotent: a finished job is left alone, a job whose worker died is
    picked up again (up to MAX_ATTEMPTS runs), and only one run can ever add the version.
    Messages are in the municipality's language, whatever the worker's."""
    with translation.override(connection.tenant.language):
        return _job_run(job_id)


def document_job_give_up(*, job_id: int) -> None:
    """The task's retries for a lost database connection are used up: end the job."""
    with translation.override(connection.tenant.language):
        job = DocumentJob.objects.filter(pk=job_id).first()
        if job is not None and not job.is_finished:
            _fail(job, _("The database could not be reached while generating. Try again "
                         "later; if it happens again, ask the platform operator."))


def _job_run(job_id: int) -> DocumentJob | None:
    from workers.render.typst_pdf import RenderError, render_pdf

    with transaction.atomic():
        job = (DocumentJob.objects.select_for_update().select_related("document")
               .filter(pk=job_id).first())
        if job is None or job.is_finished:
            return job
        if job.attempts >= MAX_ATTEMPTS:
            return _fail(job, _("Generating was interrupted %(count)d times (the worker "
                                "stopped each time). Ask the platform operator.")
                         % {"count": job.attempts})
        job.state, job.attempts, job.progress = State.RUNNING, job.attempts + 1, 10
        job.started_at, job.worker_pid = timezone.now(), os.getpid()
        job.save(update_fields=["state", "attempts", "progress", "started_at", "worker_pid"])
    document = job.document
    _test_pause(job)
    try:
        template, data = sources.document_source(document)
        digest = sources.input_hash(data)
        _update(job, input_hash=digest, progress=30)
        latest = document.latest_version()
        if latest is not None and latest.input_hash == digest:
            return _finish(job, None, digest)
        public = bool(data.get("public"))
        pdf = render_pdf(template, sources.with_generation_date(data))
        _update(job, progress=80)
        try:
            name = _store_atomically(document, pdf)
        except Exception as error:
            log.error("document job %s: storage: %r", job.pk, error)
            return _fail(job, _("The file could not be saved to storage: %(detail)s. Ask the "
                                "platform operator to check the file storage, then try again.")
                         % {"detail": _storage_detail(error)})
        return _finish(job, (name, pdf), digest, public=public)
    except sources.SourceUnavailable as error:
        return _fail(job, str(error))
    except RenderError as error:
        log.error("document job %s: %s", job.pk, error)
        return _fail(job, _("The document could not be typeset. Check the texts for unusual "
                            "characters or ask the platform operator. Detail: %(detail)s")
                     % {"detail": error})
    except SoftTimeLimitExceeded:
        return _fail(job, _("Generating took too long and was stopped. Try again later; if it "
                            "happens again, ask the platform operator."))
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries with backoff; the job stays running meanwhile
    except Exception:
        log.exception("document job %s failed", job.pk)
        return _fail(job, _("The document could not be generated because of an unexpected "
                            "error. The platform operator can see the details in the log."))


@transaction.atomic
def _finish(job: DocumentJob, rendered: tuple[str, bytes] | None, digest: str, *,
            public: bool = False) -> DocumentJob:
    """Record the result under locks: the job and the document. When another run finished
    first, or the data turned out unchanged, no version is added."""
    locked = DocumentJob.objects.select_for_update().get(pk=job.pk)
    document = Document.objects.select_for_update().get(pk=job.document_id)
    if locked.is_finished:
        if rendered:
            transaction.on_commit(lambda: default_storage.delete(rendered[0]))
        return locked
    latest = document.latest_version()
    now = timezone.now()
    if rendered is None or (latest is not None and latest.input_hash == digest):
        if rendered:
            transaction.on_commit(lambda: default_storage.delete(rendered[0]))
        _update(locked, state=State.DONE, progress=100, unchanged=True, version=latest,
                finished_at=now)
        return locked
    name, pdf = rendered
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(document=document, number=number, file=name, size=len(pdf),
                              pages=_pages(pdf), input_hash=digest, public=public)
    version.full_clean()
    version.save()
    _update(locked, state=State.DONE, progress=100, version=version, finished_at=now)
    return locked


# Publications of plans ---------------------------------------------------------------------

def publication_refresh(*, kind: str, subject_id: int) -> DocumentJob:
    """A plan, action plan or evaluation became public or changed its public state: a new
    version for /publications/, through the outbox (sent after the writer's commit)."""
    return document_generate(kind=kind, subject_id=subject_id,
                             source=DocumentJob.Source.SCHEDULE)


def _on_public_changed(sender, *, kind: str, subject_id: int, **_kwargs) -> None:
    publication_refresh(kind=kind, subject_id=subject_id)
    if kind == Kind.PLAN:
        # A plan's optimal network is public only while the plan is: its PDF follows.
        network = sources.network_print()
        for description in network.printable() if network is not None else []:
            if description["plan_id"] == subject_id and description["approved"]:
                publication_refresh(kind=Kind.NETWORK, subject_id=description["id"])


def publications_follow_plans() -> None:
    """Connect to the plans' and the analysis' signals (DocumentsConfig.ready)."""
    from hub import plugins

    for label in ("plans", "analysis"):
        module = plugins.offer(label, "print_data")
        if module is not None:
            module.public_changed.connect(_on_public_changed,
                                          dispatch_uid=f"documents.publications.{label}")


# Settings and the schedule -----------------------------------------------------------------

def document_settings_get() -> DocumentSettings:
    settings_row = DocumentSettings.objects.order_by("pk").first()
    return settings_row or DocumentSettings.objects.create()


@transaction.atomic
def document_settings_update(*, user, catalogue_cadence: str, leaflets_cadence: str,
                             plans_cadence: str) -> DocumentSettings:
    row = document_settings_get()
    row.catalogue_cadence, row.leaflets_cadence, row.plans_cadence = (
        catalogue_cadence, leaflets_cadence, plans_cadence)
    row.full_clean()
    row.save()
    return row


def _due(cadence: str, checked_at, now) -> bool:
    if cadence == Cadence.NEVER:
        return False
    # An hour of slack: a daily dispatcher with jitter must not skip a day.
    return checked_at is None or now - checked_at >= datetime.timedelta(
        days=CADENCE_DAYS[cadence]) - datetime.timedelta(hours=1)


def _scheduled_documents(family: str) -> list[tuple[str, int | None]]:
    if family == "catalogue":
        return [(Kind.CATALOGUE, None)]
    if family == "leaflets":
        return [(kind, None) for kind in LEAFLET_KINDS]
    made = [(kind, subject_id) for kind, subject_id in
            Document.objects.filter(kind__in=SUBJECT_KINDS).values_list("kind", "subject_id")
            if sources.subject_title(kind, subject_id) is not None]
    # What residents may download is made even if nobody asked for it (a lost message).
    public = [(kind, subject_id) for kind, subject_id in selectors.public_subjects()
              if (kind, subject_id) not in made]
    return made + public


def documents_regenerate_due(*, now=None) -> list[DocumentJob]:
    """The schedule, in one municipality: for each family whose cadence is due, a job for every
    document whose data changed since its latest version (none when nothing changed)."""
    now = now or timezone.now()
    row = document_settings_get()
    jobs = []
    for family in ("catalogue", "leaflets", "plans"):
        checked_field = f"{family}_checked_at"
        if not _due(getattr(row, f"{family}_cadence"), getattr(row, checked_field), now):
            continue
        for kind, subject_id in _scheduled_documents(family):
            document = Document.objects.filter(kind=kind, subject_id=subject_id).first()
            try:
                _template, data = sources.document_source(
                    document or Document(kind=kind, subject_id=subject_id))
            except sources.SourceUnavailable:
                continue
            latest = document.latest_version() if document else None
            if latest is not None and latest.input_hash == sources.input_hash(data):
                continue
            jobs.append(document_generate(kind=kind, subject_id=subject_id,
                                          source=DocumentJob.Source.SCHEDULE))
        DocumentSettings.objects.filter(pk=row.pk).update(**{checked_field: now})
    return jobs
