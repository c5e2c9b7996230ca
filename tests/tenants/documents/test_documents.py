"""Documents end to end with the real documents worker: generate, wait, extract the PDF's
text; versions only when data change; a killed render still completes exactly once;
one municipality never sees another's data or files."""

import io
import os
import re
import signal
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for, wait_for
from tests.tenants.documents.conftest import plan_with_everything

pytestmark = pytest.mark.worker


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text.replace("\xad\n", "")  # words hyphenated at line ends


def _generate(client, kind, subject_id=None):
    data = {"kind": kind} | ({"subject_id": subject_id} if subject_id else {})
    response = client.post("/staff/documents/generate/", data)
    assert response.status_code == 302, response.content[:500]
    assert "/staff/documents/jobs/" in response["Location"]
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


def _job(municipality, job_id):
    from tenants.documents.models import DocumentJob

    with tenant_context(municipality):
        return DocumentJob.objects.select_related("version", "document").get(pk=job_id)


def _finished(municipality, job_id):
    job = _job(municipality, job_id)
    return job if job.is_finished else None


def _download(client, job):
    response = client.get(f"/staff/documents/versions/{job.version_id}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def alfa_plan(documents_db):
    return plan_with_everything(documents_db["alfa"], editor_email="alfa.editor@test.sk",
                                title="Komunitný plán Alfy — ľščťžýáíéäôňďŕĺ")


def test_plan_action_plan_and_evaluation_end_to_end(documents_db, alfa_plan):
    alfa = documents_db["alfa"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    from tenants.documents.models import DocumentVersion

    with tenant_context(alfa):  # approvals and publications made some PDFs already (#14)
        made = set(DocumentVersion.objects.values_list("document__kind", flat=True))
    jobs = {kind: _generate(client, kind, alfa_plan[key]) for kind, key in
            (("plan", "plan"), ("action-plan", "action_plan"), ("evaluation", "evaluation"))}
    texts = {}
    for kind, job_id in jobs.items():
        job = wait_for(lambda job_id=job_id: _finished(alfa, job_id), timeout=60)
        assert job.state == "done", job.error
        # Same data as the automatic PDF: that version, no new file; else the first version.
        assert job.version.number == 1 and job.attempts == 1
        assert job.unchanged is (kind in made)
        pages, text = _pdf_text(_download(client, job))
        assert pages == job.version.pages
        texts[kind] = (pages, text)
        # The job page shows the download once done.
        page = client.get(f"/staff/documents/jobs/{job_id}/").content.decode()
        assert f"/staff/documents/versions/{job.version_id}/download/" in page

    pages, text = texts["plan"]
    assert 3 <= pages <= 10
    assert "Komunitný plán Alfy — ľščťžýáíéäôňďŕĺ" in text.replace("\n", " ")
    for words in ("Denný stacionár", "Opatrovateľská služba", "Odbor sociálnych vecí",
                  "Seniori", "Rodina", "Strana 2 z"):
        assert words in text, words
    pages, text = texts["action-plan"]
    assert pages in range(1, 5), pages
    assert "Akčný plán 2024" in text and "Projekt" in text and "30. 6. 2024" in text
    assert "5\xa0000,00\xa0€" in text or "5 000,00 €" in text  # money with its currency
    pages, text = texts["evaluation"]
    assert 2 <= pages <= 8
    assert "Hodnotiaca správa 2024" in text
    assert "Splnené načas." in text and "splnené" in text
    # Roll-up: 1.2 fulfilled 100 %, 1.1 by activities 50 % (weight 1) → 50 %; priority 1:
    # (1·50 + 3·100)/4 = 87.5 %; priority 2 not evaluated.
    assert "87,5 %" in text and "50,0 %" in text
    # The indicator's actual value as people write it (#14 point 5: was "13,00").
    assert re.search(r"(?<![\d,])13(?![\d,])", text) and "13,00" not in text


def test_unchanged_data_makes_no_new_version_changed_data_does(documents_db, alfa_plan):
    from tenants.documents.models import DocumentVersion
    from tenants.plans.models import Plan

    alfa = documents_db["alfa"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    job_id = _generate(client, "plan", alfa_plan["plan"])
    first = wait_for(lambda: _finished(alfa, job_id), timeout=60)
    assert first.state == "done" and first.version.number == 1

    job_id = _generate(client, "plan", alfa_plan["plan"])
    again = wait_for(lambda: _finished(alfa, job_id), timeout=60)
    assert again.state == "done" and again.unchanged is True
    assert again.version_id == first.version_id
    assert again.input_hash == first.input_hash
    with tenant_context(alfa):
        # (the evaluation's publication made its own PDF too: only the plan's count here)
        assert DocumentVersion.objects.filter(document__kind="plan").count() == 1
        # (a plan in force is edited through an amendment; here only its data matter)
        Plan.objects.filter(pk=alfa_plan["plan"]).update(
            vision="Nová vízia: služby bližšie k ľuďom.")

    job_id = _generate(client, "plan", alfa_plan["plan"])
    changed = wait_for(lambda: _finished(alfa, job_id), timeout=60)
    assert changed.state == "done" and changed.unchanged is False
    assert changed.version.number == 2 and changed.input_hash != first.input_hash
    _pages, text = _pdf_text(_download(client, changed))
    assert "Nová vízia: služby bližšie k ľuďom." in text
    with tenant_context(alfa):
        # The first version is kept and still downloadable.
        assert sorted(DocumentVersion.objects.filter(document__kind="plan").values_list(
            "number", flat=True)) == [1, 2]
    _pages, old_text = _pdf_text(_download(client, first))
    assert "Nová vízia" not in old_text


def test_worker_killed_mid_render_completes_exactly_once(documents_db, alfa_plan):
    from tenants.documents import services
    from tenants.documents.models import DocumentVersion

    alfa = documents_db["alfa"]
    with tenant_context(alfa):
        job = services.document_generate(user=account("alfa.editor@test.sk"), kind="plan",
                                         subject_id=alfa_plan["plan"],
                                         parameters={"test_pause_seconds": 20})
    running = wait_for(lambda: (lambda j: j if j.state == "running" and j.worker_pid else None)(
        _job(alfa, job.pk)), timeout=60)
    os.kill(running.worker_pid, signal.SIGKILL)  # the pool process dies mid-render
    done = wait_for(lambda: _finished(alfa, job.pk), timeout=90)
    assert done.state == "done", done.error
    assert done.attempts == 2
    assert done.worker_pid != running.worker_pid  # a fresh process finished it
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=done.document).count() == 1
        # No half-written file is left beside the finished one.
        folder = Path(settings.MEDIA_ROOT) / alfa.schema_name / "documents" / "plan"
        assert not [p for p in folder.iterdir() if ".part-" in p.name]


def test_whole_worker_killed_mid_render_completes_once_after_a_restart(documents_db, alfa_plan):
    """The worker machine dies (main process and pool, SIGKILL, no chance to requeue): the
    message stays unacknowledged in Redis; the restarted worker takes it back once the
    visibility timeout has passed (660 s in production, 3 s here, swept for every second) and
    finishes the job once. The test waits for that to happen, not for a clock."""
    import subprocess
    import sys

    import redis

    from tenants.documents.models import DocumentJob, DocumentVersion
    from tenants.documents.tasks import document_render_task
    from tests.conftest import ROOT

    alfa = documents_db["alfa"]
    queue = f"documents-restart-{os.getpid()}"
    env = dict(os.environ, CONN_MAX_AGE="0", KOMPLAN_TESTING="1",
               DATABASE_URL=documents_db["database_url"])

    def start_worker(name, **extra):
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", queue, "-c", "1",
             "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
            cwd=ROOT, env=dict(env, **extra), start_new_session=True)

    with tenant_context(alfa):
        from tenants.documents import services

        document = services.document_ensure(kind="plan", subject_id=alfa_plan["plan"])
        job = DocumentJob.objects.create(document=document,
                                         parameters={"test_pause_seconds": 30})
        sent = document_render_task.apply_async(kwargs={"job_id": job.pk}, queue=queue)
    first = start_worker(f"restart-a-{os.getpid()}")
    try:
        wait_for(lambda: _job(alfa, job.pk).state == "running", timeout=60)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert _job(alfa, job.pk).state == "running"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    assert any(sent.id.encode() in message for message in broker.hvals("unacked"))
    second = start_worker(f"restart-b-{os.getpid()}", CELERY_VISIBILITY_TIMEOUT="3",
                          CELERY_RESTORE_INTERVAL="1")
    try:
        done = wait_for(lambda: _finished(alfa, job.pk), timeout=90)
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert done.state == "done", done.error
    assert done.attempts == 2
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(document=document).count() == 1


def test_a_failing_render_ends_as_a_failed_job_with_a_readable_message(documents_db, alfa_plan):
    from tenants.plans.models import Plan

    alfa = documents_db["alfa"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    from tenants.documents import services

    with tenant_context(alfa):
        job = services.document_generate(user=account("alfa.editor@test.sk"), kind="plan",
                                         subject_id=alfa_plan["plan"],
                                         parameters={"test_pause_seconds": 3})
    wait_for(lambda: _job(alfa, job.pk).state == "running", timeout=60)
    with tenant_context(alfa):
        Plan.objects.filter(pk=alfa_plan["plan"]).delete()  # its data vanish mid-job
    failed = wait_for(lambda: _finished(alfa, job.pk), timeout=60)
    assert failed.state == "failed" and failed.attempts == 1
    assert failed.error == "Plán, z ktorého bol dokument vytvorený, už neexistuje."
    page = client.get(f"/staff/documents/jobs/{job.pk}/").content.decode()
    assert "Plán, z ktorého bol dokument vytvorený, už neexistuje." in page


def test_a_job_reads_only_its_own_municipality(documents_db, alfa_plan):
    alfa, beta = documents_db["alfa"], documents_db["beta"]
    beta_plan = plan_with_everything(beta, editor_email="beta.admin@test.sk",
                                     title="Střednědobý plán Bety — řčěůž")
    beta_client = client_for(beta, account("beta.admin@test.sk"))
    alfa_client = client_for(alfa, account("alfa.editor@test.sk"))
    beta_id = _generate(beta_client, "plan", beta_plan["plan"])
    alfa_id = _generate(alfa_client, "plan", alfa_plan["plan"])
    beta_job = wait_for(lambda: _finished(beta, beta_id), timeout=60)
    alfa_job = wait_for(lambda: _finished(alfa, alfa_id), timeout=60)
    assert beta_job.state == alfa_job.state == "done"
    _pages, beta_text = _pdf_text(_download(beta_client, beta_job))
    assert "Střednědobý plán Bety — řčěůž" in beta_text.replace("\n", " ")
    assert "Alfy" not in beta_text and "Strana" in beta_text and "z" in beta_text
    assert "Beta" in beta_text  # the municipality's own name on the cover
    # Czech municipality → Czech labels.
    assert "Obsah" in beta_text
    # Alfa's version cannot be fetched through beta's subdomain, even by beta's admin.
    response = beta_client.get(f"/staff/documents/versions/{alfa_job.version_id}/download/")
    if alfa_job.version_id == beta_job.version_id:  # ids are per schema: that id is Beta's own
        assert response.status_code == 200
        served = b"".join(response.streaming_content)
        assert served == _download(beta_client, beta_job)
        assert served != _download(alfa_client, alfa_job)
    else:
        assert response.status_code == 404
    # Files live in each municipality's own folder.
    with tenant_context(alfa):
        assert _job(alfa, alfa_job.pk).version.file.path.startswith(
            str(Path(settings.MEDIA_ROOT) / "m_alfa") + "/")
    with tenant_context(beta):
        assert _job(beta, beta_job.pk).version.file.path.startswith(
            str(Path(settings.MEDIA_ROOT) / "m_beta") + "/")
