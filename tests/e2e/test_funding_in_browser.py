"""Funding pages in a real browser at 1280 and 375 px: staff see a round with its allocation,
fix a weight error, score and are asked before publishing; the public sees published results."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD, account
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def a_round(django_db_blocker):
    """Alfa's round being evaluated (two applications, allocated); removed afterwards."""
    from hub.municipalities.models import Municipality
    from tenants.catalogue.models import Provider, Service
    from tenants.funding.models import Round
    from tenants.history.models import Change
    from tests.tenants.funding.builders import evaluated

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        with tenant_context(alfa):
            last = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            round_, first = evaluated(account("alfa.editor@test.sk"),
                                      title="Dotácie na sociálne služby", ico="55500071")
        round_.first_application = first.pk
        yield round_
        with tenant_context(alfa):
            Round.objects.all().delete()
            Service.objects.filter(provider__ico="55500071").delete()
            Provider.objects.filter(ico="55500071").delete()
            Change.objects.filter(pk__gt=last).delete()


def _signin(page, base, email):
    page.goto(f"{base}/accounts/signin/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    follow(page, "button.primary")


def test_staff_allocate_score_and_publish_and_the_public_reads_the_results(page, live_url,
                                                                          a_round):
    port = live_url.split(":")[1]
    base = f"http://alfa.localhost:{port}"
    anonymous_before = page.context.browser.new_page()
    assert anonymous_before.goto(f"{base}/funding/{a_round.pk}/").status == 404
    anonymous_before.close()
    _signin(page, base, "alfa.editor@test.sk")
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/staff/funding/")
        assert "Dotácie na sociálne služby" in page.locator("table.list").inner_text()
        shot(page, f"funding-staff-rounds-{width}")
        page.goto(f"{base}/staff/funding/{a_round.pk}/")
        text = page.locator("#applications").inner_text()
        assert "538" in text and "462" in text and "Skóre 52,00 zo 100." in text
        shot(page, f"funding-staff-round-{width}")
        page.goto(f"{base}/staff/funding/{a_round.pk}/applications/"
                  f"{a_round.first_application}/score/")
        shot(page, f"funding-staff-score-{width}")
        page.goto(f"{base}/staff/funding/{a_round.pk}/applications/new/")
        shot(page, f"funding-staff-application-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    # Decide, then publish: the page asks first and says what publishing means.
    page.goto(f"{base}/staff/funding/{a_round.pk}/")
    follow(page, "text=Zaznamenať rozhodnutie…")
    assert "Sumy sa zafixujú" in page.content()
    shot(page, "funding-staff-confirm-decide-1280")
    follow(page, "button.danger")
    follow(page, "text=Zverejniť výsledky…")
    assert "Zverejnené kolo sa už nedá zmeniť." in page.content()
    follow(page, "button.danger")
    assert "zverejnené" in page.locator(".state").inner_text()
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/funding/{a_round.pk}/")
        assert "Denné centrum Jeseň" in page.locator("table.list").inner_text()
        shot(page, f"funding-public-round-{width}")


def test_a_draft_rounds_criteria_with_weights_off_100_are_refused_in_words(page, live_url,
                                                                           django_db_blocker):
    from hub.municipalities.models import Municipality
    from tenants.funding.models import Round
    from tenants.history.models import Change
    from tests.tenants.funding.builders import round_

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        last = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        draft = round_(account("alfa.editor@test.sk"), title="Návrh kola")
    try:
        port = live_url.split(":")[1]
        base = f"http://alfa.localhost:{port}"
        _signin(page, base, "alfa.editor@test.sk")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/staff/funding/{draft.pk}/criteria/")
            page.fill("#id_form-0-weight", "20")
            follow(page, "button.primary")
            assert "Váhy kritérií musia spolu dať 100 %; teraz dávajú 95 %." in \
                page.locator(".errors").inner_text()
            shot(page, f"funding-staff-criteria-error-{width}")
        with tenant_context(alfa):
            assert sorted(Round.objects.get(pk=draft.pk).criteria.values_list(
                "weight", flat=True))[-1] == 25
    finally:
        with tenant_context(alfa):
            Round.objects.all().delete()
            Change.objects.filter(pk__gt=last).delete()


def test_staff_list_provider_links_and_a_provider_applies_behind_its_link(page, live_url):
    from hub.municipalities.models import Municipality
    from tenants.catalogue.models import Provider, Service
    from tenants.funding import services
    from tenants.funding.models import Application, Round
    from tenants.history.models import Change
    from tests.tenants.funding.builders import round_, two_services

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        last = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        user = account("alfa.editor@test.sk")
        open_round = round_(user, title="Otvorené kolo")
        services.round_transition(user=user, round_=open_round, to=Round.State.OPEN)
        mine, _second = two_services(user, ico="55500081")
    try:
        port = live_url.split(":")[1]
        base = f"http://alfa.localhost:{port}"
        _signin(page, base, "alfa.editor@test.sk")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/staff/funding/{open_round.pk}/links/")
            shot(page, f"funding-staff-provider-links-{width}")
        link = page.locator("input[readonly]").first.input_value()
        page.context.clear_cookies()
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{link}?service={mine.pk}")
            page.fill("#id_requested", "900")
            page.fill("#id_personnel_costs", "500")
            page.fill("#id_operating_costs", "100")
            page.fill("#id_other_sources", "0")
            follow(page, "button.primary")
            assert "je vyššia ako náklady" in page.locator(".field-error").inner_text()
            shot(page, f"funding-provider-application-error-{width}")
        page.fill("#id_requested", "300")
        follow(page, "button.primary")
        assert "Vaša žiadosť je uložená." in page.content()
        shot(page, "funding-provider-applied-1280")
        with tenant_context(alfa):
            assert list(Application.objects.values_list("service_name", "requested")) == [
                ("Denné centrum Jeseň", 300)]
    finally:
        with tenant_context(alfa):
            Round.objects.all().delete()
            Service.objects.filter(provider__ico="55500081").delete()
            Provider.objects.filter(ico="55500081").delete()
            Change.objects.filter(pk__gt=last).delete()
