"""Working groups and meetings in a real browser: a resident asks to join (consent first),
staff plan a meeting, it appears in the public schedule; news and documents pages render."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


def test_join_plan_a_meeting_and_read_the_schedule(page, live_url):
    from hub.municipalities.models import Municipality
    from tenants.participation.models import Meeting, Member, WorkingGroup

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        WorkingGroup.objects.create(name="Pracovná skupina Seniori")
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    try:
        page.goto(f"{base}/groups/")
        page.click("text=Pracovná skupina Seniori")
        page.fill("#id_name", "Mária Nová")
        page.fill("#id_email", "maria@example.org")
        page.click("button:has-text('Prihlásiť sa')")
        assert "bez neho vás nemôžeme zaregistrovať" in page.locator(".field-error").inner_text()
        assert page.input_value("#id_name") == "Mária Nová"
        shot(page, "e2e-join-consent-missing")
        page.check("#id_consent")
        page.click("button:has-text('Prihlásiť sa')")
        assert "Poslali sme vám e-mail" in page.locator(".messages").inner_text()
        with tenant_context(alfa):
            assert list(Member.objects.values_list("name", "state")) == [
                ("Mária Nová", "unconfirmed")]

        page.goto(f"{base}/accounts/signin/")
        page.fill("#id_email", "alfa.editor@test.sk")
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.goto(f"{base}/staff/meetings/new/")
        page.fill("#id_title", "Stretnutie k akčnému plánu")
        page.check("text=Pracovná skupina Seniori")
        page.fill("#id_date", "2031-10-04")
        page.fill("#id_starts_at", "15:00")
        page.fill("#id_ends_at", "12:00")
        page.fill("#id_place", "Mestský úrad")
        page.fill("#id_room", "zasadačka č. 250")
        follow(page, "button.primary")
        assert "Stretnutie musí skončiť až po svojom začiatku." in page.content()
        assert page.input_value("#id_room") == "zasadačka č. 250"
        page.fill("#id_starts_at", "12:00")
        page.fill("#id_ends_at", "15:00")
        page.click("button.primary")
        assert "Stretnutie bolo uložené." in page.locator(".messages").inner_text()
        shot(page, "e2e-staff-meeting")
        page.goto(f"{base}/schedule/")
        row = page.locator("table.meetings tr", has_text="Stretnutie k akčnému plánu")
        assert "12:00–15:00" in row.inner_text() and "zasadačka č. 250" in row.inner_text()
        shot(page, "e2e-schedule")
        for path in ("/news/", "/archive/", "/contact/", "/"):
            page.goto(base + path)
            assert page.locator("h1").count() >= 1
    finally:
        with tenant_context(alfa):
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()
