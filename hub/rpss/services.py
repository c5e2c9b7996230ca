"""Writes of the registry's platform data: loading codebooks, accepting a national file and
reading it once into the snapshot (the platform job)."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.municipalities.services import territory_load
from hub.rpss import codebooks, problems, reader, selectors
from hub.rpss.models import CodebookEntry, RegistryFile, RegistryService
from workers import outbox

logger = logging.getLogger(__name__)

#: The largest national file accepted (the real one is a little over 30 MB).
MAX_FILE_BYTES = 80 * 1024 * 1024
_BATCH = 500
_PROBLEM_SAMPLE = 200


def codebooks_load(*, files: list[tuple[str, bytes]]) -> dict:
    """Load codebook files (any of the registry's: service types, target groups, forms,
    capacity types, kraje, okresy, obce), all or nothing.

    Returns {"entries": {codebook: {"created", "updated"}}, "territory": {level: {...}},
    "unmapped": [(codebook, reference, name, reviewed)]}. Raises ValidationError listing
    every unreadable file or entry; then nothing is written."""
    entries, units, errors = [], [], []
    for filename, raw in files:
        kind, rows, found = codebooks.read(raw, filename)
        errors += [f"{filename}: {message}" for message in found]
        if kind == "territory":
            units += rows
        else:
            entries += rows
    if errors:
        raise ValidationError(errors)
    if not entries and not units:
        raise ValidationError(_("No codebook entries were found in the files."))
    result = {"entries": {}, "territory": {}, "unmapped": []}
    with transaction.atomic():
        if units:
            result["territory"] = territory_load(country="CZ", rows=units)
        known = set(CodebookEntry.objects.values_list("codebook", "code"))
        for entry in entries:
            counts = result["entries"].setdefault(entry.codebook, {"created": 0, "updated": 0})
            counts["updated" if (entry.codebook, entry.code) in known else "created"] += 1
        CodebookEntry.objects.bulk_create(
            [CodebookEntry(codebook=e.codebook, code=e.code, name=e.name, maps_to=e.maps_to)
             for e in entries],
            update_conflicts=True, unique_fields=["codebook", "code"],
            update_fields=["name", "maps_to", "loaded_at"])
    result["unmapped"] = [(e.codebook, CodebookEntry(codebook=e.codebook, code=e.code).reference,
                           e.name, e.reviewed) for e in entries if not e.maps_to]
    return result


def registry_file_check(upload) -> str:
    """The file's name, or ValidationError when it cannot be the national file."""
    name = (getattr(upload, "name", "") or "rpss.json").rsplit("/", 1)[-1][:200]
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.")
                               % {"mb": MAX_FILE_BYTES // 2**20}})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if not name.lower().endswith(".json"):
        raise ValidationError({"file": _("Upload the registry's rpss.json.")})
    return name


def registry_file_create(*, upload, user=None, queue: bool = True) -> RegistryFile:
    """Keep an uploaded national file and (``queue``) send the job that reads it, after
    commit."""
    name = registry_file_check(upload)
    with transaction.atomic():
        registry_file = RegistryFile(filename=name, size=upload.size,
                                     loaded_by=user if getattr(user, "pk", None) else None)
        registry_file.file.save(f"rpss-{timezone.now():%Y%m%d-%H%M%S}.json", upload, save=False)
        registry_file.save()
        if queue:
            _dispatch(registry_file.pk)
    return registry_file


def _dispatch(file_id: int) -> None:
    """The platform job's outbox row, in the caller's transaction (workers/outbox.py)."""
    outbox.record(task_name="hub.rpss.registry_file_read_task", key=f"rpss.file:{file_id}",
                  kwargs={"file_id": file_id}, schema_name="public")


def _progress(registry_file: RegistryFile, done_bytes: int) -> None:
    share = min(99, int(100 * done_bytes / max(registry_file.size, 1)))
    RegistryFile.objects.filter(pk=registry_file.pk).update(progress=share,
                                                            heartbeat_at=timezone.now())


def registry_file_read(*, registry_file: RegistryFile, today=None) -> RegistryFile:
    """Read a national file once into the snapshot (the platform job's body).

    Streams the file (bounded memory); every service whose record changed is written, in
    batches of 500; services missing from a completely read file are marked gone. A file that
    breaks off half-way fails without marking anything gone (the rows written before the
    break are the registry's own, newer data). Safe to run again on the same file."""
    today = today or timezone.localdate()
    RegistryFile.objects.filter(pk=registry_file.pk).update(
        status=RegistryFile.Status.RUNNING, started_at=timezone.now(), progress=0,
        attempts=F("attempts") + 1, heartbeat_at=timezone.now())
    registry_file.refresh_from_db()
    maps = selectors.maps()
    known = dict(RegistryService.objects.values_list("registry_id", "content_hash"))
    counts = {"read": 0, "new": 0, "changed": 0, "unchanged": 0, "ended": 0, "gone": 0,
              "blocked": 0, "no_territory": 0}
    sample, seen, batch = [], set(), []
    try:
        with default_storage.open(registry_file.file.name, "rb") as stream:
            for record in reader.read(stream, maps=maps, today=today,
                                      progress=lambda done, _n: _progress(registry_file, done)):
                counts["read"] += 1
                rid = record["registry_id"]
                for problem in record["problems"]:
                    if len(sample) < _PROBLEM_SAMPLE:
                        sample.append({"registry_id": rid, **problem})
                if not rid or rid in seen:
                    counts["blocked"] += 1
                    continue
                seen.add(rid)
                counts["blocked"] += reader.blocking(record)
                counts["ended"] += record["ended_on"] is not None
                keys = reader.territory_keys(record)
                counts["no_territory"] += not keys
                digest = reader.content_hash(record)
                if known.get(rid) == digest:
                    counts["unchanged"] += 1
                    continue
                counts["changed" if rid in known else "new"] += 1
                batch.append(RegistryService(
                    registry_id=rid, record=record, territory_keys=keys,
                    service_type=record["service_type"], ended_on=record["ended_on"],
                    gone=False, content_hash=digest, seen_in=registry_file,
                    changed_in=registry_file))
                if len(batch) >= _BATCH:
                    _write(batch)
                    batch = []
            _write(batch)
    except reader.NotRegistryFile as error:
        return _fail(registry_file, problems.file_error(error), counts, sample)
    except Exception:
        logger.exception("Reading registry file %s failed", registry_file.pk)
        _fail(registry_file, _("The file could not be read to the end; nothing was marked "
                               "as gone. Try loading it again."), counts, sample)
        raise
    with transaction.atomic():
        RegistryService.objects.filter(registry_id__in=list(seen)).update(seen_in=registry_file)
        counts["gone"] = RegistryService.objects.exclude(registry_id__in=list(seen)).filter(
            gone=False).update(gone=True, changed_in=registry_file)
        RegistryFile.objects.filter(pk=registry_file.pk).update(
            status=RegistryFile.Status.DONE, progress=100, counts=counts, problems=sample,
            finished_at=timezone.now(), message=_done_message(counts))
    registry_file.refresh_from_db()
    return registry_file


def _write(batch: list) -> None:
    if batch:
        RegistryService.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["registry_id"],
            update_fields=["record", "territory_keys", "service_type", "ended_on", "gone",
                           "content_hash", "seen_in", "changed_in", "updated_at"])


def _fail(registry_file, message, counts, sample) -> RegistryFile:
    RegistryFile.objects.filter(pk=registry_file.pk).update(
        status=RegistryFile.Status.FAILED, message=message, counts=counts, problems=sample,
        finished_at=timezone.now())
    registry_file.refresh_from_db()
    return registry_file


def _done_message(counts: dict) -> str:
    return _("%(read)s services read: %(new)s new, %(changed)s changed, %(unchanged)s "
             "unchanged, %(gone)s no longer in the registry; %(blocked)s cannot go into a "
             "catalogue, %(no_territory)s name no municipality.") % counts
