"""The planning year in a real browser: approval refused during the discussion, a successor
approved for later, the action plan approved and published, an ended plan shown expired —
at 1280 and 375 px, without sideways scrolling of the page."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def _no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def test_planning_year_from_approval_to_expiry(page, live_url):
    from hub.municipalities.models import Municipality
    from tenants.common.models import TargetGroup
    from tenants.history.models import Change
    from tenants.plans import services
    from tenants.plans.models import Plan
    from tests.tenants.plans.builders import plan_in_force, plan_with_tree

    today = timezone.localdate()
    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        old, _ = plan_in_force(editor, title="Starý plán Alfa", year_from=2019,
                               year_to=2023, resolution=datetime.date(2018, 10, 25))
        current, tree = plan_in_force(editor, title="Platný plán Alfa", year_from=2024,
                                      year_to=today.year + 1)
        action_plan = services.action_plan_create(user=editor, plan=current, year=today.year)
        services.action_item_save(user=editor, action_plan=action_plan, activity=tree["a111"],
                                  responsible="Odbor sociálnych vecí", budget=12500,
                                  deadline=datetime.date(today.year, 11, 30))
        new, _ = plan_with_tree(editor, title="Nový plán Alfa", year_from=today.year + 2,
                                year_to=today.year + 6)
        services.plan_transition(user=editor, plan=new, action="start_discussion",
                                 discussion_from=today - datetime.timedelta(days=3),
                                 discussion_to=today + datetime.timedelta(days=20))
    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    try:
        _signin(page, base, "alfa.editor@test.sk")
        # Approval while residents may still comment: refused, in Slovak, nothing changes.
        page.goto(f"{base}/staff/plans/{new.pk}/")
        approve = page.locator("form.transition", has=page.locator(
            "input[name=action][value=approve]"))
        approve.locator("input[name=resolution_number]").fill("15/2026")
        approve.locator("input[name=resolution_date]").fill(today.isoformat())
        page.once("dialog", lambda dialog: dialog.accept())
        follow(page, approve.locator("button"))
        assert "kým trvá jeho verejné pripomienkovanie" in page.content()
        shot(page, "plan-approve-refused-discussion")
        # Closed early with a reason, then approved: it waits for its period.
        close = page.locator("form.transition", has=page.locator(
            "input[name=action][value=close_discussion]"))
        close.locator("input[name=reason]").fill("Zastupiteľstvo zasadá dnes.")
        page.once("dialog", lambda dialog: dialog.accept())
        follow(page, close.locator("button"))
        approve = page.locator("form.transition", has=page.locator(
            "input[name=action][value=approve]"))
        approve.locator("input[name=resolution_number]").fill("15/2026")
        approve.locator("input[name=resolution_date]").fill(today.isoformat())
        page.once("dialog", lambda dialog: dialog.accept())
        follow(page, approve.locator("button"))
        assert f"nadobúda 1. 1. {today.year + 2}" in page.content()
        assert page.locator(".title-row .state").inner_text() == "schválený"
        shot(page, "plan-staff-approved-for-later")
        # This year's action plan approved on the staff page.
        page.goto(f"{base}/staff/plans/{current.pk}/action-plans/{today.year}/")
        page.fill("#id_body", "Mestské zastupiteľstvo")
        page.fill("#id_reference", f"{today.year - 1}/88")
        page.fill("#id_approved_on", datetime.date(today.year - 1, 12, 10).isoformat())
        follow(page, "button:has-text('Zaznamenať schválenie')")
        # Approved and in its year: in progress.
        assert page.locator(".title-row .state").inner_text() == "v realizácii"
        shot(page, "action-plan-staff-approved")

        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/plans/{current.pk}/")
            assert page.locator(".title-row .state").inner_text() == "platný"
            follow(page, f"a[href='/plans/{current.pk}/action-plans/{today.year}/']")
            assert "Odbor sociálnych vecí" in page.content()
            assert page.locator("td.num").first.inner_text().replace("\xa0", " ") == "12 500,00 €"
            _no_sideways_scroll(page)
            shot(page, f"action-plan-public-{width}")
            page.goto(f"{base}/plans/{old.pk}/")
            assert page.locator(".title-row .state").inner_text() == "platnosť skončila"
            assert "jeho obdobie skončilo 31. 12. 2023" in page.content()
            _no_sideways_scroll(page)
            shot(page, f"plan-public-expired-{width}")
            page.goto(f"{base}/plans/")
            _no_sideways_scroll(page)
            shot(page, f"plans-public-list-{width}")
    finally:
        with tenant_context(alfa):
            Plan.objects.update(superseded_by=None, amends=None)
            Plan.objects.all().delete()
            Change.objects.all().delete()
            TargetGroup.objects.all().delete()
