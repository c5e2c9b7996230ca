"""The outbox's rules, against the real database and Redis (no worker needed: the messages
name a task no worker knows, so a worker that reads them drops them)."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from workers import fanout, outbox
from workers.models import Dispatch

pytestmark = pytest.mark.django_db
TASK = "tests.outbox_probe_task"


def _row(**fields) -> Dispatch:
    fields.setdefault("schema_name", "m_probe")
    fields.setdefault("task_name", TASK)
    fields.setdefault("due_at", timezone.now() - datetime.timedelta(hours=3))
    return Dispatch.objects.create(**fields)


def test_a_fan_out_round_records_each_municipality_once_due_over_the_window(alfa, beta):
    now = timezone.now()
    assert fanout.fan_out(task_name=TASK, window=1800, run="r1", now=now) == 2
    assert fanout.fan_out(task_name=TASK, window=1800, run="r1", now=now) == 2  # beat again
    rows = Dispatch.objects.filter(key=f"fanout:{TASK}:r1").order_by("schema_name")
    assert [r.schema_name for r in rows] == ["m_alfa", "m_beta"]
    for row in rows:
        offset = fanout.jitter_seconds(schema_name=row.schema_name, task_name=TASK,
                                       window=1800)
        assert row.due_at == now + datetime.timedelta(seconds=offset)
        assert row.dispatched_at is None
    fanout.fan_out(task_name=TASK, window=1800, run="r2", now=now)
    assert Dispatch.objects.filter(task_name=TASK).count() == 4


def test_the_sweep_sends_each_minute_only_the_slice_that_is_due():
    now = timezone.now()
    due = _row(key="a", due_at=now - datetime.timedelta(seconds=1))
    later = _row(key="b", due_at=now + datetime.timedelta(minutes=10))
    assert outbox.sweep(now=now)["sent"] == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.sends == 1 and due.dispatched_at is not None
    assert later.sends == 0 and later.dispatched_at is None
    assert outbox.sweep(now=now)["sent"] == 0  # sent rows are not sent again
    assert outbox.sweep(now=now + datetime.timedelta(minutes=10))["sent"] == 1


def test_silent_runs_and_lost_messages_are_sent_again_with_backoff():
    now = timezone.now()
    silent_since = now - outbox.STALE_AFTER - datetime.timedelta(seconds=1)
    silent = _row(key="silent", dispatched_at=silent_since, sends=1, task_id="x",
                  started_at=silent_since, heartbeat_at=silent_since)
    alive = _row(key="alive", dispatched_at=now, sends=1, task_id="y", started_at=now,
                 heartbeat_at=now - datetime.timedelta(seconds=10))
    lost = _row(key="lost", dispatched_at=now - outbox.LOST_AFTER - datetime.timedelta(seconds=1),
                sends=1)
    # Sent twice already: waits twice as long before the third send.
    backing_off = _row(key="backoff", sends=2,
                       dispatched_at=now - outbox.LOST_AFTER - datetime.timedelta(seconds=1))
    recent = _row(key="recent", dispatched_at=now - datetime.timedelta(seconds=90), sends=1)
    assert outbox.sweep(now=now)["sent"] == 2
    for row in (silent, alive, lost, backing_off, recent):
        row.refresh_from_db()
    assert (silent.sends, silent.task_id, silent.started_at) == (2, "", None)
    assert (lost.sends, alive.sends, backing_off.sends, recent.sends) == (2, 1, 2, 1)
    # A worker starting: what was sent over a minute ago and never started goes again now.
    assert outbox.sweep(now=now, worker_start=True)["sent"] == 2  # backing_off and recent
    backing_off.refresh_from_db()
    assert backing_off.sends == 3


def test_work_sent_too_often_is_given_up():
    now = timezone.now()
    row = _row(key="poison", sends=outbox.MAX_SENDS,
               dispatched_at=now - outbox.LOST_AFTER_MAX - datetime.timedelta(seconds=1))
    counts = outbox.sweep(now=now)
    assert (counts["sent"], counts["given_up"]) == (0, 1)
    row.refresh_from_db()
    assert row.finished_at is not None


def test_a_claim_is_one_live_run_at_a_time():
    row = _row(key="claim", dispatched_at=timezone.now(), sends=1)
    first = outbox.claim(entry_id=row.pk, task_id="t1")
    assert first is not None
    assert outbox.claim(entry_id=row.pk, task_id="t2") is None  # another, alive: skip
    assert outbox.claim(entry_id=row.pk, task_id="t1") is not None  # same message again
    outbox.finish(first)
    assert outbox.claim(entry_id=row.pk, task_id="t3") is None  # done: skip
    assert outbox.claim(entry_id=row.pk + 10_000, task_id="t4") is None  # unknown


def test_asked_for_again_while_running_the_run_that_ends_sends_it_again(
        django_capture_on_commit_callbacks):
    connection.set_schema_to_public()
    row = outbox.record(task_name=TASK, key="refresh", schema_name="m_probe")
    with django_capture_on_commit_callbacks(execute=True):
        pass
    held = outbox.claim(entry_id=row.pk, task_id="t1")
    # A write lands while it runs, twice: one more run, not two.
    outbox.record(task_name=TASK, key="refresh", schema_name="m_probe", again=True)
    outbox.record(task_name=TASK, key="refresh", schema_name="m_probe", again=True)
    outbox.finish(held)
    row.refresh_from_db()
    assert row.finished_at is None and row.version == 2
    assert (row.task_id, row.started_at) == ("", None)
    assert row.dispatched_at is not None  # sent again by the run that ended
    held = outbox.claim(entry_id=row.pk, task_id="t2")
    outbox.finish(held)
    row.refresh_from_db()
    assert row.finished_at is not None
    # Finished, asked for again: open again (a later write).
    reopened = outbox.record(task_name=TASK, key="refresh", schema_name="m_probe", again=True)
    assert reopened.pk == row.pk and reopened.finished_at is None and reopened.sends == 0


def test_a_worker_that_starts_again_gets_its_earlier_runs_sent_again_at_once():
    """Its node name is unique per instance: a run it held before it died is dead, however
    fresh its last heartbeat; another node's live run is left alone."""
    now = timezone.now()
    mine = _row(key="mine", dispatched_at=now, sends=1, task_id="a", worker="documents@m1",
                started_at=now, heartbeat_at=now)
    theirs = _row(key="theirs", dispatched_at=now, sends=1, task_id="b",
                  worker="documents@m2", started_at=now, heartbeat_at=now)
    assert outbox.sweep(now=now, worker_start=True, restarted="documents@m1")["sent"] == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.sends, mine.task_id, mine.worker, mine.started_at) == (2, "", "", None)
    assert (theirs.sends, theirs.task_id) == (1, "b")
    # The new message takes the row; the dead run's message, redelivered, does not.
    assert outbox.claim(entry_id=mine.pk, task_id="c", worker="documents@m1") is not None
    assert outbox.claim(entry_id=mine.pk, task_id="a", worker="documents@m1") is None


def test_the_dead_runs_own_message_claiming_first_keeps_the_row(monkeypatch):
    """The restarted worker puts its dead run's message back (workers/held.py) and that
    message may claim the row between the start-up sweep reading it and sending it again:
    the sweep then neither releases that live claim nor sends a second run (it did both,
    and the job ran three times)."""
    now = timezone.now()
    started = now - datetime.timedelta(seconds=5)
    row = _row(key="raced", dispatched_at=now, sends=1, task_id="a", worker="documents@m1",
               started_at=started - datetime.timedelta(seconds=30), heartbeat_at=now)
    real = outbox._released_if_dead

    def claimed_meanwhile(candidate, restarted, restarted_at):
        # The same message (task id "a") delivered again and claimed in between.
        assert outbox.claim(entry_id=candidate.pk, task_id="a",
                            worker="documents@m1") is not None
        return real(candidate, restarted, restarted_at)

    monkeypatch.setattr(outbox, "_released_if_dead", claimed_meanwhile)
    counts = outbox.sweep(now=now, worker_start=True, restarted="documents@m1",
                          restarted_at=started)
    assert counts["sent"] == 0
    row.refresh_from_db()
    assert (row.sends, row.task_id, row.worker) == (1, "a", "documents@m1")
    assert row.started_at > started
    # Its run is the one that may close it; a newer message would find it held.
    assert outbox.claim(entry_id=row.pk, task_id="z", worker="documents@m2") is None


def test_a_run_the_restarted_worker_claimed_after_its_start_is_not_taken_for_dead():
    """The start-up sweep runs on another worker, maybe after the restarted one already took
    new work: only the runs it claimed before it started again are sent again."""
    import datetime

    now = timezone.now()
    started = now - datetime.timedelta(seconds=5)
    before = _row(key="before", dispatched_at=now, sends=1, task_id="a", worker="documents@m1",
                  started_at=started - datetime.timedelta(seconds=30), heartbeat_at=now)
    since = _row(key="since", dispatched_at=now, sends=1, task_id="b", worker="documents@m1",
                 started_at=started + datetime.timedelta(seconds=1), heartbeat_at=now)
    counts = outbox.sweep(now=now, worker_start=True, restarted="documents@m1",
                          restarted_at=started)
    assert counts["sent"] == 1
    before.refresh_from_db()
    since.refresh_from_db()
    assert (before.sends, before.task_id, before.started_at) == (2, "", None)
    assert (since.sends, since.task_id, since.worker) == (1, "b", "documents@m1")
