"""Catalogue imports as jobs on the worker, in two steps: the file is checked (nothing is
written) and kept; staff read the findings and confirm; the worker applies it, all or nothing.

Three kinds share the flow (``ImportJob.Kind``): a CSV/XLSX table (``tabular``), a registry
file staff uploaded (``rpss.json``, streamed; only the services of the municipality's
territory are kept) and the differences offered by the platform's registry snapshot
(``registry.from_snapshot``, "accept all"). The job row is the source of truth: status,
progress, a message people can read, the findings and the result — staff may leave the page
and come back (the imports page lists the recent ones). The worker runs the steps in the
municipality's schema; a step that finds its job in another state does nothing, so a
redelivered task is harmless.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.rpss import problems as problem_texts
from hub.rpss import reader
from hub.rpss import selectors as registry_selectors
from tenants.catalogue import registry, tabular
from tenants.catalogue.models import ImportJob
from workers import outbox

logger = logging.getLogger(__name__)
Kind, Status = ImportJob.Kind, ImportJob.Status
#: How many rows of findings a job keeps to show (the counts cover all of them).
SHOWN_ROWS = 2000


class NotYours(ValidationError):
    """The job is not this user's to confirm, or not waiting for confirmation."""


def import_start(*, user, kind: str, upload=None) -> ImportJob:
    """Keep the file and queue its check (after commit). ``upload`` is None for the registry
    snapshot."""
    if kind not in Kind.values:
        raise ValueError(kind)
    job = ImportJob(kind=kind, user=user if getattr(user, "pk", None) else None)
    with transaction.atomic():
        if upload is not None:
            job.filename = (upload.name or "").rsplit("/", 1)[-1][:200]
            job.file.save(f"import-{timezone.now():%Y%m%d%H%M%S}", upload, save=False)
        job.save()
        _dispatch(job, "check")
    return job


def import_start_bytes(*, user, kind: str, data: bytes, filename: str) -> ImportJob:
    """As import_start, for bytes already read (tests, benchmarks, commands)."""
    upload = ContentFile(data, name=filename)
    return import_start(user=user, kind=kind, upload=upload)


def import_confirm(*, job: ImportJob, user) -> ImportJob:
    """Staff confirm a checked import: queue the commit."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.CHECKED or not locked.preview.get("ok"):
            raise NotYours(_("This import is not waiting for a confirmation."))
        if locked.user_id not in (None, user.pk):
            raise NotYours(_("Only the person who uploaded the file can confirm it."))
        locked.status, locked.progress, locked.message = Status.PENDING, 0, ""
        locked.save(update_fields=["status", "progress", "message"])
        _dispatch(locked, "commit")
    return locked


def _dispatch(job: ImportJob, step: str) -> None:
    """The step's outbox row (workers/outbox.py), in the caller's transaction: sent after
    commit, or by the sweeper when the broker is down now."""
    outbox.record(task_name="tenants.catalogue.import_step_task",
                  key=f"catalogue.import:{job.pk}:{step}",
                  kwargs={"job_id": job.pk, "step": step})


def waits_for_workers(job: ImportJob) -> bool:
    """Waiting and not yet handed to the broker: Redis or the workers are unavailable, and
    the step starts when they are back."""
    if job.status != Status.PENDING:
        return False
    return any(entry is not None and entry.finished_at is None and entry.dispatched_at is None
               for entry in (outbox.entry(key=f"catalogue.import:{job.pk}:{step}")
                             for step in ("check", "commit")))


def _progress(job: ImportJob, share: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(progress=max(0, min(99, share)),
                                               heartbeat_at=timezone.now())


def _claim(job_id: int, *, expect: tuple, status: str) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in expect:
            return None
        job.status, job.started_at = status, timezone.now()
        job.attempts = F("attempts") + 1
        job.save(update_fields=["status", "started_at", "attempts"])
    job.refresh_from_db()
    return job


def _finish(job: ImportJob, **fields) -> ImportJob:
    fields.setdefault("finished_at", timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def run_step(*, job_id: int, step: str) -> ImportJob | None:
    """The worker's body: check or commit one job (does nothing when the job is not in the
    state the step expects)."""
    if step == "check":
        job = _claim(job_id, expect=(Status.PENDING,), status=Status.CHECKING)
        commit = False
    else:
        job = _claim(job_id, expect=(Status.PENDING,), status=Status.APPLYING)
        commit = True
        if job is not None and not job.preview.get("ok"):
            return _finish(job, status=Status.FAILED, message=_("Nothing to import."))
    if job is None:
        return None
    try:
        if job.kind == Kind.TABLE:
            outcome = _table(job, commit)
        elif job.kind == Kind.REGISTRY_FILE:
            outcome = _registry_file(job, commit)
        else:
            outcome = _registry_snapshot(job, commit)
    except ValidationError as error:
        return _finish(job, status=Status.FAILED, progress=100,
                       message=" ".join(error.messages))
    except Exception:
        logger.exception("Import %s (%s) failed", job.pk, step)
        _finish(job, status=Status.FAILED, progress=100,
                message=_("The import failed on the server; nothing was written. Try again or "
                          "contact the platform's operator."))
        raise
    if not commit:
        return _finish(job, status=Status.CHECKED if outcome["ok"] else Status.FAILED,
                       progress=100, preview=outcome, finished_at=None,
                       message=outcome["message"])
    return _finish(job, status=Status.DONE if outcome.get("committed") else Status.FAILED,
                   progress=100, result=outcome, message=outcome["message"])


# Tables -------------------------------------------------------------------------------------

def _read_file(job: ImportJob) -> bytes:
    with default_storage.open(job.file.name, "rb") as handle:
        return handle.read(tabular.MAX_BYTES + 1)


def _table_summary(result) -> dict:
    return {"ok": result.ok, "committed": result.committed, "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged,
            "providers_created": result.providers_created,
            "errors": [[e.line, e.column, e.message] for e in result.errors][:SHOWN_ROWS],
            "error_count": len(result.errors),
            "rows": [list(row) for row in result.rows][:SHOWN_ROWS]}


def _table(job: ImportJob, commit: bool) -> dict:
    rows = tabular.read_table(_read_file(job), job.filename)
    _progress(job, 10)
    result = tabular.catalogue_import(
        user=job.user, rows=rows, commit=commit,
        progress=lambda done, total: _progress(job, 10 + 80 * done // max(total, 1)))
    summary = _table_summary(result)
    if result.committed:
        summary["message"] = _("Imported: %(created)s new, %(updated)s updated, %(unchanged)s "
                               "unchanged.") % vars(result)
    elif result.ok:
        summary["message"] = _("Checked: %(created)s new, %(updated)s updated, %(unchanged)s "
                               "unchanged. Nothing has been written yet.") % vars(result)
    else:
        summary["message"] = _("The file has %(n)s errors; nothing was imported.") % {
            "n": len(result.errors)}
    return summary


# The registry --------------------------------------------------------------------------------

def _offer_rows(differences) -> list:
    return [[o.registry_id, o.kind, o.name, [f for f, _o, _t in o.changes], o.conflicts,
             [problem_texts.text(p) for p in o.problems]] for o in differences.offers]


def _blocked_rows(differences) -> list:
    return [[r["registry_id"], r["name"], [problem_texts.text(p) for p in r["problems"]
                                           if p["blocking"]]] for r in differences.blocked]


def _registry_summary(differences, *, read: int = 0) -> dict:
    counts = {"new": 0, "changed": 0, "ended": 0}
    for offer in differences.offers:
        counts[offer.kind] += 1
    applicable = [o for o in differences.offers if not o.conflicts]
    summary = {"ok": bool(applicable), "read": read, "matched": len(differences.offers)
               + len(differences.blocked), **counts,
               "conflicts": len(differences.offers) - len(applicable),
               "blocked": _blocked_rows(differences), "offers": _offer_rows(differences),
               "keys": list(differences.keys)}
    if not differences.keys:
        summary["message"] = _("Your municipality has no territorial unit yet, so no registry "
                               "service can be matched to it. Ask the platform's operator.")
    elif not summary["matched"]:
        summary["message"] = _("No service of the file concerns your territory (looked for "
                               "the territorial codes %(codes)s).") % {
            "codes": ", ".join(differences.keys)}
    elif not applicable:
        summary["message"] = _("Nothing to import: the catalogue already has what the registry "
                               "says (or the differences need your choice one by one).")
    else:
        summary["message"] = _("Checked: %(new)s new, %(changed)s changed, %(ended)s ended; "
                               "%(n)s cannot be imported. Nothing has been written yet.") % {
            **counts, "n": len(differences.blocked)}
    return summary


def _registry_records(job: ImportJob) -> tuple[list[dict], list[str], int]:
    """The records of an uploaded registry file that concern the territory (streamed)."""
    keys = registry_selectors.territory_keys(connection.tenant)
    wanted = set(keys)
    maps = registry_selectors.maps()
    size = max(job.file.size, 1)
    read = 0
    records = []

    def seen(done, count):
        nonlocal read
        read = count
        _progress(job, 80 * done // size)

    if keys:
        with default_storage.open(job.file.name, "rb") as stream:
            try:
                for record in reader.read(stream, maps=maps, today=timezone.localdate(),
                                          keep=lambda r: bool(wanted.intersection(
                                              reader.territory_keys(r))), progress=seen):
                    records.append(record)
            except reader.NotRegistryFile as error:
                raise ValidationError(problem_texts.file_error(error)) from None
    return records, keys, read


def _registry_file(job: ImportJob, commit: bool) -> dict:
    records, keys, read = _registry_records(job)
    differences = registry.compare(records)
    differences.keys = keys
    summary = _registry_summary(differences, read=read)
    if commit and summary["ok"]:
        summary.update(_apply(job, differences))
    return summary


def _registry_snapshot(job: ImportJob, commit: bool) -> dict:
    differences = registry.from_snapshot()
    summary = _registry_summary(differences, read=differences.snapshot)
    if commit and summary["ok"]:
        summary.update(_apply(job, differences))
    return summary


def _apply(job: ImportJob, differences) -> dict:
    _progress(job, 90)
    counts = registry.accept_all(
        differences.offers, user=job.user,
        progress=lambda done, total: _progress(job, 90 + 9 * done // max(total, 1)))
    return {"committed": True, "applied": counts,
            "message": _("Imported from the registry: %(new)s new, %(changed)s changed, "
                         "%(ended)s marked ended; %(skipped)s wait for your choice.") % counts}
