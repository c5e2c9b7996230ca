"""A real worker process: tasks run in the sender's schema, refuse public, and fan out."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django_tenants.utils import schema_context, tenant_context

from tenants.portal.models import WorkerCheck
from tenants.portal.tasks import worker_check_task
from tests.conftest import ROOT, account, client_for, wait_for
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
    with tenant_context(alfa):
        checked = WorkerCheck.objects.get().completed_at
    when = date_format(localtime(checked), "j. n. Y H:i:s")
    assert f"Spracovanie na pozadí sa tu naposledy ozvalo {when}." in page


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


def test_dispatcher_fans_out_to_every_municipality_once(clean_checks):
    """Recorded in the outbox for every municipality; sent twice the same round (beat
    restarted, a redelivered message), each municipality still checks in once."""
    from workers.models import Dispatch

    alfa, beta = clean_checks["alfa"], clean_checks["beta"]
    for _ in range(2):
        sent = fan_out_task.delay(task_name="tenants.portal.worker_check_task",
                                  task_kwargs={"source": "schedule"}, window=0,
                                  run="test-once").get(timeout=30)
        assert sent == 2
    assert wait_for(lambda: _checks(alfa)) == [("m_alfa", "schedule")]
    assert wait_for(lambda: _checks(beta)) == [("m_beta", "schedule")]
    rows = Dispatch.objects.filter(key="fanout:tenants.portal.worker_check_task:test-once")
    assert wait_for(lambda: rows.filter(finished_at__isnull=False).count() == 2)
    assert sorted(rows.values_list("schema_name", flat=True)) == ["m_alfa", "m_beta"]
    assert _checks(alfa) == [("m_alfa", "schedule")] and _checks(beta) == [("m_beta", "schedule")]
    rows.delete()


def test_jitter_is_the_same_in_every_process_and_spreads():
    """Stable: a tenant's offset is the same in another process (beat restarted, another
    machine) — an offset drawn from Python's salted hash() or from random would differ.
    Spread: every minute of the window gets some tenants, none a crowd; and different jobs
    land at different times for the same tenant."""
    names = [f"m_{n}" for n in range(1000)]
    offsets = [jitter_seconds(schema_name=name, task_name="t", window=600) for name in names]
    script = ("import json, os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
              "'hub.settings'); django.setup(); "
              "from workers.fanout import jitter_seconds; print(json.dumps("
              "[jitter_seconds(schema_name=f'm_{n}', task_name='t', window=600) "
              "for n in range(1000)]))")
    for seed in ("1", "2"):
        other = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                               capture_output=True, text=True,
                               env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(other.stdout) == offsets
    assert min(offsets) >= 0 and max(offsets) < 600
    per_minute = [sum(1 for o in offsets if m * 60 <= o < (m + 1) * 60) for m in range(10)]
    assert min(per_minute) > 50 and max(per_minute) < 150
    other_job = [jitter_seconds(schema_name=name, task_name="u", window=600) for name in names]
    assert sum(a != b for a, b in zip(offsets, other_job, strict=False)) > 990
    for window in (1, 7, 1800):
        assert all(0 <= jitter_seconds(schema_name=name, task_name="t", window=window) < window
                   for name in names)
    assert jitter_seconds(schema_name="m_x", task_name="t", window=0) == 0
