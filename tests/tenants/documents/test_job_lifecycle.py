"""Jobs that lost their worker are sent again, never block a document, and a job interrupted again and again
is given up with a message in the municipality's language (in process; no render needed)."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.documents import services
from tenants.documents.models import DocumentJob
from tests.conftest import account, client_for
from workers import outbox
from workers.models import Dispatch

pytestmark = pytest.mark.django_db


def test_generate_sends_a_silent_job_again_instead_of_returning_it_stuck(
        beta, django_capture_on_commit_callbacks):
    """The job's outbox row is written with the job; Generate on a job whose worker went
    silent (heartbeat older than STALE_AFTER) sends it again; on a live one it does not."""
    with tenant_context(beta):
        user = account("beta.admin@test.sk")
        with django_capture_on_commit_callbacks(execute=False) as sent:
            first = services.document_generate(user=user, kind="catalogue")
        assert len(sent) == 1
        entry = outbox.entry(key=f"documents.job:{first.pk}")
        assert (entry.task_name, entry.kwargs) == (services.RENDER_TASK, {"job_id": first.pk})
        assert entry.dispatched_at is None  # sent only after commit
        now = timezone.now()
        DocumentJob.objects.filter(pk=first.pk).update(state=DocumentJob.State.RUNNING)
        Dispatch.objects.filter(pk=entry.pk).update(dispatched_at=now, sends=1, task_id="a",
                                                    started_at=now, heartbeat_at=now)
        with django_capture_on_commit_callbacks(execute=False) as sent:
            assert services.document_generate(user=user, kind="catalogue").pk == first.pk
        assert sent == []  # alive: left alone
        silent = now - outbox.STALE_AFTER - datetime.timedelta(seconds=1)
        Dispatch.objects.filter(pk=entry.pk).update(heartbeat_at=silent)
        with django_capture_on_commit_callbacks(execute=False) as sent:
            assert services.document_generate(user=user, kind="catalogue").pk == first.pk
        assert len(sent) == 1
        assert DocumentJob.objects.count() == 1


def test_a_job_without_an_outbox_row_gets_one_on_generate(beta):
    """A job left over from before the outbox (or whose row was given up) is not stuck."""
    with tenant_context(beta):
        user = account("beta.admin@test.sk")
        job = services.document_generate(user=user, kind="catalogue")
        Dispatch.objects.filter(key=f"documents.job:{job.pk}").delete()
        assert services.document_generate(user=user, kind="catalogue").pk == job.pk
        entry = outbox.entry(key=f"documents.job:{job.pk}")
        assert entry is not None and entry.finished_at is None


def test_a_job_interrupted_too_often_is_given_up_in_the_municipalitys_language(beta):
    with tenant_context(beta):
        job = services.document_generate(user=account("beta.admin@test.sk"), kind="catalogue")
        DocumentJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS,
                                                     state=DocumentJob.State.RUNNING)
        services.document_job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.state == DocumentJob.State.FAILED
        assert job.attempts == services.MAX_ATTEMPTS and job.version_id is None
        assert "přerušeno 3krát" in job.error


def test_queued_state_is_read_from_the_pages_own_municipality(alfa, beta):
    """The same job id in two municipalities: each page reads its own schema's outbox row;
    another municipality's staff and anonymous visitors get no job page at all."""
    from tenants.documents.models import Document

    with tenant_context(alfa):
        queued = services.document_generate(user=account("alfa.editor@test.sk"),
                                            kind="catalogue")  # sent after commit: never, in a test
    with tenant_context(beta):
        document = Document.objects.create(kind="catalogue", title="Katalog")
        DocumentJob.objects.create(pk=queued.pk, document=document)
        Dispatch.objects.create(schema_name="m_beta", key=f"documents.job:{queued.pk}",
                                task_name=services.RENDER_TASK, dispatched_at=timezone.now(),
                                sends=1)
    path = f"/staff/documents/jobs/{queued.pk}/"
    alfa_page = client_for(alfa, account("alfa.viewer@test.sk")).get(path)
    assert alfa_page.status_code == 200
    assert "čaká vo fronte — začne sa, keď bude spracovanie na pozadí k dispozícii" in \
        alfa_page.content.decode()
    beta_page = client_for(beta, account("beta.admin@test.sk")).get(path)
    assert beta_page.status_code == 200
    assert "čeká ve frontě" not in beta_page.content.decode()
    assert client_for(beta, account("alfa.viewer@test.sk")).get(path).status_code == 403
    anonymous = client_for(alfa).get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/signin/?next=")
