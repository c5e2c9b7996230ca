"""The planning year through the pages and the API: the same date rules as the services,
expired plans shown as expired, action plans approved and published per year."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.plans import services
from tenants.plans.models import ActionPlan, Plan
from tests.conftest import account, client_for
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db
D = datetime.date
# Pages and the API speak the municipality's language (Alfa: sk).


def _in_discussion(user, **kwargs):
    """A draft whose public discussion runs from five days ago to ten days ahead."""
    today = timezone.localdate()
    plan, tree = plan_with_tree(user, **kwargs)
    plan = services.plan_transition(user=user, plan=plan, action="start_discussion",
                                    discussion_from=today - datetime.timedelta(days=5),
                                    discussion_to=today + datetime.timedelta(days=10))
    return plan, tree


def test_the_staff_form_refuses_approval_while_the_discussion_is_open(alfa):
    with tenant_context(alfa):
        plan, _ = _in_discussion(account("alfa.editor@test.sk"), year_from=2028, year_to=2032)
    client = client_for(alfa, account("alfa.editor@test.sk"))
    response = client.post(f"/staff/plans/{plan.pk}/transition/", {
        "action": "approve", "resolution_number": "1/2026",
        "resolution_date": timezone.localdate().isoformat()}, follow=True)
    assert "Plán nemožno schváliť, kým trvá jeho verejné pripomienkovanie" in \
        response.content.decode()
    with tenant_context(alfa):
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DISCUSSION


def test_the_api_refuses_approval_while_the_discussion_is_open(alfa):
    with tenant_context(alfa):
        plan, _ = _in_discussion(account("alfa.editor@test.sk"), year_from=2028, year_to=2032)
    client = client_for(alfa, account("alfa.editor@test.sk"))
    response = client.post(f"/api/plans/{plan.pk}/transition/", json.dumps({
        "action": "approve", "resolution_number": "1/2026",
        "resolution_date": timezone.localdate().isoformat()}),
        content_type="application/json")
    assert response.status_code == 400
    assert "kým trvá jeho verejné pripomienkovanie" in response.json()["resolution_date"][0]
    with tenant_context(alfa):
        assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DISCUSSION


def test_the_api_supersedes_a_running_plan_only_when_asked(alfa):
    today = timezone.localdate()
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        old, _ = plan_in_force(editor, title="Starý", year_from=today.year - 2,
                               year_to=today.year + 2, resolution=D(today.year - 3, 12, 1))
        new, _ = plan_with_tree(editor, title="Nový", year_from=today.year,
                                year_to=today.year + 4)
        services.plan_transition(user=editor, plan=new, action="start_discussion",
                                 discussion_from=today - datetime.timedelta(days=30),
                                 discussion_to=today - datetime.timedelta(days=2))
    client = client_for(alfa, account("alfa.editor@test.sk"))
    body = {"action": "approve", "resolution_number": "2/2026",
            "resolution_date": (today - datetime.timedelta(days=1)).isoformat()}
    refused = client.post(f"/api/plans/{new.pk}/transition/", json.dumps(body),
                          content_type="application/json")
    assert refused.status_code == 400 and "potvrďte, že ho nahrádza" in \
        refused.json()["supersede"][0]
    done = client.post(f"/api/plans/{new.pk}/transition/",
                       json.dumps({**body, "supersede": True}),
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "in_force"
    with tenant_context(alfa):
        old.refresh_from_db()
        assert old.status == Plan.Status.SUPERSEDED
        assert old.ended_on == today - datetime.timedelta(days=2)


def test_a_plan_whose_period_ended_is_never_shown_in_force(alfa):
    """Stored as in force (the nightly task has not run), period 2019–2023: every page says
    it has expired."""
    with tenant_context(alfa):
        plan, _ = plan_in_force(account("alfa.editor@test.sk"), year_from=2019, year_to=2023,
                                resolution=D(2018, 10, 25), on_date=D(2019, 1, 1))
        assert plan.status == Plan.Status.IN_FORCE
    client = client_for(alfa)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert 'class="state state-expired"' in page and "state-in_force" not in page
    assert "Tento plán už neplatí: jeho obdobie skončilo 31. 12. 2023." in page
    assert "Momentálne nie je platný žiadny plán." in client.get("/plans/").content.decode()
    assert client.get("/plan/").content.decode().count("state-expired") == 1
    api = client.get(f"/api/plans/{plan.pk}/").json()
    assert (api["status"], api["state"], api["valid_until"]) == ("in_force", "expired",
                                                                 "2023-12-31")
    home = client.get("/").content.decode()
    assert f"/plans/{plan.pk}/" not in home
    staff = client_for(alfa, account("alfa.viewer@test.sk")).get("/staff/plans/").content.decode()
    assert 'class="state state-expired"' in staff and "state-in_force" not in staff


def test_a_plan_approved_for_later_says_when_it_takes_effect(alfa):
    today = timezone.localdate()
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        plan, _ = plan_with_tree(editor, year_from=today.year + 1, year_to=today.year + 5)
        services.plan_transition(user=editor, plan=plan, action="start_discussion",
                                 discussion_from=today - datetime.timedelta(days=30),
                                 discussion_to=today - datetime.timedelta(days=2))
        services.plan_transition(user=editor, plan=plan, action="approve",
                                 resolution_number="3/2026",
                                 resolution_date=today - datetime.timedelta(days=1))
    page = client_for(alfa).get(f"/plans/{plan.pk}/").content.decode()
    assert 'class="state state-approved"' in page
    assert f"Schválený; platnosť nadobúda 1. 1. {today.year + 1}." in page


def _action_plan(alfa):
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        plan, tree = plan_in_force(editor)
        action_plan = services.action_plan_create(user=editor, plan=plan, year=2025)
        services.action_item_save(user=editor, action_plan=action_plan, activity=tree["a111"],
                                  responsible="Odbor sociálnych vecí", budget=5000,
                                  deadline=D(2025, 11, 30))
    return plan, action_plan, tree


def test_an_action_plan_is_approved_on_the_staff_page_and_then_fixed(alfa):
    plan, action_plan, tree = _action_plan(alfa)
    client = client_for(alfa, account("alfa.editor@test.sk"))
    url = f"/staff/plans/{plan.pk}/action-plans/2025/approve/"
    missing = client.post(url, {"body": "", "reference": "5/2024",
                                "approved_on": "2024-12-10"}, follow=True)
    assert "Toto pole je povinné." in missing.content.decode()
    ahead = client.post(url, {"body": "Mestské zastupiteľstvo", "reference": "5/2024",
                              "approved_on": (timezone.localdate()
                                              + datetime.timedelta(days=1)).isoformat()},
                        follow=True)
    assert "Deň schválenia nemôže byť v budúcnosti." in ahead.content.decode()
    with tenant_context(alfa):
        assert ActionPlan.objects.get(pk=action_plan.pk).status == "preparation"
    client.post(url, {"body": "Mestské zastupiteľstvo", "reference": "5/2024",
                      "approved_on": "2024-12-10"})
    with tenant_context(alfa):
        approved = ActionPlan.objects.get(pk=action_plan.pk)
        assert (approved.status, approved.approval_reference, approved.approved_on,
                approved.approved_by.email) == ("approved", "5/2024", D(2024, 12, 10),
                                                "alfa.editor@test.sk")
        editor = account("alfa.editor@test.sk")
        with pytest.raises(ValidationError):  # what was approved stays
            services.action_item_save(user=editor, action_plan=approved, activity=tree["a112"])
        item = approved.items.get()
        services.action_item_save(user=editor, action_plan=approved, activity=tree["a111"],
                                  item=item, done=True, budget=item.budget)
        assert approved.items.get().done


def test_the_public_page_of_a_years_action_plan(alfa, beta):
    plan, action_plan, _tree = _action_plan(alfa)
    with tenant_context(alfa):
        services.action_plan_approve(user=account("alfa.editor@test.sk"),
                                     action_plan=action_plan, body="Mestské zastupiteľstvo",
                                     reference="5/2024", approved_on=D(2024, 12, 10))
    client = client_for(alfa)
    plan_page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/action-plans/2025/"' in plan_page
    page = client.get(f"/plans/{plan.pk}/action-plans/2025/").content.decode()
    for text in ("1.1.1 Projekt", "Odbor sociálnych vecí", "5\xa0000,00", "30. 11. 2025",
                 "Mestské zastupiteľstvo, 5/2024, 10. 12. 2024"):
        assert text in page, text
    assert client.get(f"/plans/{plan.pk}/action-plans/2031/").status_code == 404
    # Another municipality does not know this plan; a draft's action plans are not public.
    assert client_for(beta).get(f"/plans/{plan.pk}/action-plans/2025/").status_code == 404
    with tenant_context(alfa):
        draft, _ = plan_with_tree(account("alfa.editor@test.sk"), title="Koncept")
    assert client.get(f"/plans/{draft.pk}/action-plans/2025/").status_code == 404


def test_the_api_approves_and_closes_an_action_plan_for_editors_only(alfa):
    _plan, action_plan, _tree = _action_plan(alfa)
    body = json.dumps({"body": "Starosta", "reference": "Záznam 7", "approved_on": "2024-12-10"})
    url = f"/api/action-plans/{action_plan.pk}/"
    for who in (None, "alfa.viewer@test.sk"):
        client = client_for(alfa, account(who) if who else None)
        assert client.post(url + "approve/", body,
                           content_type="application/json").status_code in (401, 403)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post(url + "approve/", body, content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["approved_body"]) == ("approved",
                                                                             "Starosta")
    closed = editor.post(url + "close/", content_type="application/json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client_for(alfa).get(url).json()["state"] == "closed"
