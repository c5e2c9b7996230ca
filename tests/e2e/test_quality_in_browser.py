"""The plan-quality self-assessment in a real browser at 1280 and 375 px: an empty list, the
form refusing a criterion without a status, then saved; the chart against the year before."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import SHOTS, follow, shot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def last_year(django_db_blocker):
    """Alfa's 2025 self-assessment, every criterion partly met; removed afterwards with what
    the test adds."""
    from hub.municipalities.models import Municipality
    from tenants.funding import quality, services
    from tenants.funding.models import SelfAssessment
    from tenants.history.models import Change

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        with tenant_context(alfa):
            last = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            SelfAssessment.objects.all().delete()
            yield services.assessment_create(
                user=account("alfa.editor@test.sk"), year=2025,
                answers={code: {"status": "partly"} for code in quality.CODES})
            SelfAssessment.objects.all().delete()
            Change.objects.filter(pk__gt=last).delete()


def test_staff_fill_a_self_assessment_and_see_the_chart(page, live_url, last_year):
    from tenants.funding import quality

    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")
    page.goto(f"{base}/staff/quality/")
    assert "Sebahodnotenie 2025" in page.locator("table.list").inner_text()
    follow(page, "text=Nové sebahodnotenie")
    page.fill("#id_year", "2026")
    # Legitimacy met, partly, not met, n/a: 50 %; the rest met; 8.4 forgotten at first.
    for code in quality.CODES[:-1]:
        choice = {"1.2": 1, "1.3": 2, "1.4": 3}.get(code, 0)
        page.locator(f'[id="id_c{code}-status_{choice}"]').check()
    page.locator('[id="id_c4.4-comment"]').fill("Zápisnice sú zverejnené na webe mesta.")
    page.locator('[id="id_c4.4-links"]').fill("https://alfa.example.org/zapisnice")
    follow(page, "button[type=submit].primary")
    assert page.locator("div.errors a").inner_text() == "8.4"
    error = page.locator('[id="criterion-8.4"] .field-error')
    assert "Zvoľte splnené" in error.inner_text()
    shot(page, "quality-form-error-1280")
    page.locator('[id="id_c8.4-status_0"]').check()
    follow(page, "button[type=submit].primary")
    assert "Sebahodnotenie za rok 2026 bolo uložené." in page.content()
    facts = page.locator("dl.facts").inner_text()
    # (50 + 7 · 100) / 8 = 93.75 -> 93,8 %; the year before: all partly, 50,0 %.
    assert "93,8 %" in facts and "50,0 %" in facts and "+43,8 p. b." in facts
    assert page.locator("svg.quality-chart rect").count() == 2 + 8 + 8
    detail = page.url
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(detail)
        shot(page, f"quality-detail-{width}")
        page.screenshot(path=str(SHOTS / f"quality-detail-top-{width}.png"))
        page.goto(f"{base}/staff/quality/new/")
        shot(page, f"quality-form-{width}")
        page.locator('[id="criterion-1.1"]').scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"quality-form-top-{width}.png"))
        page.goto(f"{base}/staff/quality/")
        assert "93,8 %" in page.locator("table.list").inner_text()
        shot(page, f"quality-list-{width}")
