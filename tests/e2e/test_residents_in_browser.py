"""The residents' pages of #17 in a real browser at 1280 and 375 px: personal data (ask for the
link, see, download, erase; the admin's page), subscriptions (subscribe, unsubscribe), the
registration cancel page, comments on a measure shown in place, and the staff header's
municipality switcher."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def _both(page, name):
    """Screenshot at 1280 px and at 375 px (nothing wider than the phone)."""
    shot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    shot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def residents(live_url):
    from hub.accounts.models import Membership, User
    from hub.municipalities.models import Municipality
    from tenants.common.models import Subscription, TargetGroup
    from tenants.history.models import Change
    from tenants.participation import services as groups
    from tenants.participation.models import Meeting, Member, WorkingGroup
    from tenants.plans import services as plans
    from tenants.plans.models import Plan
    from tenants.portal import privacy
    from tests.tenants.participation.builders import group_with_members, meeting
    from tests.tenants.plans.builders import plan_with_tree

    alfa, beta = (Municipality.objects.get(slug=s) for s in ("alfa", "beta"))
    today = timezone.localdate()
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, tree = plan_with_tree(user, title="Komunitný plán v pripomienkovaní")
        plan = plans.plan_transition(user=user, plan=plan, action="start_discussion",
                                     discussion_from=today - datetime.timedelta(days=2),
                                     discussion_to=today + datetime.timedelta(days=20))
        comment = plans.comment_submit(plan=plan, text="Stacionár by mal mať aj sobotu.",
                                       consent=True, name="Eva Malá",
                                       email="eva@example.org", measure=tree["m11"])
        plans.comment_moderate(user=user, comment=comment, action="publish",
                               answer="Preveríme v akčnom pláne na rok 2025.")
        group, _ = group_with_members(name="Seniori", members=())
        planned = meeting([group])
        registration = groups.registration_submit(meeting=planned, name="Eva Malá",
                                                  email="eva@example.org", consent=True)
        subscription = Subscription.objects.create(email="eva@example.org", topic="news",
                                                   confirmed_at=timezone.now())
        made = {"plan": plan, "tree": tree, "privacy": privacy.link_token("eva@example.org"),
                "cancel": groups.registration_cancel_token(registration),
                "unsubscribe": str(subscription.token)}
    coordinator = User.objects.create_user("orp.koordinator@test.sk", PASSWORD)
    Membership.objects.create(user=coordinator, municipality=alfa, role="admin")
    Membership.objects.create(user=coordinator, municipality=beta, role="editor")
    yield made
    # Removed by SQL: tenant tables point at accounts (as tests/e2e/test_one_signin_in_browser).
    from django.db import connection

    from hub.accounts.models import HandoffToken

    connection.set_schema_to_public()
    HandoffToken.objects.filter(user=coordinator).delete()
    Membership.objects.filter(user=coordinator).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [coordinator.pk])
    with tenant_context(alfa):
        Subscription.objects.all().delete()
        Meeting.objects.all().delete()
        Member.objects.all().delete()
        WorkingGroup.objects.all().delete()
        Plan.objects.all().delete()
        Change.objects.all().delete()
        TargetGroup.objects.all().delete()


def test_residents_pages_at_desktop_and_phone_widths(page, live_url, residents, settings):
    settings.PLATFORM_PORT = live_url.split(":")[1]  # the live server's port in links handed out
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    page.goto(f"{base}/privacy/")
    follow(page, "main a[href='/privacy/my-data/']")
    assert page.locator("h1").inner_text() == "Vaše osobné údaje"
    _both(page, "privacy-request")

    page.goto(f"{base}/privacy/my-data/{residents['privacy']}/")
    assert "Pripomienky k návrhu plánu: 1" in page.locator("main").inner_text()
    _both(page, "privacy-my-data")

    page.goto(f"{base}/meetings/registration/cancel/{residents['cancel']}/")
    assert page.locator("h1").inner_text() == "Zrušiť registráciu?"
    _both(page, "registration-cancel")

    page.goto(f"{base}/subscribe/")
    assert page.locator("h1").inner_text() == "Odber e-mailom"
    _both(page, "subscribe")
    page.goto(f"{base}/unsubscribe/{residents['unsubscribe']}/")
    _both(page, "unsubscribe")
    follow(page, "button.danger")
    assert "odhlásili" in page.locator("main").inner_text()

    measure = residents["tree"]["m11"]
    page.goto(f"{base}/plans/{residents['plan'].pk}/")
    in_place = page.locator(".measure", has_text="Denný stacionár")
    assert "Stacionár by mal mať aj sobotu." in in_place.inner_text()
    follow(page, f"a[href='?about=m{measure.pk}#comments']")
    assert page.locator("#id_about").input_value() == f"m{measure.pk}"
    _both(page, "plan-comment-on-measure")

    page.goto(f"{base}/accounts/signin/?next=/staff/privacy/")
    page.fill("#id_email", "orp.koordinator@test.sk")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    page.fill("#id_email", "eva@example.org")
    follow(page, "button[value='look']")
    assert "Registrácie na stretnutia: 1" in page.locator("main").inner_text()
    _both(page, "staff-privacy")
    page.locator("details.switcher summary").click()
    assert page.locator("details.switcher a").all_inner_texts() == ["Beta"]
    shot(page, "staff-switcher-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "staff-switcher-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    follow(page, "details.switcher a")
    assert page.url.startswith(f"http://beta.localhost:{live_url.split(':')[1]}/staff/")
