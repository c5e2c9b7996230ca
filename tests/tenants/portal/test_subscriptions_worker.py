"""Notifications to subscribers leave through the real worker after commit, once per event
and address, in the municipality's language, with a one-click unsubscribe header."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.common import subscriptions
from tenants.common.models import Subscription
from tenants.history.models import Change
from tenants.participation.models import Meeting, Member, WorkingGroup
from tenants.portal import services as portal
from tenants.portal.models import NewsItem
from tests.conftest import account, wait_for
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.worker


@pytest.fixture
def places(live_db):
    from hub.municipalities.models import Municipality

    found = {m.slug: m for m in Municipality.objects.filter(slug__in=["alfa", "beta"])}
    yield found
    for m in found.values():
        with tenant_context(m):
            Subscription.objects.all().delete()
            NewsItem.objects.all().delete()
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()
            Change.objects.all().delete()


def _confirmed(email, topics):
    """Already confirmed (made directly: no confirmation request is sent)."""
    for topic, label in topics.items():
        Subscription.objects.create(email=email, topic=topic, label=label,
                                    confirmed_at=timezone.now())


def test_news_and_meetings_reach_confirmed_subscribers_once(places, worker_outbox):
    alfa, beta = places["alfa"], places["beta"]
    with tenant_context(alfa):
        _confirmed("eva@example.org", {"news": ""})
        subscriptions.subscribe(email="unconfirmed@example.org", topics={"news": ""})
    with tenant_context(beta):
        group, _ = group_with_members(name="Senioři", members=())
        _confirmed("jan@example.cz", {f"group:{group.pk}": "Senioři", "news": ""})
    wait_for(lambda: len(worker_outbox()) == 1)  # the unconfirmed one's confirmation request
    with tenant_context(alfa):
        item = portal.news_save(user=account("alfa.editor@test.sk"), title="Nový plán",
                                published_at=timezone.now())
        portal.news_save(user=account("alfa.editor@test.sk"), item=item, title="Nový plán",
                         body="Opravené.", published_at=item.published_at)
    with tenant_context(beta):
        meeting([group], title="Setkání seniorů")
    wait_for(lambda: len(worker_outbox()) == 3)
    sent = worker_outbox()[1:]
    by_to = {m["To"]: m for m in sent}
    assert set(by_to) == {"eva@example.org", "jan@example.cz"}
    assert by_to["eva@example.org"]["Subject"].strip() == "Alfa: Nový plán"
    assert "novinka – Alfa" in by_to["eva@example.org"].get_body().get_content()
    assert by_to["jan@example.cz"]["Subject"].strip().startswith("Beta: Setkání seniorů")
    assert "Odhlášení" in by_to["jan@example.cz"].get_body().get_content()
    for message in sent:
        assert message["List-Unsubscribe"].strip().startswith("<http://")
        assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
