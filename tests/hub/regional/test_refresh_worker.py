"""A write in a municipality reaches the read model through a real worker: the service's
figures_changed() queues a debounced task after commit, the worker recomputes the row."""

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context

from hub.regional.models import MunicipalityFigures, ServiceListing
from hub.regional.refresh import KEY, request_refresh
from tenants.common.models import TargetGroup
from tenants.history.models import Change
from tenants.plans import services
from tenants.plans.models import Plan
from tests.conftest import account, wait_for
from workers import outbox
from workers.fanout import fan_out_task
from workers.models import Dispatch

pytestmark = pytest.mark.worker


@pytest.fixture
def places(live_db):
    from hub.municipalities.models import Municipality

    found = {m.slug: m for m in Municipality.objects.filter(slug__in=["alfa", "beta"])}
    MunicipalityFigures.objects.filter(municipality__in=found.values()).delete()
    Dispatch.objects.filter(schema_name__in=["m_alfa", "m_beta"]).delete()
    yield found
    for municipality in found.values():
        with tenant_context(municipality):
            Plan.objects.all().delete()
            TargetGroup.objects.all().delete()
            Change.objects.all().delete()
    Dispatch.objects.filter(schema_name__in=["m_alfa", "m_beta"]).delete()
    MunicipalityFigures.objects.filter(municipality__in=found.values()).delete()


def _status(municipality):
    row = MunicipalityFigures.objects.filter(municipality=municipality).first()
    return row and (row.plan_status, row.plan_year_from, row.sources["plans"])


def test_a_plan_written_in_alfa_reaches_the_read_model(places):
    alfa, beta = places["alfa"], places["beta"]
    user = account("alfa.admin@test.sk")
    with tenant_context(alfa):
        with transaction.atomic():
            plan = services.plan_create(user=user, legal_basis=Plan.LegalBasis.SK_KPSS,
                                        title="Plán", year_from=2025, year_to=2029)
            # A second write in the burst: still one queued refresh.
            services.plan_update(user=user, plan=plan, title="Komunitný plán")
        entry = outbox.entry(key=KEY, schema_name="m_alfa")
        assert (entry.sends, entry.version, entry.finished_at) == (1, 0, None)
    assert wait_for(lambda: _status(alfa), timeout=60) == ("draft", 2025, True)
    assert MunicipalityFigures.objects.filter(municipality=alfa).count() == 1
    assert not MunicipalityFigures.objects.filter(municipality=beta).exists()
    assert not Dispatch.objects.filter(schema_name="m_beta").exists()
    # The run closed its row: the next write opens it again and sends the next refresh.
    assert wait_for(lambda: outbox.entry(key=KEY, schema_name="m_alfa").finished_at)
    with tenant_context(alfa):
        services.plan_transition(user=user, plan=plan, action="start_discussion",
                                 discussion_from=plan.created_at.date(),
                                 discussion_to=plan.created_at.date())
    assert wait_for(lambda: _status(alfa) == ("discussion", 2025, True), timeout=60)


def test_a_catalogue_service_reaches_the_read_model_and_the_regional_search(places):
    from tenants.catalogue.models import Provider, Service
    from tests.tenants.catalogue import builders as catalogue

    alfa = places["alfa"]
    try:
        with tenant_context(alfa):
            editor = account("alfa.editor@test.sk")
            catalogue.service(catalogue.provider(editor), editor)
        row = wait_for(lambda: MunicipalityFigures.objects.filter(
            municipality=alfa, services=1).first(), timeout=60)
        assert row.capacity_by_type == {"sk-35": {"bed": 40}}
        assert ServiceListing.objects.filter(
            municipality=alfa).values_list("service", flat=True).get() == \
            "Domov dôchodcov Slnečnica"
    finally:
        with tenant_context(alfa):
            Service.objects.all().delete()
            Provider.objects.all().delete()
        ServiceListing.objects.filter(municipality=alfa).delete()


def test_only_one_refresh_is_queued_while_one_waits(places):
    request_refresh("m_beta")
    request_refresh("m_beta")
    entry = outbox.entry(key=KEY, schema_name="m_beta")
    assert (entry.sends, entry.version) == (1, 0)
    assert wait_for(lambda: _status(places["beta"]), timeout=60) == ("", None, True)
    entry = wait_for(lambda: Dispatch.objects.filter(pk=entry.pk,
                                                     finished_at__isnull=False).first())
    assert (entry.sends, entry.version) == (1, 0)


def test_nightly_fan_out_reconciles_every_municipality(places):
    assert fan_out_task.delay(task_name="hub.regional.figures_refresh_task", window=0,
                              run="test-reconcile").get(timeout=30) >= 2
    assert wait_for(lambda: _status(places["alfa"]) and _status(places["beta"]), timeout=60)
