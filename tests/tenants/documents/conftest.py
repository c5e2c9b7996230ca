"""A real worker on the ``documents`` queue (beside the default one from tests/conftest.py),
started like `make run` starts it, and committed plan data in alfa and beta."""

import datetime
import os
import subprocess
import sys
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context

from tests.conftest import ROOT, account


@pytest.fixture(scope="session")
def documents_worker_process(celery_worker_process):
    db = settings.DATABASES["default"]
    host = db.get("HOST") or ""
    if db.get("PORT") and not host.startswith("/"):
        host = f"{host}:{db['PORT']}"
    database_url = f"postgres://{db['USER']}@{host}/{db['NAME']}"
    env = dict(os.environ, DATABASE_URL=database_url, CONN_MAX_AGE="0", KOMPLAN_TESTING="1")
    from workers.celery import app

    name = f"test-documents-{os.getpid()}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers", "worker", "-Q", "documents", "-c", "1",
         "--max-tasks-per-child", "10", "-l", "warning", "--without-gossip", "--without-mingle",
         "-n", f"{name}@%h"],
        cwd=ROOT, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("The documents worker exited during start-up.")
        replies = app.control.ping(timeout=0.5)
        if any(name in key for reply in replies for key in reply):
            break
    else:
        proc.terminate()
        raise RuntimeError("The documents worker did not answer a ping within 60 s.")
    proc.database_url = database_url
    yield proc
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def documents_db(django_db_setup, django_db_blocker, documents_worker_process):
    """Committed data both workers see; everything this app and the plans wrote is removed."""
    from hub.municipalities.models import Municipality

    with django_db_blocker.unblock():
        places = {m.slug: m for m in Municipality.objects.filter(slug__in=["alfa", "beta"])}
        yield {**places, "database_url": documents_worker_process.database_url}
        for m in places.values():
            with tenant_context(m):
                from tenants.catalogue.models import Provider, Service
                from tenants.documents.models import Document, DocumentSettings
                from tenants.plans.models import Plan, TargetGroup

                Document.objects.all().delete()
                DocumentSettings.objects.all().delete()
                Plan.objects.all().delete()
                TargetGroup.objects.all().delete()
                Service.objects.all().delete()
                Provider.objects.all().delete()
        connection.set_schema_to_public()


def plan_with_everything(municipality, *, editor_email, title):
    """A plan in force with an action plan and a published evaluation with values."""
    from tenants.plans import services
    from tenants.plans.models import Indicator, Status
    from tests.tenants.plans.builders import plan_in_force

    with tenant_context(municipality):
        user = account(editor_email)
        plan, tree = plan_in_force(user, title=title, year_from=2024)
        action_plan = services.action_plan_create(user=user, plan=plan, year=2024)
        services.action_item_save(user=user, action_plan=action_plan, activity=tree["a111"],
                                  deadline=datetime.date(2024, 6, 30),
                                  responsible="Odbor sociálnych vecí", budget=Decimal("5000"))
        evaluation = services.evaluation_create(user=user, plan=plan, year=2024)
        services.evaluation_entry_save(user=user, evaluation=evaluation, measure=tree["m12"],
                                       status=Status.FULFILLED, narrative="Splnené načas.")
        services.evaluation_entry_save(user=user, evaluation=evaluation, activity=tree["a111"],
                                       status=Status.PARTIAL, progress=50)
        indicator = Indicator.objects.get(measure=tree["m11"])
        services.indicator_value_save(user=user, evaluation=evaluation, indicator=indicator,
                                      value=Decimal("13"))
        services.evaluation_publish(user=user, evaluation=evaluation, publish=True)
        return {"plan": plan.pk, "action_plan": action_plan.pk, "evaluation": evaluation.pk,
                "tree": {k: v.pk for k, v in tree.items()}}
