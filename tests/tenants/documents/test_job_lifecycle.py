"""Jobs that lost their worker never block a document, and a job interrupted again and again
is given up with a message in the municipality's language (in process; no render needed)."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.documents import services
from tenants.documents.models import DocumentJob
from tests.conftest import account

pytestmark = pytest.mark.django_db


def test_a_stale_job_is_failed_and_a_new_one_made(beta):
    with tenant_context(beta):
        user = account("beta.admin@test.sk")
        first = services.document_generate(user=user, kind="catalogue")
        assert services.document_generate(user=user, kind="catalogue").pk == first.pk
        DocumentJob.objects.filter(pk=first.pk).update(
            state=DocumentJob.State.RUNNING,
            created_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(minutes=1))
        second = services.document_generate(user=user, kind="catalogue")
        first.refresh_from_db()
        assert second.pk != first.pk and second.state == DocumentJob.State.PENDING
        assert first.state == DocumentJob.State.FAILED
        assert "Generování skončilo" in first.error  # Czech municipality, Czech message


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
