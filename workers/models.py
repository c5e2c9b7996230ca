"""The outbox: background work that must happen, one public-schema row per piece of work."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Dispatch(models.Model):
    """One piece of background work (a document job, an import step, a regional refresh, a
    municipality's share of a nightly fan-out) from the moment it is asked for until its task
    ends. The broker only carries a pointer to this row: a message lost with Redis, or held by
    a worker that was killed, is sent again by the sweeper (workers/outbox.py).

    One table for every municipality, so the sweep reads only the unfinished rows (a partial
    index), never 9,000 schemas."""

    schema_name = models.CharField(max_length=63)
    task_name = models.CharField(max_length=200)
    # Unique per schema while the row lives: "documents.job:12", "regional.refresh",
    # "fanout:<task>:<date>" — asking twice for the same work is one row.
    key = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    # Not to be sent before this (a debounce, a fan-out slot).
    due_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)
    # The run that holds it: Celery task id, when it started, its last sign of life.
    task_id = models.CharField(max_length=64, blank=True)
    # The worker node that runs it: when that node starts again, its runs are dead for sure.
    worker = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Bumped when the work is asked for again while it runs: that run then does not close it.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["schema_name", "key"],
                                               name="one_dispatch_per_key")]
        indexes = [models.Index(fields=["due_at"], name="dispatch_open_due",
                                condition=Q(finished_at__isnull=True))]

    def __str__(self):
        return f"{self.schema_name}:{self.key}"
