"""The personal-data link is e-mailed by a real worker through the outbox, and the nightly
retention purge runs through the beat's fan-out in each municipality's own schema."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.common.models import TargetGroup
from tenants.history.models import Change
from tenants.participation.models import Meeting, Member, Registration, WorkingGroup
from tenants.portal import privacy
from tenants.portal.models import PrivacyLinkRequest
from tests.conftest import wait_for
from tests.tenants.participation.builders import group_with_members, meeting
from workers.fanout import fan_out_task

pytestmark = pytest.mark.worker


@pytest.fixture
def places(live_db):
    from hub.municipalities.models import Municipality

    alfa, beta = (Municipality.objects.get(slug=s) for s in ("alfa", "beta"))
    yield alfa, beta
    for place in (alfa, beta):
        with tenant_context(place):
            Registration.objects.all().delete()
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()
            PrivacyLinkRequest.objects.all().delete()
            Change.objects.all().delete()
            TargetGroup.objects.all().delete()


def test_the_worker_mails_the_link_once_and_only_to_an_address_with_data(places, worker_outbox):
    alfa, _beta = places
    with tenant_context(alfa):
        group_with_members(members=(("Eva", "eva@example.org"),))
        privacy.link_request(email="eva@example.org")
        privacy.link_request(email="nikto@example.org")
    sent = wait_for(lambda: worker_outbox())
    with tenant_context(alfa):
        wait_for(lambda: not PrivacyLinkRequest.objects.filter(sent_at__isnull=True).exists())
    assert [m["To"] for m in worker_outbox()] == ["eva@example.org"]
    assert sent[0]["Subject"] == "Vaše osobné údaje – Alfa"
    assert "http://alfa.localhost" in sent[0].get_body().get_content()


def test_the_nightly_purge_runs_in_every_municipality_through_the_fan_out(places):
    today = timezone.localdate()
    for place in places:
        with tenant_context(place):
            group, _ = group_with_members(members=())
            past = meeting([group], day=today - datetime.timedelta(days=40), title="Minulé")
            Registration.objects.create(meeting=past, name="Jozef", email="jozef@example.org",
                                        consent_at=timezone.now())
    fan_out_task.delay(task_name="tenants.portal.privacy_purge_task", window=0,
                       run=f"test-{uuid.uuid4()}").get(timeout=60)
    for place in places:
        with tenant_context(place):
            wait_for(lambda: not Registration.objects.exists())
