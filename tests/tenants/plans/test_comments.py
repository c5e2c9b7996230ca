"""Public comments on a draft: consent, the discussion period, moderation, rate limit."""

import datetime
import json

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.plans import services
from tenants.plans.models import Comment, Plan
from tests.conftest import account, client_for
from tests.tenants.plans.builders import plan_with_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_in_discussion(alfa):
    today = timezone.localdate()
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, _ = plan_with_tree(user)
        services.plan_transition(user=user, plan=plan, action="start_discussion",
                                 discussion_from=today - datetime.timedelta(days=3),
                                 discussion_to=today + datetime.timedelta(days=10))
    return plan


def _post(alfa, plan, **data):
    body = {"name": "Jana", "email": "jana@example.sk", "text": "Chýba denný stacionár.",
            "consent": "on", **data}
    return client_for(alfa).post(f"/plans/{plan.pk}/comment/", body)


def _count(alfa):
    with tenant_context(alfa):
        return Comment.objects.count()


def test_comment_is_kept_for_moderation_not_published(alfa, draft_in_discussion):
    response = _post(alfa, draft_in_discussion)
    assert response.status_code == 302
    with tenant_context(alfa):
        comment = Comment.objects.get()
        assert comment.state == Comment.State.PENDING and comment.consent_at is not None
    page = client_for(alfa).get(f"/plans/{draft_in_discussion.pk}/").content.decode()
    assert "Chýba denný stacionár." not in page


def test_missing_consent_is_a_clear_error_and_nothing_is_stored(alfa, draft_in_discussion):
    response = _post(alfa, draft_in_discussion, consent="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Prosíme, vyjadrite súhlas so spracovaním vašej pripomienky." in body
    assert "Chýba denný stacionár." in body  # what was typed is kept
    assert _count(alfa) == 0


def test_comments_are_closed_outside_the_discussion(alfa, draft_in_discussion):
    with tenant_context(alfa):
        Plan.objects.filter(pk=draft_in_discussion.pk).update(
            discussion_to=timezone.localdate() - datetime.timedelta(days=1))
    response = _post(alfa, draft_in_discussion)
    assert response.status_code == 400 and _count(alfa) == 0
    page = client_for(alfa).get(f"/plans/{draft_in_discussion.pk}/").content.decode()
    assert 'action="/plans/' not in page


def test_drafts_take_no_comments_and_are_not_public(alfa):
    with tenant_context(alfa):
        plan, _ = plan_with_tree(account("alfa.editor@test.sk"))
    assert client_for(alfa).get(f"/plans/{plan.pk}/").status_code == 404
    assert _post(alfa, plan).status_code == 404
    assert _count(alfa) == 0


def test_answered_comment_is_published_with_its_answer(alfa, draft_in_discussion):
    _post(alfa, draft_in_discussion)
    staff = client_for(alfa, account("alfa.editor@test.sk"))
    with tenant_context(alfa):
        comment = Comment.objects.get()
    path = f"/staff/plans/{draft_in_discussion.pk}/comments/{comment.pk}/"
    staff.post(path, {"action": "publish", "answer": ""})
    with tenant_context(alfa):
        assert Comment.objects.get().state == Comment.State.PENDING  # an answer is required
    staff.post(path, {"action": "publish", "answer": "Doplníme do opatrenia 1.1."})
    page = client_for(alfa).get(f"/plans/{draft_in_discussion.pk}/").content.decode()
    assert "Chýba denný stacionár." in page and "Doplníme do opatrenia 1.1." in page
    assert "jana@example.sk" not in page


def test_comments_are_rate_limited(alfa, draft_in_discussion):
    for n in range(5):
        assert _post(alfa, draft_in_discussion, text=f"Pripomienka {n}").status_code == 302
    response = _post(alfa, draft_in_discussion, text="Šiesta")
    assert response.status_code == 400 and _count(alfa) == 5
    assert "Za krátky čas ste poslali viac pripomienok" in response.content.decode()


def _post_api(alfa, plan, text, consent=True):
    body = {"plan": plan.pk, "text": text, "consent": consent}
    return client_for(alfa).post("/api/comments/", json.dumps(body),
                                 content_type="application/json")


def test_the_api_and_the_page_share_one_limit(alfa, draft_in_discussion):
    for n in range(3):
        assert _post(alfa, draft_in_discussion, text=f"Stránka {n}").status_code == 302
    for n in range(2):
        assert _post_api(alfa, draft_in_discussion, f"API {n}").status_code == 201
    refused = _post_api(alfa, draft_in_discussion, "Šiesta cez API")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Za krátky čas ste poslali viac pripomienok")
    assert _post(alfa, draft_in_discussion, text="Šiesta").status_code == 400
    assert _count(alfa) == 5


def test_a_comment_refused_by_the_service_counts_towards_the_limit(alfa, draft_in_discussion):
    """Refusals count too (consent missing here), so probing is not free."""
    for n in range(5):
        response = _post_api(alfa, draft_in_discussion, f"Bez súhlasu {n}", consent=False)
        assert response.status_code == 400
    assert _post_api(alfa, draft_in_discussion, "Teraz so súhlasom").status_code == 429
    assert _count(alfa) == 0


def test_honeypot_filled_in_stores_nothing(alfa, draft_in_discussion):
    assert _post(alfa, draft_in_discussion, website="http://spam").status_code == 302
    assert _count(alfa) == 0
