"""E-mail subscriptions: double opt-in, one-click unsubscribe, rate limit, and links of one
municipality that do nothing in another."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import tenant_context

from tenants.common import mail as subscription_mail
from tenants.common import subscriptions
from tenants.common.models import Subscription
from tenants.portal import privacy
from tests.conftest import client_for
from tests.tenants.participation.builders import group_with_members

pytestmark = pytest.mark.django_db


def _rows(place):
    with tenant_context(place):
        return sorted(Subscription.objects.values_list("email", "topic", "label")
                      .filter(confirmed_at__isnull=True)), sorted(
            Subscription.objects.filter(confirmed_at__isnull=False)
            .values_list("email", "topic"))


def test_subscribe_confirm_and_unsubscribe_with_one_click(alfa, beta,
                                                          django_capture_on_commit_callbacks):
    with tenant_context(alfa):
        group, _ = group_with_members(members=())
    page = client_for(alfa).get("/subscribe/").content.decode()
    assert "Stretnutia pracovnej skupiny „Seniori“" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(alfa).post("/subscribe/", {
            "email": "Eva@Example.org", "topics": ["news", f"group:{group.pk}"],
            "consent": "on"})
    assert response.status_code == 302 and len(callbacks) == 1
    assert _rows(alfa) == ([("eva@example.org", f"group:{group.pk}", "Seniori"),
                            ("eva@example.org", "news", "")], [])
    with tenant_context(alfa):
        pending = list(Subscription.objects.order_by("pk"))
        subscription_mail.confirmation(pending, [subscriptions.topic_name(s)
                                                 for s in pending]).send()
    message = mail.outbox[-1]
    assert message.subject == "Potvrďte odber – Alfa"
    assert "- Aktuality" in message.body and "Stretnutia pracovnej skupiny „Seniori“" \
        in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = re.search(r"http://alfa\.localhost(?::\d+)?(/subscribe/confirm/\S+/)",
                        message.body).group(1)
    # Another municipality does not know the link.
    assert client_for(beta).get(confirm).status_code == 400
    assert client_for(alfa).get(confirm).status_code == 200
    assert _rows(alfa)[1] == [("eva@example.org", f"group:{group.pk}"),
                              ("eva@example.org", "news")]
    with tenant_context(alfa):
        news = Subscription.objects.get(topic="news")
        notification = subscription_mail.notification(news, title="Nové stretnutie",
                                                       path="/news/1/")
    unsubscribe = re.search(r"<http://alfa\.localhost(?::\d+)?(/unsubscribe/\S+/)>",
                            notification.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe in notification.body
    # The mail client's one-click POST carries no CSRF token; beta has no such row.
    csrf_checking = Client(HTTP_HOST="beta.localhost", enforce_csrf_checks=True)
    assert csrf_checking.post(unsubscribe).status_code == 200
    assert len(_rows(alfa)[1]) == 2
    csrf_checking = Client(HTTP_HOST="alfa.localhost", enforce_csrf_checks=True)
    assert csrf_checking.get(unsubscribe).status_code == 200
    assert len(_rows(alfa)[1]) == 2  # a GET (a mail scanner) unsubscribes nobody
    assert csrf_checking.post(unsubscribe).status_code == 200
    assert _rows(alfa)[1] == [("eva@example.org", f"group:{group.pk}")]


def test_without_consent_or_topic_nothing_is_stored_and_the_form_is_rate_limited(alfa):
    client = client_for(alfa)
    assert client.post("/subscribe/", {"email": "a@example.org", "topics": ["news"]}) \
        .status_code == 400
    assert client.post("/subscribe/", {"email": "a@example.org", "consent": "on"}) \
        .status_code == 400
    assert _rows(alfa) == ([], [])
    for n in range(5):
        assert client.post("/subscribe/", {"email": f"a{n}@example.org", "topics": ["news"],
                                           "consent": "on"}).status_code == 302
    limited = client.post("/subscribe/", {"email": "b@example.org", "topics": ["news"],
                                          "consent": "on"})
    assert limited.status_code == 400
    assert len(_rows(alfa)[0]) == 5


def test_subscriptions_are_exported_erased_and_purged_with_the_rest(alfa, beta):
    for place in (alfa, beta):
        with tenant_context(place):
            subscriptions.subscribe(email="eva@example.org", topics={"news": ""})
    with tenant_context(alfa):
        export = privacy.personal_data_export(email="eva@example.org")
        assert [r["topic"] for r in export["data"]["common"]] == ["news"]
        assert privacy.personal_data_erase(email="eva@example.org") == 1
        assert not Subscription.objects.exists()
    with tenant_context(beta):
        assert Subscription.objects.count() == 1


def test_a_subscription_reads_the_working_groups_once(alfa, monkeypatch):
    from tenants.participation import selectors

    with tenant_context(alfa):
        group, _ = group_with_members(members=())
    calls = []
    groups_public = selectors.groups_public
    monkeypatch.setattr(selectors, "groups_public",
                        lambda: calls.append(1) or groups_public())
    response = client_for(alfa).post("/subscribe/", {
        "email": "jan@example.org", "topics": [f"group:{group.pk}"], "consent": "on"})
    assert response.status_code == 302 and len(calls) == 1
    assert _rows(alfa)[0] == [("jan@example.org", f"group:{group.pk}", "Seniori")]
