"""One sign-in as a person meets it: signed in once on the platform domain, into two
municipalities' staff pages with no password prompt; signed out on one, out everywhere."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]

EMAIL = "orp.e2e@test.sk"


@pytest.fixture
def two_places(django_db_blocker):
    """An account that is the admin of Alfa and an editor of Beta."""
    from django.db import connection

    from hub.accounts.models import HandoffToken, Membership, User
    from hub.municipalities.models import Municipality

    with django_db_blocker.unblock():
        user = User.objects.create_user(EMAIL, PASSWORD)
        for slug, role in (("alfa", "admin"), ("beta", "editor")):
            Membership.objects.create(user=user, municipality=Municipality.objects.get(slug=slug),
                                      role=role)
        yield user
        # Committed through the live server, so not rolled back: removed here by SQL (tenant
        # tables point at accounts; this one owns nothing there).
        connection.set_schema_to_public()
        HandoffToken.objects.filter(user=user).delete()
        Membership.objects.filter(user=user).delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])


def test_sign_in_once_move_between_places_sign_out_everywhere(page, live_url, two_places,
                                                             settings):
    port = live_url.split(":")[1]
    settings.PLATFORM_PORT = port  # the live server's port in the addresses handed out
    page.goto(f"http://localhost:{port}/accounts/signin/?next=/my/")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")
    assert page.url == f"http://localhost:{port}/my/"
    shot(page, "one-signin-my-places")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "one-signin-my-places-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # To Alfa's staff page: no sign-in form on the way.
    follow(page, "ul.places a:has-text('Alfa')")
    assert page.url == f"http://alfa.localhost:{port}/staff/"
    assert page.locator("#id_password").count() == 0
    assert page.locator(".who").inner_text() == EMAIL
    shot(page, "one-signin-alfa-staff")

    # Back to the platform through the header, then on to Beta.
    follow(page, "header a[href='/accounts/go/?next=/my/']")  # not the switcher's links
    assert page.url == f"http://localhost:{port}/my/"
    follow(page, "ul.places a:has-text('Beta')")
    assert page.url == f"http://beta.localhost:{port}/staff/"
    assert page.locator("#id_password").count() == 0
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "one-signin-beta-staff-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Signed out on Beta: Alfa and the platform ask for the password again.
    follow(page, "form[action='/accounts/signout/'] button")
    page.goto(f"http://alfa.localhost:{port}/staff/")
    assert "/accounts/signin/" in page.url
    assert page.locator("#id_password").count() == 1
    page.goto(f"http://localhost:{port}/my/")
    assert "/accounts/signin/" in page.url
    shot(page, "one-signin-signed-out")

    # A handoff address used again after the sign-out signs nobody in.
    page.goto(f"http://alfa.localhost:{port}/accounts/handoff/?token=used&next=/staff/")
    assert "Tento odkaz na prihlásenie už neplatí." in page.locator(".errors").inner_text()
    shot(page, "one-signin-link-refused")
