"""Generation survives faults: asked for while the broker is down it is kept and runs when
the broker is back; a worker killed as a whole is noticed by its silent heartbeat and the
job runs again once; a storage that cannot be written ends the job with a message naming
storage. Real PostgreSQL, Redis and documents worker."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import ROOT, account, client_for, wait_for
from tests.tenants.documents.conftest import plan_with_everything
from tests.workers.broker import broker_down
from workers import outbox
from workers.models import Dispatch

pytestmark = pytest.mark.worker

QUEUED_SK = "čaká vo fronte — začne sa, keď bude spracovanie na pozadí k dispozícii"


@pytest.fixture
def alfa_plan(documents_db):
    yield plan_with_everything(documents_db["alfa"], editor_email="alfa.editor@test.sk",
                               title="Komunitný plán Alfy")
    Dispatch.objects.filter(schema_name__in=["m_alfa", "m_beta"]).delete()


def _job(municipality, job_id):
    from tenants.documents.models import DocumentJob

    with tenant_context(municipality):
        return DocumentJob.objects.select_related("document").get(pk=job_id)


def _finished(municipality, job_id):
    job = _job(municipality, job_id)
    return job if job.is_finished else None


def test_generate_with_the_broker_down_is_kept_and_runs_when_it_is_back(documents_db,
                                                                         alfa_plan):
    from tenants.documents.models import DocumentVersion

    alfa = documents_db["alfa"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    with broker_down():
        response = client.post("/staff/documents/generate/",
                               {"kind": "plan", "subject_id": alfa_plan["plan"]})
        assert response.status_code == 302
        job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert QUEUED_SK in page.content.decode()
        # Pressing Generate again is the same job, still queued, still no error.
        again = client.post("/staff/documents/generate/",
                            {"kind": "plan", "subject_id": alfa_plan["plan"]})
        assert again["Location"] == response["Location"]
        with tenant_context(alfa):
            entry = outbox.entry(key=f"documents.job:{job_id}")
        assert (entry.dispatched_at, entry.sends, entry.finished_at) == (None, 0, None)
        # The sweeper cannot reach the broker either: nothing is lost or marked as sent.
        assert outbox.sweep()["sent"] == 0
    assert _job(alfa, job_id).state == "pending"
    # The broker is back: the next sweep (beat, or a worker's start) sends it.
    assert outbox.sweep()["sent"] >= 1
    done = wait_for(lambda: _finished(alfa, job_id), timeout=90)
    assert done.state == "done", done.error
    assert done.attempts == 1
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=done.document).count() == 1
    entry = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                     finished_at__isnull=False).first())
    assert entry.sends == 1
    assert QUEUED_SK not in client.get(response["Location"]).content.decode()


def test_whole_worker_killed_the_silent_job_runs_again_once(documents_db, alfa_plan):
    """The worker dies as a whole (SIGKILL of main process and pool): its message stays
    unacknowledged in Redis for the visibility timeout, but the job's heartbeat stops; the
    sweeper sends it again (here asked with a clock moved past STALE_AFTER) and a live worker
    finishes it once. Generate on the silent job sends it again too instead of returning it."""
    from tenants.documents import services
    from tenants.documents.models import DocumentJob, DocumentVersion
    from workers.celery import app

    alfa = documents_db["alfa"]
    queue = f"documents-dies-{os.getpid()}"
    with tenant_context(alfa):
        document = services.document_ensure(kind="plan", subject_id=alfa_plan["plan"])
        job = DocumentJob.objects.create(document=document,
                                         parameters={"test_pause_seconds": 30})
        entry = Dispatch.objects.create(schema_name="m_alfa", key=f"documents.job:{job.pk}",
                                        task_name=services.RENDER_TASK,
                                        kwargs={"job_id": job.pk}, dispatched_at=timezone.now(),
                                        sends=1)
    # Sent the way outbox.send sends it, to a queue only the doomed worker reads.
    app.send_task(services.RENDER_TASK, kwargs={"job_id": job.pk}, queue=queue,
                  headers={"_schema_name": "m_alfa", outbox.HEADER: entry.pk})
    doomed = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", queue, "-c", "1",
         "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h"],
        cwd=ROOT, env=dict(os.environ, CONN_MAX_AGE="0", KOMPLAN_TESTING="1",
                           DATABASE_URL=documents_db["database_url"]),
        start_new_session=True)
    try:
        wait_for(lambda: _job(alfa, job.pk).state == "running", timeout=60)
        held = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                        started_at__isnull=False).first())
    finally:
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    assert held.task_id and held.heartbeat_at
    # Not yet silent long enough: not sent twice.
    outbox.sweep()
    assert Dispatch.objects.get(pk=entry.pk).sends == 1
    with tenant_context(alfa):
        # Generate while it is silent: the same job, sent again (to the documents worker).
        Dispatch.objects.filter(pk=entry.pk).update(
            heartbeat_at=timezone.now() - outbox.STALE_AFTER - datetime.timedelta(seconds=5))
        again = services.document_generate(user=account("alfa.editor@test.sk"), kind="plan",
                                           subject_id=alfa_plan["plan"])
    assert again.pk == job.pk
    done = wait_for(lambda: _finished(alfa, job.pk), timeout=120)
    assert done.state == "done", done.error
    assert done.attempts == 2
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=document).count() == 1
    closed = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                      finished_at__isnull=False).first())
    # Sent again by Generate; a sweep running at that same moment (every worker's start asks
    # for one, and the default worker may take it late) may send it too — that copy finds the
    # row held by the live run and does nothing, as attempts and versions above show.
    assert closed.sends in (2, 3)
    # The dead worker's message, redelivered by Redis later, finds the work done.
    assert outbox.claim(entry_id=entry.pk, task_id=held.task_id) is None


def test_whole_worker_killed_and_started_again_runs_its_job_again_at_once(documents_db,
                                                                        alfa_plan):
    """The same worker node starts again right after it was killed: its start-up sweep sends
    its earlier run again at once (no waiting for the heartbeat to go stale, nor for Redis's
    visibility timeout), and the job is done once."""
    from tenants.documents import services
    from tenants.documents.models import DocumentJob, DocumentVersion
    from workers.celery import app

    alfa = documents_db["alfa"]
    queue = f"documents-again-{os.getpid()}"
    with tenant_context(alfa):
        document = services.document_ensure(kind="plan", subject_id=alfa_plan["plan"])
        job = DocumentJob.objects.create(document=document,
                                         parameters={"test_pause_seconds": 30})
        entry = Dispatch.objects.create(schema_name="m_alfa", key=f"documents.job:{job.pk}",
                                        task_name=services.RENDER_TASK,
                                        kwargs={"job_id": job.pk}, dispatched_at=timezone.now(),
                                        sends=1)
    app.send_task(services.RENDER_TASK, kwargs={"job_id": job.pk}, queue=queue,
                  headers={"_schema_name": "m_alfa", outbox.HEADER: entry.pk})

    def start():
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", queue, "-c", "1",
             "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"{queue}@%h"],
            cwd=ROOT, env=dict(os.environ, CONN_MAX_AGE="0", KOMPLAN_TESTING="1",
                               DATABASE_URL=documents_db["database_url"]),
            start_new_session=True)

    first = start()
    try:
        wait_for(lambda: _job(alfa, job.pk).state == "running", timeout=60)
        held = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                        started_at__isnull=False).first())
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert held.worker == f"{queue}@{socket.gethostname()}"
    second = start()
    try:
        done = wait_for(lambda: _finished(alfa, job.pk), timeout=120)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert done.state == "done", done.error
    assert done.attempts == 2
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=document).count() == 1
    closed = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                      finished_at__isnull=False).first())
    # Either way is at once: the dead run's own message, put back on the queue as the worker
    # started (workers/held.py), claimed the row first and nothing was sent (1), or the
    # start-up sweep released the dead claim and sent it again (2); never both.
    assert closed.sends in (1, 2)


def test_the_sweeper_sends_a_silent_job_again(documents_db, alfa_plan):
    from tenants.documents import services
    from tenants.documents.models import DocumentJob, DocumentVersion

    alfa = documents_db["alfa"]
    with tenant_context(alfa):
        document = services.document_ensure(kind="plan", subject_id=alfa_plan["plan"])
        job = DocumentJob.objects.create(document=document, state=DocumentJob.State.RUNNING,
                                         attempts=1)
        long_ago = timezone.now() - datetime.timedelta(minutes=5)
        entry = Dispatch.objects.create(
            schema_name="m_alfa", key=f"documents.job:{job.pk}", task_name=services.RENDER_TASK,
            kwargs={"job_id": job.pk}, dispatched_at=long_ago, sends=1, task_id="gone",
            started_at=long_ago, heartbeat_at=long_ago)
    assert outbox.sweep()["sent"] >= 1
    assert Dispatch.objects.get(pk=entry.pk).sends == 2
    done = wait_for(lambda: _finished(alfa, job.pk), timeout=120)
    assert done.state == "done", done.error
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=document).count() == 1
    assert wait_for(lambda: Dispatch.objects.get(pk=entry.pk).finished_at)


def test_storage_that_cannot_be_written_ends_the_job_naming_storage(documents_db, alfa_plan):
    from tenants.documents.models import DocumentVersion
    from tenants.plans.models import Plan

    alfa = documents_db["alfa"]
    client = client_for(alfa, account("alfa.editor@test.sk"))

    # The plan's approval and the evaluation's publication made their PDFs already (#14,
    # settled by the fixture): change the plan so that a new file must be written.
    with tenant_context(alfa):
        made = DocumentVersion.objects.count()
        Plan.objects.filter(pk=alfa_plan["plan"]).update(vision="Zmenená vízia pre úložisko.")
    folder = Path(settings.MEDIA_ROOT) / alfa.schema_name / "documents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # the storage cannot make documents/plan/ under it
    try:
        response = client.post("/staff/documents/generate/",
                               {"kind": "plan", "subject_id": alfa_plan["plan"]})
        job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
        failed = wait_for(lambda: _finished(alfa, job_id), timeout=90)
    finally:
        folder.unlink()
    assert failed.state == "failed"
    assert failed.error.startswith("Súbor sa nepodarilo uložiť do úložiska: ")
    assert str(settings.MEDIA_ROOT) not in failed.error
    assert failed.error in client.get(response["Location"]).content.decode()
    with tenant_context(alfa):
        assert DocumentVersion.objects.count() == made  # nothing added
