"""Committed data in alfa and beta for the real documents worker (tests/conftest.py)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tests.conftest import account, wait_for


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
                from tenants.common.models import TargetGroup
                from tenants.documents.models import Document, DocumentSettings
                from tenants.plans.models import Plan

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
    documents_settled(municipality)
    with tenant_context(municipality):
        return {"plan": plan.pk, "action_plan": action_plan.pk, "evaluation": evaluation.pk,
                "tree": {k: v.pk for k, v in tree.items()}}


def documents_settled(municipality, timeout: float = 120) -> None:
    """Wait until the PDFs that approvals and publications queue by themselves (#14) are made:
    a test's own Generate then never races with one of them for the same document."""
    from tenants.documents.models import DocumentJob

    def settled():
        with tenant_context(municipality):
            return not DocumentJob.objects.filter(state__in=["pending", "running"]).exists()

    try:
        wait_for(settled, timeout=timeout)
    except AssertionError:
        from workers.models import Dispatch

        with tenant_context(municipality):
            open_jobs = list(DocumentJob.objects.exclude(state__in=["done", "failed"])
                             .values("id", "state", "created_at"))
        rows = list(Dispatch.objects.filter(schema_name=municipality.schema_name,
                                            finished_at__isnull=True)
                    .values("key", "dispatched_at", "started_at", "sends"))
        raise AssertionError(f"jobs still open after {timeout} s: {open_jobs}; "
                             f"their outbox rows: {rows}") from None
