"""The outbox: work is recorded in the database first and sent to the broker after commit.

A service records what must happen (`record`) in its own transaction; after commit the row
is sent to Redis. When Redis does not answer, nothing fails: the row stays undispatched and
the sweeper (beat, every minute, and every worker's start) sends it when the broker is back.
The broker message carries only the row's id (a header); the task claims the row when it
starts, keeps a heartbeat on it while it runs, and closes it at the end (workers/bases.py).
A row whose run went silent (its worker was killed) is sent again by the sweeper, so no work
waits for Redis's visibility timeout. Sending twice is harmless: a run that finds its row
closed, or held by another live run, does nothing.
"""

import datetime
import logging
import threading
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from workers.models import Dispatch

log = logging.getLogger(__name__)

#: The message header naming the outbox row a task works for.
HEADER = "_outbox_id"
#: How often a running task tells the outbox it is alive.
HEARTBEAT_SECONDS = 20
#: A running task silent for this long has lost its worker: the sweeper sends it again.
STALE_AFTER = datetime.timedelta(seconds=75)
#: A message sent but never started after this long was lost (Redis restarted empty, or the
#: worker that had reserved it was killed); doubled after each send, up to LOST_AFTER_MAX.
LOST_AFTER = datetime.timedelta(minutes=10)
LOST_AFTER_MAX = datetime.timedelta(hours=2)
#: On a worker's start the messages it may have reserved before it died are sent again
#: sooner: anything sent this long ago and never started.
LOST_AFTER_ON_WORKER_START = datetime.timedelta(seconds=60)
#: A row sent this many times without ever finishing is given up (logged as an error).
MAX_SENDS = 20
#: Rows sent per sweep; a longer backlog sends the next sweep at once.
SWEEP_BATCH = 2000
#: Finished rows are kept this long (a fan-out run's rows keep it from running twice a day).
KEEP_FINISHED = datetime.timedelta(days=3)


def _broker_errors() -> tuple:
    import redis

    return (BrokerOperationalError, redis.exceptions.RedisError, OSError)


# Asking for work (inside the caller's transaction) -------------------------------------------

def record(*, task_name: str, key: str, kwargs: dict | None = None,
           schema_name: str | None = None, due_at: datetime.datetime | None = None,
           again: bool = False, countdown: int = 0) -> Dispatch:
    """Record that ``task_name`` must run in ``schema_name`` (default: the current schema) and
    send it after the transaction commits (or at ``due_at``, by the sweeper). An open row of
    the same ``key`` is the same work and is returned as it is; ``again`` asks for it once
    more even when it already runs or has finished (a refresh after a newer write).
    ``countdown``: seconds the message waits (a debounce); keep it to a few seconds — a long
    wait belongs in ``due_at``, never on Redis."""
    schema_name = schema_name or connection.schema_name
    now = timezone.now()
    due_at = due_at or now
    with transaction.atomic():
        entry, created = Dispatch.objects.select_for_update().get_or_create(
            schema_name=schema_name, key=key,
            defaults={"task_name": task_name, "kwargs": kwargs or {}, "due_at": due_at})
        if not created and again and entry.finished_at is not None:
            # Finished before: open it again as new work.
            entry.task_name, entry.kwargs, entry.due_at = task_name, kwargs or {}, due_at
            entry.finished_at = entry.dispatched_at = entry.started_at = None
            entry.heartbeat_at, entry.task_id, entry.sends = None, "", 0
            entry.version += 1
            entry.save()
        elif not created and again and entry.started_at is not None:
            # Running now, on data older than this request: the run that ends sends it again
            # (finish() sees the version moved).
            Dispatch.objects.filter(pk=entry.pk).update(version=F("version") + 1)
        # Otherwise the open row waiting for its worker already covers this request.
        if entry.finished_at is None and entry.started_at is None and \
                entry.dispatched_at is None and entry.due_at <= now:
            pk = entry.pk
            transaction.on_commit(lambda: send_ids([pk], countdown=countdown))
    return entry


def send_ids(ids: list[int], countdown: int = 0) -> int:
    """Send these rows now (after commit); the broker being down is logged, not raised."""
    return send(list(Dispatch.objects.filter(pk__in=ids, finished_at__isnull=True)),
                countdown=countdown)


def send(entries: list[Dispatch], countdown: int = 0) -> int:
    """Put one message per row on the broker; returns how many were sent. Stops at the first
    broker error: the rest stay undispatched for the sweeper."""
    from workers.celery import app

    sent = []
    if not entries:
        return 0
    try:
        # One producer (one connection) for the whole batch: a fan-out slice is hundreds.
        with app.producer_or_acquire() as producer:
            for entry in entries:
                # ignore_result: no one waits for a result here, and asking for one makes
                # Celery subscribe to it on the result backend (Redis) before sending — with
                # Redis down that retries 20 × 1 s and raises RuntimeError (a 500 after 20 s).
                app.send_task(entry.task_name, kwargs=entry.kwargs, producer=producer,
                              countdown=countdown or None, ignore_result=True,
                              headers={"_schema_name": entry.schema_name, HEADER: entry.pk})
                sent.append(entry.pk)
    except _broker_errors() as error:
        log.warning("broker unavailable, %d job(s) stay queued for the sweeper: %r",
                    len(entries) - len(sent), error)
    if sent:
        rows = Dispatch.objects.filter(pk__in=sent)
        rows.update(dispatched_at=Now(), sends=F("sends") + 1)
        # A silent run's claim is released so the new message can take the row; a run that
        # claimed it in the meantime (the old message started after all) keeps it.
        rows.filter(Q(started_at__isnull=True) | Q(heartbeat_at__isnull=True) |
                    Q(heartbeat_at__lt=timezone.now() - STALE_AFTER)).update(
            task_id="", worker="", started_at=None, heartbeat_at=None)
    return len(sent)


# Reading the state of work (for pages) -------------------------------------------------------

def entry(*, key: str, schema_name: str | None = None) -> Dispatch | None:
    return Dispatch.objects.filter(schema_name=schema_name or connection.schema_name,
                                   key=key).first()


def is_stale(entry: Dispatch, *, now=None) -> bool:
    """Open, and neither waiting for its first send nor alive: its run or message was lost."""
    now = now or timezone.now()
    if entry.finished_at is not None or entry.dispatched_at is None:
        return False
    if entry.started_at is not None:
        return (entry.heartbeat_at or entry.started_at) < now - STALE_AFTER
    return entry.dispatched_at < now - LOST_AFTER


def send_again(entry: Dispatch) -> None:
    """Send an open row again after commit (Generate pressed on a job whose worker is gone)."""
    pk = entry.pk
    transaction.on_commit(lambda: send_ids([pk]))


# The task's side (workers/bases.py) ----------------------------------------------------------

@dataclass
class Claim:
    entry_id: int
    version: int
    task_id: str


def claim(*, entry_id: int, task_id: str, worker: str = "") -> Claim | None:
    """Take the row for this run; None when there is nothing to do: the row is gone or
    finished, or another run holds it and is alive."""
    now = timezone.now()
    with transaction.atomic():
        entry = Dispatch.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None or entry.finished_at is not None:
            return None
        alive = entry.started_at is not None and \
            (entry.heartbeat_at or entry.started_at) >= now - STALE_AFTER
        # The same task id again is the same message redelivered after its process died.
        if alive and entry.task_id != task_id:
            return None
        Dispatch.objects.filter(pk=entry.pk).update(task_id=task_id, worker=worker,
                                                    started_at=now, heartbeat_at=now)
    return Claim(entry_id=entry.pk, version=entry.version, task_id=task_id)


def finish(held: Claim) -> None:
    """Close the row; when it was asked for again meanwhile, release and send it again."""
    closed = Dispatch.objects.filter(pk=held.entry_id, version=held.version,
                                     task_id=held.task_id).update(finished_at=Now())
    if not closed:
        released = Dispatch.objects.filter(pk=held.entry_id, task_id=held.task_id,
                                           finished_at__isnull=True).update(
            task_id="", started_at=None, heartbeat_at=None, dispatched_at=None)
        if released:
            send_ids([held.entry_id])


class Heartbeat(threading.Thread):
    """Touches the row every HEARTBEAT_SECONDS while the task runs, on its own connection
    (a thread's connection starts in the public schema, where the outbox is)."""

    def __init__(self, held: Claim):
        super().__init__(name=f"outbox-heartbeat-{held.entry_id}", daemon=True)
        self.held, self.stopped = held, threading.Event()

    def run(self):
        from django.db import connection as own

        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                try:
                    Dispatch.objects.filter(pk=self.held.entry_id,
                                            task_id=self.held.task_id).update(heartbeat_at=Now())
                except Exception:
                    log.warning("outbox heartbeat of %s failed", self.held.entry_id,
                                exc_info=True)
        finally:
            own.close()

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)


# The sweeper ---------------------------------------------------------------------------------

def _lost_after(sends: int) -> datetime.timedelta:
    return min(LOST_AFTER * 2 ** max(sends - 1, 0), LOST_AFTER_MAX)


def _released_if_dead(row: Dispatch, restarted: str | None,
                      restarted_at: datetime.datetime | None) -> bool:
    """A run of the worker that started again is dead even though its heartbeat looks fresh:
    release its claim *before* the new message goes, and only if it is still the claim this
    sweep read — the dead run's own message, put back on the queue when the worker started
    (workers/held.py), may have claimed the row since, and then that run keeps it and
    nothing is sent. False: leave the row alone."""
    if not (restarted and row.started_at and row.worker == restarted
            and (restarted_at is None or row.started_at < restarted_at)):
        return True
    return bool(Dispatch.objects.filter(pk=row.pk, started_at=row.started_at,
                                        task_id=row.task_id, finished_at__isnull=True).update(
        task_id="", worker="", started_at=None, heartbeat_at=None))


def sweep(*, worker_start: bool = False, restarted: str | None = None,
          restarted_at: datetime.datetime | None = None, now=None,
          batch: int = SWEEP_BATCH) -> dict:
    """Send what is due and was never sent, runs that went silent and messages that were
    lost. Reads only open rows (a partial index): the cost follows the pending work, not the
    number of municipalities. ``restarted``: a worker node that just started — the runs it
    held before are dead whatever their heartbeat says; ``restarted_at``: when it started —
    a run it claimed since then is its new life's, alive (the sweep it asked for may run
    after it already took work). Returns counts for the log and the tests."""
    now = now or timezone.now()
    open_rows = Dispatch.objects.filter(finished_at__isnull=True, due_at__lte=now)
    first_lost = LOST_AFTER_ON_WORKER_START if worker_start else LOST_AFTER
    wanted = (Q(dispatched_at__isnull=True)
              | Q(started_at__isnull=False, heartbeat_at__lt=now - STALE_AFTER)
              | Q(started_at__isnull=True, dispatched_at__lt=now - first_lost))
    dead = Q(started_at__isnull=False, worker=restarted or "-")
    if restarted_at is not None:
        dead &= Q(started_at__lt=restarted_at)
    if restarted:
        wanted |= dead
    candidates = open_rows.filter(wanted).order_by("due_at", "pk")[:batch]
    todo, given_up = [], []
    for row in candidates:
        if row.dispatched_at is not None and row.started_at is None and not worker_start \
                and row.dispatched_at >= now - _lost_after(row.sends):
            continue  # sent not long ago: back off before sending a lost message again
        if row.sends >= MAX_SENDS:
            given_up.append(row)
        else:
            todo.append(row)
    for row in given_up:
        log.error("outbox: %s sent %d times without finishing; given up", row, row.sends)
    if given_up:
        Dispatch.objects.filter(pk__in=[r.pk for r in given_up]).update(finished_at=Now())
    todo = [row for row in todo if _released_if_dead(row, restarted, restarted_at)]
    sent = send(todo)
    purged = 0
    if now.minute % 30 == 0:
        purged, _ = Dispatch.objects.filter(finished_at__lt=now - KEEP_FINISHED).delete()
    return {"sent": sent, "due": len(todo), "given_up": len(given_up), "purged": purged,
            "more": len(todo) + len(given_up) >= batch and sent == len(todo)}
