"""The sign-in lockout as a person meets it: the message on the sign-in page, and the
operator's list of failed sign-ins in the admin where an account is unlocked."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def operator(django_db_blocker):
    from axes.models import AccessAttempt
    from django.db import connection

    from hub.accounts.models import User

    with django_db_blocker.unblock():
        user = User.objects.create_superuser("operator.e2e@test.sk", PASSWORD)
        yield user
        # Committed through the live server, so not rolled back: removed here. Accounts are
        # never deleted through the ORM (tenant tables point at them); this one owns nothing.
        AccessAttempt.objects.all().delete()
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])


def _sign_in(page, email, password):
    page.fill("#id_email", email)
    page.fill("#id_password", password)
    follow(page, "button.primary")


def test_locked_out_then_unlocked_by_an_operator(page, live_url, operator):
    port = live_url.split(":")[1]
    page.goto(f"http://alfa.localhost:{port}/accounts/signin/")
    for _ in range(5):
        _sign_in(page, "alfa.viewer@test.sk", "zle-heslo")
    _sign_in(page, "alfa.viewer@test.sk", PASSWORD)
    assert ("Príliš veľa neúspešných pokusov o prihlásenie. Počkajte, prosím, 15 minút a skúste "
            "to znova.") in page.locator(".errors").inner_text()
    shot(page, "signin-locked-out")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "signin-locked-out-375")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"http://localhost:{port}/admin/login/")
    page.fill("#id_username", "operator.e2e@test.sk")
    page.fill("#id_password", PASSWORD)
    follow(page, "input[type=submit]")
    page.goto(f"http://localhost:{port}/admin/")
    assert page.locator("text=Neúspešné prihlásenia").count() >= 1
    page.goto(f"http://localhost:{port}/admin/accounts/failedsignin/")
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1 and "alfa.viewer@test.sk" in row.inner_text()
    assert "Zablokované do" in page.locator("#result_list thead").text_content()
    shot(page, "admin-failed-signins")
    page.set_viewport_size({"width": 375, "height": 800})
    shot(page, "admin-failed-signins-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        row.locator("a").first.click()
    assert "Posledný neúspešný pokus" in page.locator("body").text_content()
    shot(page, "admin-failed-signin-detail")
    page.go_back()
    page.check("#result_list tbody input.action-select")
    page.select_option("select[name=action]", "unlock")
    follow(page, "button[name=index]")
    assert "Zmazaný 1 záznam neúspešných prihlásení" in page.locator(".messagelist").inner_text()
    shot(page, "admin-failed-signins-unlocked")

    page.goto(f"http://alfa.localhost:{port}/accounts/signin/")
    _sign_in(page, "alfa.viewer@test.sk", PASSWORD)
    assert page.url == f"http://alfa.localhost:{port}/staff/"
