"""A real worker process: tasks run in the sender's schema, refuse public, and fan out."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context, tenant_context

from tenants.portal.models import WorkerCheck
from tenants.portal.tasks import worker_check_task
from tests.conftest import account, client_for, wait_for
from workers.bases import TenantSchemaRequired
from workers.fanout import fan_out_task, jitter_seconds

pytestmark = pytest.mark.worker


def _checks(municipality):
    with tenant_context(municipality):
        return list(WorkerCheck.objects.values_list("schema_name", "source"))


@pytest.fixture
def clean_checks(live_db):
    from hub.municipalities.models import Municipality

    places = list(Municipality.objects.filter(slug__in=["alfa", "beta"]))
    yield {m.slug: m for m in places}
    for m in places:
        with tenant_context(m):
            WorkerCheck.objects.all().delete()


def test_task_sent_from_a_tenant_request_runs_in_that_schema(clean_checks):
    alfa, beta = clean_checks["alfa"], clean_checks["beta"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    assert client.post("/staff/worker-check/").status_code == 302
    assert wait_for(lambda: _checks(alfa)) == [("m_alfa", "request")]
    assert _checks(beta) == []
    page = client.get("/staff/").content.decode()
    assert "posledne" in page or "naposledy" in page


def test_tenant_task_refuses_the_public_schema(clean_checks):
    connection.set_schema_to_public()
    result = worker_check_task.delay(source="request")
    with pytest.raises(TenantSchemaRequired) as error:
        result.get(timeout=30)
    assert "public" in str(error.value)
    with schema_context("tenant_template"):
        assert WorkerCheck.objects.count() == 0


def test_tenant_task_refuses_the_template_schema(clean_checks):
    with schema_context("tenant_template"):
        result = worker_check_task.delay(source="request")
    with pytest.raises(TenantSchemaRequired):
        result.get(timeout=30)


def test_dispatcher_fans_out_to_every_municipality(clean_checks):
    alfa, beta = clean_checks["alfa"], clean_checks["beta"]
    sent = fan_out_task.delay(task_name="tenants.portal.worker_check_task",
                              task_kwargs={"source": "schedule"}, window=3).get(timeout=30)
    assert sent == 2
    assert wait_for(lambda: _checks(alfa)) == [("m_alfa", "schedule")]
    assert wait_for(lambda: _checks(beta)) == [("m_beta", "schedule")]


def test_jitter_is_stable_within_the_window_and_spreads():
    offsets = [jitter_seconds(schema_name=f"m_{n}", task_name="t", window=600) for n in range(1000)]
    assert offsets == [jitter_seconds(schema_name=f"m_{n}", task_name="t", window=600)
                       for n in range(1000)]
    assert min(offsets) >= 0 and max(offsets) < 600
    # Spread: every minute of the window gets some tenants, none gets a crowd.
    per_minute = [sum(1 for o in offsets if m * 60 <= o < (m + 1) * 60) for m in range(10)]
    assert min(per_minute) > 50 and max(per_minute) < 150
    assert jitter_seconds(schema_name="m_x", task_name="t", window=0) == 0
