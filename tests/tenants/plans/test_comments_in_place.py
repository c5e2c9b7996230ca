"""Comments on one priority or measure of a draft in public discussion: shown in place once
answered, listed for moderation with what they are about; never on another plan's parts."""

import datetime
import json

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.plans import services
from tenants.plans.models import Comment
from tests.conftest import account, client_for
from tests.tenants.plans.builders import plan_with_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(alfa):
    today = timezone.localdate()
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        made = []
        for title in ("Komunitný plán", "Iný plán"):
            plan, tree = plan_with_tree(user, title=title)
            plan = services.plan_transition(user=user, plan=plan, action="start_discussion",
                                            discussion_from=today - datetime.timedelta(days=3),
                                            discussion_to=today + datetime.timedelta(days=10))
            made.append((plan, tree))
    return made


def _comments(alfa):
    with tenant_context(alfa):
        return list(Comment.objects.values_list("text", "priority__title", "measure__title"))


def _post(alfa, plan, about, text="Chýba denný stacionár."):
    return client_for(alfa).post(f"/plans/{plan.pk}/comment/", {
        "about": about, "text": text, "consent": "on"})


def test_a_comment_on_a_measure_is_moderated_and_shown_under_it(alfa, drafts):
    (plan, tree), _other = drafts
    page = client_for(alfa).get(f"/plans/{plan.pk}/?about=m{tree['m11'].pk}").content.decode()
    assert f'<option value="m{tree["m11"].pk}" selected>' in page
    assert f'href="?about=p{tree["p1"].pk}#comments"' in page
    assert _post(alfa, plan, f"m{tree['m11'].pk}").status_code == 302
    assert _post(alfa, plan, f"p{tree['p2'].pk}", text="Rodinám chýba poradňa.")\
        .status_code == 302
    assert sorted(_comments(alfa)) == [("Chýba denný stacionár.", None, "Denný stacionár"),
                                       ("Rodinám chýba poradňa.", "Rodina", None)]
    staff = client_for(alfa, account("alfa.editor@test.sk"))
    listed = staff.get(f"/staff/plans/{plan.pk}/comments/").content.decode()
    assert "opatrenie 1.1 Denný stacionár" in listed and "priorita 2. Rodina" in listed
    with tenant_context(alfa):
        comment = Comment.objects.get(measure=tree["m11"])
    staff.post(f"/staff/plans/{plan.pk}/comments/{comment.pk}/",
               {"action": "publish", "answer": "Zaradíme do akčného plánu."})
    page = client_for(alfa).get(f"/plans/{plan.pk}/").content.decode()
    measure_part = page[page.index("Denný stacionár</h4>"):page.index("Opatrovateľská")]
    assert "Chýba denný stacionár." in measure_part
    assert "Zaradíme do akčného plánu." in measure_part
    assert "Rodinám chýba poradňa." not in page  # still waiting for moderation


def test_another_plans_measure_or_both_targets_are_refused_and_nothing_is_stored(alfa, drafts):
    (plan, tree), (_other_plan, other_tree) = drafts
    response = _post(alfa, plan, f"m{other_tree['m11'].pk}")
    assert response.status_code == 400
    assert _comments(alfa) == []
    api = client_for(alfa)
    for body in ({"measure": other_tree["m11"].pk},
                 {"priority": tree["p1"].pk, "measure": tree["m11"].pk}):
        response = api.post("/api/comments/", json.dumps({
            "plan": plan.pk, "text": "x", "consent": True, **body}),
            content_type="application/json", HTTP_ACCEPT_LANGUAGE="sk")
        assert response.status_code == 400, response.content
    assert _comments(alfa) == []
    created = api.post("/api/comments/", json.dumps({
        "plan": plan.pk, "text": "K opatreniu.", "consent": True,
        "measure": tree["m12"].pk}), content_type="application/json")
    assert created.status_code == 201 and created.json()["measure"] == tree["m12"].pk
    assert _comments(alfa) == [("K opatreniu.", None, "Opatrovateľská služba")]


def test_a_priority_of_one_municipality_is_unknown_in_another(alfa, beta, drafts):
    (_plan, tree), _other = drafts
    today = timezone.localdate()
    with tenant_context(beta):
        user = account("beta.admin@test.sk")
        plan, _tree = plan_with_tree(user)
        plan = services.plan_transition(user=user, plan=plan, action="start_discussion",
                                        discussion_from=today, discussion_to=today)
    response = client_for(beta).post(f"/plans/{plan.pk}/comment/", {
        "about": f"p{tree['p1'].pk}", "text": "x", "consent": "on"})
    if response.status_code != 400:  # the same id may exist in beta: then it is beta's own
        with tenant_context(beta):
            assert Comment.objects.get().priority.plan_id == plan.pk
    with tenant_context(alfa):
        assert not Comment.objects.exists()
