"""A needs survey in a real browser: a resident answers on a phone (375 px), first sending
it with mistakes and reading one error under each question, then staff read the results
with their bars at 1280 px, close the survey after a confirmation and publish the results,
which a resident reads on a phone."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import PASSWORD
from tests.e2e.conftest import follow, shot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def survey(django_db_blocker):
    """Alfa's open survey with two earlier answers; deleted afterwards."""
    from hub.municipalities.models import Municipality
    from tenants.analysis.models import Response, Survey
    from tenants.analysis.surveys import services

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        with tenant_context(alfa):
            made = services.survey_save(
                title="Prieskum potrieb obyvateľov 2025", audience="residents",
                intro="Pomôžte nám naplánovať sociálne služby. Vyplnenie trvá 3 minúty.")
            age = services.question_save(
                survey=made, text="Koľko máte rokov?", kind="single", required=True,
                section="O vás", options=["do 25", "26 – 64", "65 – 79", "80 a viac"])
            needs = services.question_save(
                survey=made, text="Ktoré služby by mali v meste pribudnúť?", kind="multiple",
                required=True, section="Služby", help_text="Môžete zvoliť viac možností.",
                options=["Opatrovateľská služba", "Denný stacionár", "Prepravná služba"])
            services.question_save(survey=made, text="Ako ste spokojní s informáciami o "
                                   "službách?", kind="scale")
            services.question_save(survey=made, text="Koľko ľudí žije vo vašej domácnosti?",
                                   kind="number")
            services.question_save(survey=made, text="Čo by ste zmenili?", kind="text")
            services.question_save(survey=made, text="Chcete dostať výsledky? Váš e-mail",
                                   kind="email")
            services.survey_open(survey=made)
            first, second = age.options.all()[:2]
            care, day, _transport = needs.options.all()
            for option, chosen in ((first, [care.pk, day.pk]), (second, [care.pk])):
                services.response_submit(survey=made, values={age.pk: option.pk,
                                                              needs.pk: chosen})
    yield made
    with django_db_blocker.unblock(), tenant_context(alfa):
        Response.objects.filter(survey=made).delete()
        Survey.objects.filter(pk=made.pk).delete()


def test_resident_answers_on_a_phone_and_staff_read_the_results(page, live_url, survey):
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/surveys/")
    follow(page, f"a[href='/surveys/{survey.key}/']")
    assert page.locator("h1").inner_text() == "Prieskum potrieb obyvateľov 2025"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    shot(page, "surveys-form-375")
    # Mistakes: no age, a number that is not one, an e-mail without consent.
    page.check("text=Denný stacionár")
    page.fill("input[inputmode=decimal]", "dvaja")
    page.fill("input[type=email]", "jana@example.org")
    follow(page, "button.send")
    errors = page.locator(".field-error")
    assert errors.count() == 3
    assert page.locator("#error-summary").inner_text().startswith(
        "Skontrolujte, prosím, 3 odpovede:")
    assert [errors.nth(i).inner_text() for i in range(3)] == [
        "Odpovedzte, prosím, na túto otázku.", "Zadajte číslo.",
        "Ak chcete zanechať e-mail, zaškrtnite súhlas, alebo nechajte e-mail prázdny."]
    assert page.is_checked("text=Denný stacionár")  # what was given is kept
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    shot(page, "surveys-form-errors-375")
    page.check("text=65 – 79")
    page.check("fieldset:has-text('spokojní') label.choice:has-text('4')")
    page.fill("input[inputmode=decimal]", "2")
    page.fill("textarea", "Viac opatrovateliek v teréne.")
    page.check("input[name$=_consent]")
    follow(page, "button.send")
    assert page.locator("h1").inner_text() == "Ďakujeme za vaše odpovede"
    shot(page, "surveys-thanks-375")
    page.goto(f"{base}/surveys/{survey.key}/")
    assert "ste už z tohto prehliadača odpovedali" in page.locator("main").inner_text()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/accounts/signin/?next=/staff/surveys/{survey.pk}/results/")
    page.fill("#id_email", "alfa.editor@test.sk")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/staff/surveys/{survey.pk}/results/")
    main = page.locator("main").inner_text()
    assert "Odpovedali 3 ľudia." in main and "Viac opatrovateliek v teréne." in main
    assert page.locator("svg.option-bars").count() == 3
    assert "2 (66,7 %)" in page.locator("svg.option-bars").nth(1).inner_html()
    assert "1 (100,0 %)" in page.locator("svg.option-bars").nth(2).inner_html()
    shot(page, "surveys-results-1280")
    page.goto(f"{base}/staff/surveys/{survey.pk}/")
    assert "3 odpovede" in page.locator(".question-item").nth(1).inner_text()  # people, not ticks
    shot(page, "surveys-staff-detail-1280")
    # Closing asks first, and keeps the answers.
    follow(page, "text=Uzavrieť prieskum…")
    assert page.locator("h1").inner_text() == "Uzavrieť prieskum „Prieskum potrieb obyvateľov 2025“?"
    follow(page, "button.danger")
    assert page.locator(".state-closed").inner_text() == "uzavretý"
    page.goto(f"{base}/staff/surveys/")
    shot(page, "surveys-staff-list-1280")
    page.goto(f"{base}/staff/surveys/{survey.pk}/results/")
    follow(page, "text=Zverejniť výsledky")
    # The public results on a phone: bars and counts, never the free texts.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/surveys/{survey.key}/results/")
    assert page.locator("svg.option-bars").count() == 3
    assert "Viac opatrovateliek" not in page.locator("main").inner_text()
    shot(page, "surveys-public-results-375")
