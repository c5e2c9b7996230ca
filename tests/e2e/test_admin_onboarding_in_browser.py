"""#14 point 3 in a real browser: the operator adds a municipality with the Django admin's
form (at 1280 and 375 px) and opens its new subdomain; a wrong entry is refused in words."""

import pytest
from django.db import connection

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]
ADD = "/admin/municipalities/municipality/add/"


def _no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


@pytest.mark.parametrize("width", [1280, 375])
def test_operator_adds_a_municipality_in_the_admin_and_opens_it(page, live_url, width):
    from hub.accounts.models import User
    from hub.municipalities.models import Domain, Municipality
    from hub.tenancy.schemas import quote

    slug = f"nova-obec-{width}"
    email = "operator.onboarding@test.sk"
    operator = User.objects.filter(email=email).first()
    if operator is None:
        User.objects.create_superuser(email, PASSWORD)
    else:
        User.objects.filter(pk=operator.pk).update(is_active=True, is_staff=True,
                                                   is_superuser=True)
    port = live_url.split(":")[1]
    base = f"http://localhost:{port}"
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", email)
        page.fill("#id_password", PASSWORD)
        follow(page, "input[type=submit]")
        page.goto(f"{base}{ADD}")
        # A district of another region: refused in words, nothing made.
        page.fill("#id_name", "Nová Obec")
        page.fill("#id_slug", slug)
        page.select_option("#id_kind", "village")
        page.select_option("#id_country", "SK")
        page.fill("#id_population", "1250")
        page.fill("#id_population_65", "260")
        page.select_option("#id_region", label="Zkušební kraj")
        page.select_option("#id_district", label="Okres Test")
        follow(page, "input[name=_save]")
        errors = page.locator(".errorlist").all_inner_texts()
        assert errors and not any("_" in text for text in errors), errors  # words, no names
        assert not Municipality.objects.filter(slug=slug).exists()
        shot(page, f"admin-add-municipality-refused-{width}")
        page.select_option("#id_region", label="Testovací kraj")
        follow(page, "input[name=_save]")
        made = Municipality.objects.get(slug=slug)
        assert (made.language, made.population, made.population_65) == ("sk", 1250, 260)
        shot(page, f"admin-add-municipality-saved-{width}")
        # The new subdomain answers in its language, with an empty plan page.
        page.goto(f"http://{slug}.localhost:{port}/")
        assert "Nová Obec" in page.locator("h1, header").first.inner_text() or \
            "Nová Obec" in page.content()
        page.goto(f"http://{slug}.localhost:{port}/plans/")
        assert "Momentálne nie je platný žiadny plán." in page.content()
        _no_sideways_scroll(page)
        shot(page, f"admin-new-municipality-plans-{width}")
    finally:
        made = Municipality.objects.filter(slug=slug).first()
        if made is not None:
            schema = made.schema_name
            Domain.objects.filter(tenant=made).delete()
            made.delete()
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
        User.objects.filter(email=email).update(is_active=False, is_staff=False,
                                                is_superuser=False)
