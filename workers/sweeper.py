"""The outbox sweeper as a task: on beat every minute and whenever a worker starts."""

import logging

from celery.signals import worker_ready
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from workers import outbox
from workers.bases import platform_task

log = logging.getLogger(__name__)


@platform_task(name="workers.outbox_sweep_task", time_limit=120, soft_time_limit=100)
def outbox_sweep_task(*, worker_start: bool = False, restarted: str | None = None,
                      restarted_at: str | None = None) -> dict:
    """Send the outbox's due, lost and silent work (workers/outbox.py); a backlog longer
    than one batch sends the next sweep at once."""
    counts = outbox.sweep(worker_start=worker_start, restarted=restarted,
                          restarted_at=parse_datetime(restarted_at) if restarted_at else None)
    if counts["sent"] or counts["given_up"]:
        log.info("outbox sweep: %s", counts)
    if counts["more"]:
        outbox_sweep_task.delay()
    return counts


@worker_ready.connect(dispatch_uid="komplan-outbox-sweep-on-worker-start")
def _sweep_on_worker_start(sender=None, **_kwargs):
    """A worker that starts (again) may be the one that died holding messages: sweep now
    instead of waiting for beat — its own earlier runs (node names are unique per instance)
    are sent again at once, and what was sent and never started goes again sooner."""
    try:
        from workers.held import restore_held_dispatchers

        restore_held_dispatchers(sender.app if sender is not None else outbox_sweep_task.app)
    except Exception:
        log.warning("could not put held dispatcher messages back", exc_info=True)
    try:
        # Its start time goes with it: the sweep runs on another worker, maybe after this
        # one has already claimed new work, which must not be taken for the dead runs.
        outbox_sweep_task.delay(worker_start=True,
                                restarted=getattr(sender, "hostname", None),
                                restarted_at=timezone.now().isoformat())
    except Exception:
        log.warning("could not send the start-up sweep", exc_info=True)
