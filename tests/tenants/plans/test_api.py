"""Plans API: the OpenAPI schema, public reads, role-checked writes."""

import json
import warnings

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from tenants.plans.models import Plan
from tests.conftest import account, client_for
from tests.tenants.plans.builders import plan_in_force, plan_with_tree

pytestmark = pytest.mark.django_db


def test_openapi_schema_generates_without_warnings(alfa, tmp_path, capsys):
    with tenant_context(alfa), warnings.catch_warnings():
        warnings.simplefilter("error")
        call_command("spectacular", "--fail-on-warn", "--validate", "--file",
                     str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    assert "/api/plans/{id}/transition/" in text and "/api/evaluations/{id}/entries/" in text
    assert "Warning" not in capsys.readouterr().err


def test_schema_and_docs_are_served(alfa):
    client = client_for(alfa)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_anonymous_sees_public_plans_only(alfa):
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        public, _ = plan_in_force(user, title="Platný")
        draft, _ = plan_with_tree(user, title="Koncept")
    client = client_for(alfa)
    titles = [p["title"] for p in client.get("/api/plans/").json()["results"]]
    assert titles == ["Platný"]
    assert client.get(f"/api/plans/{draft.pk}/").status_code == 404
    detail = client.get(f"/api/plans/{public.pk}/").json()
    assert [p["title"] for p in detail["priorities"]] == ["Seniori", "Rodina"]
    staff = client_for(alfa, account("alfa.viewer@test.sk"))
    assert len(staff.get("/api/plans/").json()["results"]) == 2


def test_viewer_cannot_write_editor_can(alfa):
    body = json.dumps({"legal_basis": "sk-kpss", "title": "Nový", "year_from": 2025,
                       "year_to": 2030})
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    assert viewer.post("/api/plans/", body, content_type="application/json").status_code == 403
    with tenant_context(alfa):
        assert not Plan.objects.filter(title="Nový").exists()
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post("/api/plans/", body, content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    plan_id = response.json()["id"]
    bad = editor.post(f"/api/plans/{plan_id}/transition/",
                      json.dumps({"action": "approve"}), content_type="application/json")
    assert bad.status_code == 400
    with tenant_context(alfa):
        assert Plan.objects.get(pk=plan_id).status == "draft"


def test_progress_endpoint_uses_published_evaluations_for_the_public(alfa):
    from tenants.plans import services
    from tenants.plans.models import Status

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, t = plan_in_force(user)
        ev = services.evaluation_create(user=user, plan=plan, year=2024)
        services.evaluation_entry_save(user=user, evaluation=ev, measure=t["m21"],
                                       status=Status.FULFILLED)
    client = client_for(alfa)
    assert client.get(f"/api/plans/{plan.pk}/progress/").json()["year"] is None
    with tenant_context(alfa):
        services.evaluation_publish(user=user, evaluation=ev)
    data = client.get(f"/api/plans/{plan.pk}/progress/").json()
    assert data["year"] == 2024 and data["priorities"][str(t["p2"].pk)] == 100.0


def test_an_entry_names_exactly_one_measure_or_activity(alfa):
    from tenants.plans import services

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, _t = plan_in_force(user)
        evaluation = services.evaluation_create(user=user, plan=plan, year=2024)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    response = editor.post(f"/api/evaluations/{evaluation.pk}/entries/",
                           json.dumps({"status": "fulfilled"}), content_type="application/json")
    assert response.status_code == 400
    with tenant_context(alfa):
        assert not evaluation.entries.exists()
