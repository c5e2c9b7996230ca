"""Demography imports as jobs on the worker: the upload is kept and a job row recorded in the
outbox; the worker parses the file (imports.parse) and stores it, all or nothing."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tenants.analysis import imports, selectors, services
from tenants.analysis.models import DemographyImport, PopulationCount
from workers import outbox

logger = logging.getLogger(__name__)
Status = DemographyImport.Status
TASK = "tenants.analysis.demography_import_task"
#: Errors a job keeps to show (error_count counts all of them); a file of wrong codes can
#: have 500,000.
SHOWN_ERRORS = 2000
#: Read at most this much of a stored file (the form refuses larger uploads already).
MAX_BYTES = 60 * 1024 * 1024


def _key(job_id: int) -> str:
    return f"analysis.demography_import:{job_id}"


def demography_import_start(*, user, upload, language: str) -> DemographyImport:
    """Keep the file and queue its import (sent after commit, or by the sweeper when the
    broker is down now)."""
    if not selectors.area_names():
        raise ValidationError(_("This municipality has no statistical code yet, so no "
                                "demography can be matched to it. Ask the operator to set "
                                "its territorial unit."))
    job = DemographyImport(user=user if getattr(user, "pk", None) else None,
                           language=(language or "sk")[:8],
                           filename=(upload.name or "").rsplit("/", 1)[-1][:200])
    with transaction.atomic():
        job.file.save(f"demography-{timezone.now():%Y%m%d%H%M%S}.csv", upload, save=False)
        job.full_clean(exclude=["file"])
        job.save()
        outbox.record(task_name=TASK, key=_key(job.pk), kwargs={"job_id": job.pk})
    return job


def demography_import_start_bytes(*, user, data: bytes, filename: str,
                                  language: str = "sk") -> DemographyImport:
    """As demography_import_start, for bytes already read (tests, benchmarks)."""
    return demography_import_start(user=user, upload=ContentFile(data, name=filename),
                                   language=language)


def waits_for_workers(job: DemographyImport) -> bool:
    """Pending and not yet handed to the broker: Redis or the workers are unavailable."""
    if job.status != Status.PENDING:
        return False
    entry = outbox.entry(key=_key(job.pk))
    return entry is not None and entry.finished_at is None and entry.dispatched_at is None


def _progress(job: DemographyImport, share: int) -> None:
    DemographyImport.objects.filter(pk=job.pk).update(progress=max(0, min(99, share)),
                                                      heartbeat_at=timezone.now())


def _claim(job_id: int) -> DemographyImport | None:
    # RUNNING too: a run whose worker died is sent again by the outbox's sweeper, and a
    # second live run never gets here (the outbox row is held by the first).
    with transaction.atomic():
        job = DemographyImport.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (Status.PENDING, Status.RUNNING):
            return None
        job.status, job.started_at, job.progress = Status.RUNNING, timezone.now(), 0
        job.attempts = F("attempts") + 1
        job.save(update_fields=["status", "started_at", "progress", "attempts"])
    job.refresh_from_db()
    return job


def _finish(job: DemographyImport, **fields) -> DemographyImport:
    fields.update(finished_at=timezone.now(), progress=100)
    DemographyImport.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def _forget_file(job: DemographyImport) -> None:
    # A national file is ~40 MB and its counts are in the database now: keep no copy.
    if job.file.name:
        try:
            default_storage.delete(job.file.name)
        except OSError:
            logger.warning("Could not delete %s", job.file.name)


def demography_import_run(*, job_id: int) -> DemographyImport | None:
    """The worker's body: parse and store one job's file (nothing when the job has ended)."""
    job = _claim(job_id)
    if job is None:
        return None
    with translation.override(job.language):
        try:
            job = _run(job)
        except Exception:
            logger.exception("Demography import %s failed", job.pk)
            _finish(job, status=Status.FAILED, message=_(
                "The import failed on the server; nothing was written. Try again or contact "
                "the platform's operator."))
            raise
    _forget_file(job)
    return job


def _run(job: DemographyImport) -> DemographyImport:
    with default_storage.open(job.file.name, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    _progress(job, 10)
    # The worker keeps tenants up to a minute (CELERY_TASK_TENANT_CACHE_SECONDS): read the
    # territory afresh, or an import just after the operator set it finds no areas.
    connection.tenant.refresh_from_db(fields=["territory"])
    names = selectors.area_names()
    if not names:
        return _finish(job, status=Status.FAILED, message=_(
            "This municipality has no statistical code yet, so no demography can be matched "
            "to it. Ask the operator to set its territorial unit."))
    parsed = imports.parse(data, names)
    _progress(job, 60)
    if parsed.errors:
        return _finish(job, status=Status.FAILED, layout=parsed.layout, skipped=parsed.skipped,
                       error_count=len(parsed.errors), errors=parsed.errors[:SHOWN_ERRORS],
                       message=ngettext(
                           "The file has %(n)s error; nothing was imported.",
                           "The file has %(n)s errors; nothing was imported.",
                           len(parsed.errors)) % {"n": len(parsed.errors)})
    source = (PopulationCount.Source.CZSO if parsed.layout == "czso"
              else PopulationCount.Source.TEMPLATE)
    # The counts and the job's end in one transaction: a run killed between them leaves the
    # job running, and the run sent again stores the same counts (it replaces what it gives).
    with transaction.atomic():
        stored = services.population_store(rows=parsed.rows, source=source)
        return _finish(job, status=Status.DONE, layout=parsed.layout, stored=stored,
                       skipped=parsed.skipped, message=_(
                           "%(n)s population counts imported (%(skipped)s rows of other areas "
                           "skipped).") % {"n": stored, "skipped": parsed.skipped})
