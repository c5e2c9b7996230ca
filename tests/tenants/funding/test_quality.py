"""The plan-quality self-assessment: exact scores and the change against the year before
(through the API), validation in clear words, evidence of this municipality only, the staff
pages, and the coordinators' comparison fed by the read model (scores only)."""

from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from hub.regional.services import figures_refresh
from tenants.funding import quality
from tenants.funding.models import QualityAnswer, SelfAssessment
from tests.conftest import account, client_for
from tests.hub.regional.conftest import TODAY, coordinator
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.django_db

# Legitimacy: met, partly, not met, n/a -> (1 + 0.5 + 0) / 3 = 50.0 %. Situation: all n/a ->
# no score. Competence: all partly -> 50.0 %. The other five areas all met -> 100.0 %.
# Overall = mean of the seven scored areas = (50 + 50 + 5 * 100) / 7 = 85.714… -> 85.7 %.
MIXED = {**dict.fromkeys(quality.CODES, "met"),
         "1.2": "partly", "1.3": "not_met", "1.4": "na",
         "2.1": "na", "2.2": "na", "2.3": "na", "2.4": "na",
         "3.1": "partly", "3.2": "partly", "3.3": "partly"}


def _answers(statuses: dict, **extra) -> list[dict]:
    return [{"criterion": code, "status": status, **extra.get(code, {})}
            for code, status in statuses.items()]


def _post(client, year, statuses, **extra):
    return client.post("/api/quality-assessments/", {
        "year": year, "note": "Tajné sebahodnotenie Alfa", "answers": _answers(statuses, **extra)},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_scores_are_exact_and_compared_with_the_year_before(alfa):
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    first = _post(editor, 2025, dict.fromkeys(quality.CODES, "met"))
    assert first.status_code == 201, first.content
    assert first.json()["scores"]["overall"] == "100.0"
    assert first.json()["scores"]["previous_overall"] is None
    second = _post(editor, 2026, MIXED)
    assert second.status_code == 201, second.content
    scores = second.json()["scores"]
    by_area = {a["code"]: (a["score"], a["previous"], a["change"], a["met"], a["partly"],
                           a["not_met"], a["na"]) for a in scores["areas"]}
    assert by_area["legitimacy"] == ("50.0", "100.0", "-50.0", 1, 1, 1, 1)
    assert by_area["situation"] == (None, "100.0", None, 0, 0, 0, 4)
    assert by_area["competence"] == ("50.0", "100.0", "-50.0", 0, 3, 0, 0)
    assert by_area["improvement"] == ("100.0", "100.0", "0.0", 4, 0, 0, 0)
    assert (scores["overall"], scores["previous_overall"], scores["overall_change"]) == (
        "85.7", "100.0", "-14.3")
    # The list and the page agree with the API.
    page = editor.get("/staff/quality/").content.decode()
    assert "85,7 %" in page and "-14,3" in page
    detail = editor.get(f"/staff/quality/{second.json()['id']}/").content.decode()
    assert "<svg" in detail and "Legitimita: 50,0 %" in detail


def test_refusals_name_the_criterion_and_save_nothing(alfa, beta):
    with tenant_context(beta):
        group, _members = group_with_members()
        elsewhere = meeting([group])
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    statuses = {code: "met" for code in quality.CODES if code != "8.4"}
    statuses["9.9"] = "met"
    response = _post(editor, 2026, statuses, **{
        "1.1": {"evidence": [f"meeting:{elsewhere.pk}"], "links": ["ftp://example.org/x"]}})
    assert response.status_code == 400
    assert response.json()["answers"] == [
        "Unknown criteria: 9.9.",
        f"1.1: These objects are not in this municipality's Komplan: meeting:{elsewhere.pk}.",
        "1.1: “ftp://example.org/x” is not a web address (https://…).",
        "8.4: choose met, partly met, not met or not applicable."]
    assert _post(editor, 2026, dict.fromkeys(quality.CODES, "met")).status_code == 201
    again = _post(editor, 2026, dict.fromkeys(quality.CODES, "met"))
    assert again.status_code == 400
    assert again.json()["year"] == ["There is already a self-assessment for this year."]
    with tenant_context(alfa):
        assert SelfAssessment.objects.count() == 1
        assert QualityAnswer.objects.count() == len(quality.CODES) == 31


def test_staff_fill_the_form_with_own_evidence_and_delete_after_confirming(alfa):
    with tenant_context(alfa):
        group, _members = group_with_members()
        held = meeting([group], title="Stretnutie riadiacej skupiny")
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    empty = editor.get("/staff/quality/").content.decode()
    assert "No self-assessment yet" in empty or "Zatiaľ žiadne sebahodnotenie" in empty
    form = {"year": "2026", "note": ""}
    form.update({f"c{code}-status": "met" for code in quality.CODES})
    form.update({"c4.4-status": "partly", "c4.4-evidence": [f"meeting:{held.pk}"],
                 "c4.4-links": "https://alfa.example.org/zapisnica.pdf",
                 "c4.4-comment": "Zápisnice sú na webe."})
    missing = dict(form)
    del missing["c5.1-status"]
    refused = editor.post("/staff/quality/new/", missing)
    assert refused.status_code == 400
    saved = editor.post("/staff/quality/new/", form)
    assert saved.status_code == 302
    with tenant_context(alfa):
        assessment = SelfAssessment.objects.get()
        answer = assessment.answers.get(criterion="4.4")
        assert (answer.status, answer.evidence, answer.links) == (
            "partly", [f"meeting:{held.pk}"], ["https://alfa.example.org/zapisnica.pdf"])
    detail = editor.get(saved["Location"]).content.decode()
    assert "Stretnutie riadiacej skupiny" in detail and f"/staff/meetings/{held.pk}/" in detail
    delete = f"/staff/quality/{assessment.pk}/delete/"
    assert editor.post(delete).status_code == 403
    admin = client_for(alfa, account("alfa.admin@test.sk"))
    assert admin.get(delete).status_code == 200
    with tenant_context(alfa):
        assert SelfAssessment.objects.count() == 1
    assert admin.post(delete).status_code == 302
    with tenant_context(alfa):
        assert SelfAssessment.objects.count() == 0


def test_coordinators_see_the_area_scores_only(alfa):
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    assert _post(editor, 2026, MIXED, **{"1.1": {"comment": "Tajný komentár Alfa"}}
                 ).status_code == 201
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert (row.quality_year, row.quality_overall) == (2026, Decimal("85.7"))
    assert row.quality_areas == {"legitimacy": 50.0, "competence": 50.0, "management": 100.0,
                                 "involvement": 100.0, "development": 100.0,
                                 "information": 100.0, "improvement": 100.0}
    connection.set_schema_to_public()  # the tenant request above left Alfa's schema set
    client = client_for(None, coordinator("koord.okres@test.sk", "t-okres"))
    response = client.get("/regions/t-okres/quality/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert "85,7 %" in page and "50,0 %" in page
    assert "Tajný komentár Alfa" not in page and "Tajné sebahodnotenie" not in page
    profile = client.get("/regions/t-okres/municipalities/alfa/").content.decode()
    assert "Sebahodnotenie 2026: <strong>85,7 %</strong>" in profile
    assert "<td>Popis súčasného stavu</td><td class=\"num nowrap\">—</td>" in profile
