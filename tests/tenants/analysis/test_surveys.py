"""Needs surveys: a resident answers on the public link (an error per question, nothing
half-saved, one answer per browser, honeypot, submission limit), staff read the counts,
percentages and free texts and export them, answers survive edits, the public sees only
published results, the API, GDPR for an e-mail answer, and the demo."""

import csv
import datetime
import io
import json
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django_tenants.utils import tenant_context

from hub import ratelimit
from tenants.analysis.models import Answer, Question, Response, Survey
from tenants.analysis.surveys import demo, selectors, services
from tenants.portal import privacy
from tests.conftest import account, client_for

pytestmark = pytest.mark.django_db


def _survey():
    """Age (single, required), needs (multiple, required), satisfaction (scale), hours
    (number), a free text and an e-mail, open; four answers."""
    survey = services.survey_save(title="Prieskum potrieb", audience="residents")
    age = services.question_save(survey=survey, text="Vek", kind="single", required=True,
                                 options=["do 64", "65 a viac"])
    needs = services.question_save(survey=survey, text="Čo chýba?", kind="multiple",
                                   required=True, section="Služby",
                                   options=["Opatrovanie", "Doprava", "Poradenstvo"])
    scale = services.question_save(survey=survey, text="Spokojnosť", kind="scale")
    hours = services.question_save(survey=survey, text="Hodiny", kind="number")
    text = services.question_save(survey=survey, text="Odkaz", kind="text")
    email = services.question_save(survey=survey, text="E-mail", kind="email")
    services.survey_open(survey=survey)
    young, old = age.options.all()
    care, transport, advice = needs.options.all()
    for values in ({age.pk: young.pk, needs.pk: [care.pk, transport.pk], scale.pk: 4,
                    hours.pk: "2,5", text.pk: "Viac opatrovateliek"},
                   {age.pk: old.pk, needs.pk: [care.pk], scale.pk: 5, hours.pk: "10"},
                   {age.pk: old.pk, needs.pk: [care.pk, advice.pk], scale.pk: 2},
                   {age.pk: old.pk, needs.pk: [transport.pk], text.pk: "=HYPERLINK(1)",
                    email.pk: "Anna@Example.org"}):
        services.response_submit(survey=survey, values=values,
                                 consents=frozenset({email.pk}))
    return SimpleNamespace(survey=survey, age=age, needs=needs, scale=scale, hours=hours,
                           text=text, email=email, care=care, young=young)


def test_results_count_and_percentages_per_option(alfa):
    with tenant_context(alfa):
        s = _survey()
        found = selectors.results(s.survey)
    assert found.responses == 4
    by_id = {r.question.pk: r for r in found.questions}
    assert [(r["label"], r["count"], str(r["percent"])) for r in by_id[s.age.pk].rows] == [
        ("do 64", 1, "25.0"), ("65 a viac", 3, "75.0")]
    # Of the 4 who answered; several options each, so more than 100 % together.
    assert [(r["count"], str(r["percent"])) for r in by_id[s.needs.pk].rows] == [
        (3, "75.0"), (2, "50.0"), (1, "25.0")]
    scale = by_id[s.scale.pk]
    assert scale.answered == 3 and [r["count"] for r in scale.rows] == [0, 1, 0, 1, 1]
    assert str(scale.stats["mean"]) == "3.67" and str(scale.stats["median"]) == "4.00"
    assert by_id[s.hours.pk].stats == {"mean": pytest.approx(6.25), "median": 6.25,
                                       "min": 2.5, "max": 10}
    assert by_id[s.text.pk].texts == 2 and by_id[s.email.pk].texts == 1


def test_bad_answers_are_refused_per_question_and_nothing_is_saved(alfa):
    with tenant_context(alfa):
        s = _survey()
        with pytest.raises(ValidationError) as refused:
            services.response_submit(survey=s.survey, values={
                s.needs.pk: [s.young.pk], s.scale.pk: 7, s.hours.pk: "veľa",
                s.email.pk: "anna@example.org"})
        assert refused.value.message_dict == {
            f"q{s.age.pk}": ["Odpovedzte, prosím, na túto otázku."],
            f"q{s.needs.pk}": ["Vyberte z ponúkaných možností."],
            f"q{s.scale.pk}": ["Vyberte hodnotu od 1 do 5."],
            f"q{s.hours.pk}": ["Zadajte číslo."],
            f"q{s.email.pk}": ["Ak chcete zanechať e-mail, zaškrtnite súhlas, alebo nechajte "
                               "e-mail prázdny."]}
        assert (Response.objects.count(), Answer.objects.count()) == (4, 18)


def test_answers_survive_edits_and_what_is_refused(alfa):
    with tenant_context(alfa):
        s = _survey()
        with pytest.raises(ValidationError, match="jej druh sa nedá zmeniť"):
            services.question_save(survey=s.survey, question=s.age, text="Vek", kind="multiple",
                                   options=["do 64", "65 a viac"])
        with pytest.raises(ValidationError, match="“Poradenstvo”"):
            services.question_save(survey=s.survey, question=s.needs, text="Čo chýba?",
                                   kind="multiple", options=["Opatrovanie", "Doprava"])
        with pytest.raises(ValidationError, match="nedá sa vymazať"):
            services.question_delete(question=s.needs)
        with pytest.raises(ValidationError, match="nedá sa vymazať"):
            services.survey_delete(survey=s.survey)
        # Rewording and a new option keep the answers under the option they were given to.
        services.question_save(survey=s.survey, question=s.age, text="Koľko máte rokov?",
                               kind="single", options=["0 – 64", "65 a viac", "nepoviem"])
        assert [(r["label"], r["count"]) for r in selectors.results(s.survey).questions[0].rows
                ] == [("0 – 64", 1), ("65 a viac", 3), ("nepoviem", 0)]
        services.survey_close(survey=s.survey)
        assert Answer.objects.count() == 18
        with pytest.raises(ValidationError, match="neprijíma odpovede"):
            services.response_submit(survey=s.survey, values={s.age.pk: s.young.pk})


def test_a_resident_answers_on_a_phone_once_per_browser(alfa):
    with tenant_context(alfa):
        s = _survey()
    resident = client_for(alfa)
    url = f"/surveys/{s.survey.key}/"
    page = resident.get(url).content.decode()
    assert "<legend>1. Vek" in page and '<h2 class="section">Služby</h2>' in page
    response = resident.post(url, {f"q{s.scale.pk}": "3", f"q{s.hours.pk}": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    # In Slovak, one error under each question it concerns and a summary linking to them.
    assert text.count('class="field-error"') == 3
    assert "Skontrolujte, prosím, 3 odpovede:" in text
    assert f'<a href="#q{s.age.pk}">1. Vek</a>' in text and "Zadajte číslo." in text
    assert f'value="3" id="id_q{s.scale.pk}_2" checked' in text  # what was given stays
    with tenant_context(alfa):
        assert Response.objects.count() == 4
    response = resident.post(url, {f"q{s.age.pk}": s.young.pk,
                                   f"q{s.needs.pk}": [s.care.pk]})
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    assert "ste už z tohto prehliadača odpovedali" in resident.get(url).content.decode()
    assert "<legend>1. Vek" in resident.get(url + "?again=1").content.decode()
    with tenant_context(alfa):
        assert Response.objects.count() == 5 and Answer.objects.count() == 20
    # A bot filling the hidden field is thanked and nothing is kept.
    bot = client_for(alfa).post(url, {f"q{s.age.pk}": s.young.pk, f"q{s.needs.pk}": [
        s.care.pk], "website": "http://spam"})
    assert bot.status_code == 302
    with tenant_context(alfa):
        assert Response.objects.count() == 5


def test_the_submission_limit_refuses_and_saves_nothing(alfa, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "survey", ratelimit.Limit(
        submissions=1, seconds=3600, message=ratelimit.LIMITS["survey"].message))
    with tenant_context(alfa):
        caches["default"].clear()  # counts of an earlier test's survey with the same id
        s = _survey()
    body = {f"q{s.age.pk}": s.young.pk, f"q{s.needs.pk}": [s.care.pk]}
    url = f"/surveys/{s.survey.key}/"
    assert client_for(alfa).post(url, body).status_code == 302
    refused = client_for(alfa).post(url, body)
    assert refused.status_code == 400 and "viacero žiadostí" in refused.content.decode()
    with tenant_context(alfa):
        assert Response.objects.count() == 5


def test_public_sees_drafts_and_results_only_when_published(alfa):
    with tenant_context(alfa):
        s = _survey()
        draft = services.survey_save(title="Koncept", audience="providers")
    anonymous = client_for(alfa)
    assert anonymous.get(f"/surveys/{draft.key}/").status_code == 404
    assert anonymous.get(f"/surveys/{s.survey.key}/results/").status_code == 404
    assert anonymous.get("/api/surveys/").json()["count"] == 0
    with tenant_context(alfa):
        services.survey_close(survey=s.survey)
    # An old link to a closed survey says so (no form), not "page not found".
    closed = anonymous.get(f"/surveys/{s.survey.key}/").content.decode()
    assert "Tento prieskum už neprijíma odpovede." in closed and "<legend>" not in closed
    with tenant_context(alfa):
        services.survey_publish_results(survey=s.survey, public=True)
    page = anonymous.get(f"/surveys/{s.survey.key}/results/").content.decode()
    assert "Odpovedali 4 ľudia." in page and "3 (75,0 %)" in page and "<svg" in page
    assert "Viac opatrovateliek" not in page and "Anna@Example.org" not in page
    assert "Koncept" not in anonymous.get("/surveys/").content.decode()
    listed = anonymous.get("/api/surveys/").json()["results"]
    assert [x["title"] for x in listed] == ["Prieskum potrieb"]
    results = anonymous.get(f"/api/surveys/{s.survey.pk}/results/").json()
    assert results["responses"] == 4
    assert results["questions"][0]["options"] == [
        {"label": "do 64", "count": 1, "percent": "25.0"},
        {"label": "65 a viac", "count": 3, "percent": "75.0"}]


def test_staff_read_results_texts_and_export_csv_and_xlsx(alfa):
    from openpyxl import load_workbook

    with tenant_context(alfa):
        s = _survey()
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    page = viewer.get(f"/staff/surveys/{s.survey.pk}/results/").content.decode()
    assert "Odpovedali 4 ľudia." in page and "Viac opatrovateliek" in page
    assert "3,67" in page  # the scale's average, in Slovak
    texts = viewer.get(f"/staff/surveys/{s.survey.pk}/results/{s.text.pk}/").content.decode()
    assert "2 odpovede, najnovšie prvé." in texts
    rows = list(csv.reader(io.StringIO(viewer.get(
        f"/staff/surveys/{s.survey.pk}/export.csv").content.decode("utf-8-sig")),
        delimiter=";"))
    assert rows[0] == ["#", "Čas", "Vek", "Čo chýba?", "Spokojnosť", "Hodiny", "Odkaz",
                       "E-mail"]
    assert rows[1][0] == "1" and rows[1][2:] == ["do 64", "Opatrovanie; Doprava", "4", "2,5",
                                                 "Viac opatrovateliek", ""]
    # A text a spreadsheet would run as a formula is written as text.
    assert rows[4][2:] == ["65 a viac", "Doprava", "", "", "'=HYPERLINK(1)",
                           "Anna@Example.org"]
    book = load_workbook(io.BytesIO(b"".join(viewer.get(
        f"/staff/surveys/{s.survey.pk}/export.xlsx").streaming_content)))
    sheet = list(book.active.values)
    assert len(sheet) == 5 and sheet[1][2:6] == ("do 64", "Opatrovanie; Doprava", 4, 2.5)


def test_editor_builds_opens_and_closes_with_confirmation(alfa):
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/staff/surveys/new/", {"title": "Nový", "audience": "users",
                                                   "opens_on": "2030-05-02",
                                                   "closes_on": "2030-05-01"})
    assert response.status_code == 400
    assert "Prieskum sa musí uzavrieť v deň otvorenia alebo neskôr." in response.content.decode()
    response = editor.post("/staff/surveys/new/", {"title": "Nový", "audience": "users"})
    detail = response["Location"]
    opened = editor.post(detail + "state/", {"state": "open"}, follow=True).content.decode()
    assert "Pred otvorením prieskumu pridajte aspoň jednu otázku." in opened
    refused = editor.post(detail + "questions/new/", {"text": "Čo?", "kind": "single",
                                                      "options": "Jedna"})
    assert refused.status_code == 400
    assert "aspoň dve možnosti" in refused.content.decode()
    editor.post(detail + "questions/new/", {"text": "Čo?", "kind": "single",
                                            "options": "Jedna\nDve", "required": "on"})
    editor.post(detail + "state/", {"state": "open"})
    confirm = editor.get(detail + "state/?state=closed").content.decode()
    assert "Uzavrieť prieskum „Nový“?" in confirm
    with tenant_context(alfa):
        survey = Survey.objects.get()
        assert survey.state == "open"
        assert list(survey.questions.values_list("text", "required")) == [("Čo?", True)]
    editor.post(detail + "state/", {"state": "closed"})
    with tenant_context(alfa):
        assert Survey.objects.get().state == "closed"


def test_api_builds_a_survey_and_refuses_to_lose_answers(alfa):
    editor = client_for(alfa, account("alfa.editor@test.sk"))

    def call(method, path, body=None):
        return getattr(editor, method)(path, data=json.dumps(body) if body else None,
                                       content_type="application/json")

    made = call("post", "/api/surveys/", {"title": "API prieskum", "audience": "providers"})
    assert made.status_code == 201
    survey = made.json()["id"]
    question = call("post", "/api/survey-questions/", {
        "survey": survey, "text": "Forma", "kind": "single", "options": ["terénna",
                                                                         "ambulantná"]})
    assert question.status_code == 201 and question.json()["options"] == ["terénna",
                                                                         "ambulantná"]
    assert call("post", f"/api/surveys/{survey}/state/", {"state": "open"}).json()[
        "state"] == "open"
    with tenant_context(alfa):
        q = Question.objects.get()
        services.response_submit(survey=q.survey, values={q.pk: q.options.first().pk})
    refused = call("patch", f"/api/survey-questions/{q.pk}/", {"kind": "text"})
    assert refused.status_code == 400 and list(refused.json()) == ["kind"]
    assert call("delete", f"/api/surveys/{survey}/").status_code == 400
    assert call("get", f"/api/surveys/{survey}/").json()["answers"] == 1


def test_an_email_answer_is_exported_erased_and_purged(alfa):
    with tenant_context(alfa):
        s = _survey()
        held = privacy.personal_data_export(email="anna@example.org")["data"]["analysis"]
        assert [(h["survey"], h["email"]) for h in held] == [("Prieskum potrieb",
                                                              "Anna@Example.org")]
        assert privacy.personal_data_erase(email="ANNA@example.org") == 1
        # The rest of that response stays, anonymous again.
        assert (Response.objects.count(), Answer.objects.count()) == (4, 17)
        services.response_submit(survey=s.survey, consents=frozenset({s.email.pk}), values={
            s.age.pk: s.young.pk, s.needs.pk: [s.care.pk], s.email.pk: "ben@example.org"})
        services.survey_close(survey=s.survey)
        today = s.survey.closed_at.date()
        assert privacy.personal_data_purge(today=today) == 0
        assert privacy.personal_data_purge(today=today + datetime.timedelta(days=2000)) == 1
        assert not Answer.objects.filter(question=s.email).exists()


def test_demo_surveys_of_benesov_and_banska_bystrica(alfa):
    with tenant_context(alfa):
        assert demo.demo_seed(SimpleNamespace(slug="benesov")) == 1 + 6 + 38
        assert demo.demo_seed(SimpleNamespace(slug="benesov")) == 0
        assert demo.demo_seed(SimpleNamespace(slug="banska-bystrica")) == 1 + 5 + 24
        assert demo.demo_seed(SimpleNamespace(slug="banov")) == 0
        benesov, bystrica = Survey.objects.order_by("pk")
        assert (benesov.state, benesov.results_public) == ("closed", True)
        assert (bystrica.state, bystrica.results_public) == ("open", False)
        assert selectors.results(benesov).responses == 38
        assert not Answer.objects.filter(question__kind="email").exists()


def test_openapi_schema_has_the_surveys(alfa, tmp_path):
    with tenant_context(alfa):
        call_command("spectacular", "--fail-on-warn", "--validate", "--lang", "sk", "--file",
                     str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/surveys/{id}/results/:", "/api/surveys/{id}/state/:",
                 "/api/survey-questions/{id}/:"):
        assert path in text, path
    assert "Výsledky: počty a percentá podľa otázok" in text
