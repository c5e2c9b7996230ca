"""Plan pages in a real browser: staff build and move a plan, residents read and comment."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import csp_watch, follow, shot

pytestmark = [pytest.mark.browser]


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")


def test_staff_create_a_plan_keep_input_on_errors_and_open_discussion(page, live_url):
    from hub.municipalities.models import Municipality
    from tenants.plans.models import Comment, Plan

    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    _signin(page, base, "alfa.editor@test.sk")
    page.goto(f"{base}/staff/plans/")
    shot(page, "plans-staff-empty")
    page.click("text=Nový plán")
    page.select_option("#id_legal_basis", "sk-kpss")
    page.fill("#id_title", "Komunitný plán obce Alfa")
    page.fill("#id_year_from", "2027")
    page.fill("#id_year_to", "2025")
    page.fill("#id_vision", "Dostupné služby doma.")
    page.click("button.primary")
    assert "Obdobie nemôže skončiť skôr, ako začne." in page.locator(".field-error").inner_text()
    assert page.input_value("#id_vision") == "Dostupné služby doma."
    shot(page, "plan-form-error")
    page.fill("#id_year_from", "2025")
    page.fill("#id_year_to", "2030")
    page.click("button.primary")
    assert "Komunitný plán obce Alfa 2025–2030" in page.locator("h1").inner_text()
    page.click("text=Pridať prioritu")
    page.fill("#id_title", "Seniori doma")
    page.click("button.primary")
    page.click("text=Pridať opatrenie")
    page.fill("#id_title", "Opatrovateľská služba")
    page.fill("#id_budget-0-year", "2040")
    page.fill("#id_budget-0-source", "mesto")
    page.fill("#id_budget-0-amount", "1000")
    follow(page, "button.primary")
    assert "Rok 2040 je mimo obdobia plánu 2025–2030." in page.content()
    assert page.input_value("#id_title") == "Opatrovateľská služba"
    shot(page, "measure-form-error")
    page.fill("#id_budget-0-year", "2026")
    follow(page, "button.primary")
    assert "1.1 Opatrovateľská služba" in page.content()
    today = timezone.localdate()
    page.fill("input[name=discussion_from]", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=discussion_to]", (today + datetime.timedelta(days=14)).isoformat())
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Otvoriť verejné pripomienkovanie")
    assert page.locator(".state").first.inner_text() == "vo verejnom pripomienkovaní"
    shot(page, "plan-staff-discussion")

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        plan = Plan.objects.get(title="Komunitný plán obce Alfa")
    resident = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    resident_violations = csp_watch(resident)
    public = resident.new_page()
    public.goto(f"{base}/plans/{plan.pk}/")
    public.fill("#id_text", "Chýba nám rozvoz obedov.")
    public.click("text=Odoslať pripomienku")
    assert "Prosíme, vyjadrite súhlas" in public.content()
    assert public.input_value("#id_text") == "Chýba nám rozvoz obedov."
    shot(public, "plan-public-comment-error")
    public.check("#id_consent")
    public.click("text=Odoslať pripomienku")
    assert "Ďakujeme." in public.content()
    resident.close()
    assert resident_violations == []
    with tenant_context(alfa):
        assert Comment.objects.filter(plan=plan, state="pending").count() == 1
        Plan.objects.filter(pk=plan.pk).delete()  # committed data: leave none behind


def test_public_plan_with_progress_and_evaluation(page, live_url):
    from hub.municipalities.models import Municipality
    from tenants.plans import services
    from tenants.plans.models import Plan, Status
    from tests.tenants.plans.builders import plan_in_force

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user, title="Platný plán Alfa")
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        services.evaluation_entry_save(user=user, evaluation=ev, measure=t["m21"],
                                       status=Status.FULFILLED)
        services.evaluation_entry_save(user=user, evaluation=ev, activity=t["a112"],
                                       status=Status.PARTIAL, progress=40)
        services.evaluation_publish(user=user, evaluation=ev)
    try:
        port = live_url.split(":")[1]
        page.goto(f"http://alfa.localhost:{port}/plan/")
        assert "Platný plán Alfa" in page.locator("h1").inner_text()
        assert page.locator(".bar").count() == 3
        # The bars' widths come from data-width through site.js (no style attributes).
        widths = page.locator(".bar > span").evaluate_all(
            "spans => spans.map(s => [s.dataset.width, s.style.width])")
        assert widths and all(style == f"{float(data):g}%" for data, style in widths), widths
        shot(page, "plan-public-in-force")
        page.click("a[href$='/evaluations/2024/']")
        assert "Vyhodnotenie 2024" in page.locator("h1").inner_text()
        shot(page, "plan-public-evaluation")
        _signin(page, f"http://alfa.localhost:{port}", "alfa.viewer@test.sk")
        page.goto(f"http://alfa.localhost:{port}/staff/plans/{plan.pk}/evaluations/2024/")
        assert page.locator("fieldset[disabled]").count() > 0
        shot(page, "evaluation-staff-viewer")
    finally:
        with tenant_context(alfa):
            Plan.objects.filter(pk=plan.pk).delete()
