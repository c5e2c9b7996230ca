"""Optimal network pages and API: staff add the gaps as items, edit and delete them with
clear messages, approve and generate the PDF; the plan's pages show the gap each measure
addresses; readers cannot write; the demo's draft for Benešov."""

import json
from types import SimpleNamespace

import pytest
from django_tenants.utils import tenant_context

from tenants.analysis.demo import demo_seed
from tenants.analysis.models import MeasureLink, NetworkDescription, NetworkItem
from tenants.analysis.optimal import services
from tenants.documents.models import DocumentJob
from tenants.plans import demo as plans_demo
from tests.conftest import account, client_for
from tests.tenants.analysis.builders import network_fixture
from tests.tenants.plans.builders import plan_in_force

pytestmark = pytest.mark.django_db


def _setup(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        plan, tree = plan_in_force(user, year_from=2024, year_to=2027, basis="cz-orp",
                                   title="Plán ORP")
        description = services.description_create(user=user, plan=plan, title="Sieť ORP")
    return plan, tree, description


def test_staff_start_from_the_gaps_edit_and_delete_items(alfa):
    plan, tree, description = _setup(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    base = f"/staff/analysis/network-plans/{description.pk}/"
    page = editor.get(base).content.decode()
    assert "Pridať 2 rozdiely ako položky" in page and "chýba 22,1" in page
    assert 'class="gap-bars"' in page
    response = editor.post(base + "from-gaps/")
    assert response.status_code == 302
    with tenant_context(alfa):
        item = NetworkItem.objects.get(service_type="cz-49")
    form = editor.get(f"{base}items/{item.pk}/").content.decode()
    assert 'value="23"' in form and "V rokoch plánu, 2024–2027." in form
    bad = editor.post(f"{base}items/{item.pk}/", {
        "action": "extend", "service_type": "cz-49", "target_group": "seniors",
        "capacity": "0", "unit": "bed", "place": "Benešov", "year": "2030", "cost": "-5",
        "gap_key": item.gap_key, "measures": [str(tree["m11"].pk)]})
    assert bad.status_code == 400
    text = bad.content.decode()
    for message in ("Kapacita musí byť väčšia ako 0.", "Rok musí byť v rokoch plánu, "
                    "2024–2027.", "Náklady nemôžu byť záporné."):
        assert message in text
    good = editor.post(f"{base}items/{item.pk}/", {
        "action": "extend", "service_type": "cz-49", "target_group": "seniors",
        "capacity": "25", "unit": "bed", "place": "Benešov", "year": "2025",
        "cost": "10500000", "gap_key": item.gap_key, "measures": [str(tree["m11"].pk)]})
    assert good.status_code == 302
    detail = editor.get(base).content.decode()
    assert "10\u00a0500\u00a0000,00\u00a0Kč" in detail and "1.1 Denný stacionár" in detail
    confirm = editor.get(f"{base}items/{item.pk}/delete/")
    assert confirm.status_code == 200 and "Áno, vymazať položku" in confirm.content.decode()
    # The plan's staff page names the gap under the measure.
    plan_page = editor.get(f"/staff/plans/{plan.pk}/").content.decode()
    assert "Rieši rozdiel: Domovy pre seniorov · seniori · lôžka" in plan_page
    # Residents see it once the description is approved.
    public = client_for(alfa)
    assert "Rieši rozdiel" not in public.get(f"/plans/{plan.pk}/").content.decode()
    editor.post(base + "approve/", {"approved_on": "2024-03-01", "resolution": "9/2024"})
    assert "Rieši rozdiel" in public.get(f"/plans/{plan.pk}/").content.decode()
    assert editor.post(f"{base}items/{item.pk}/delete/").status_code == 302
    with tenant_context(alfa):
        # Approved: the delete was refused, the item and its link stay.
        assert NetworkItem.objects.filter(pk=item.pk).exists()
        assert MeasureLink.objects.count() == 1


def test_generating_the_pdf_makes_a_job_and_publications_list_it_once_approved(
        alfa, django_capture_on_commit_callbacks):
    plan, _tree, description = _setup(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    with django_capture_on_commit_callbacks(execute=False):
        response = editor.post("/staff/documents/generate/",
                               {"kind": "network", "subject_id": description.pk})
    assert response.status_code == 302 and "/staff/documents/jobs/" in response["Location"]
    with tenant_context(alfa):
        job = DocumentJob.objects.get(document__kind="network")
        assert job.document.title == "Optimálna sieť, verzia 1 — Plán ORP"
        services.items_from_gaps(user=None, description=description, country="CZ")
    listing = editor.get("/staff/documents/").content.decode()
    assert "Optimálna sieť, verzia 1" in listing
    public = client_for(alfa)
    assert "Optimálna sieť, verzia 1" not in public.get("/publications/").content.decode()
    assert public.get(f"/publications/network/{description.pk}.pdf").status_code == 404
    with tenant_context(alfa), django_capture_on_commit_callbacks(execute=False):
        services.description_approve(user=None, description=description,
                                     approved_on=plan.resolution_date)
    assert "Optimálna sieť, verzia 1" in public.get("/publications/").content.decode()


def test_a_reader_cannot_write_and_the_api_answers_with_field_errors(alfa):
    _plan, _tree, description = _setup(alfa)
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    assert viewer.get(f"/staff/analysis/network-plans/{description.pk}/").status_code == 200
    assert viewer.post(f"/staff/analysis/network-plans/{description.pk}/from-gaps/"
                       ).status_code == 403
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    body = {"description": description.pk, "action": "create", "service_type": "cz-50",
            "capacity": 4, "unit": "bed", "place": "Votice", "year": 2040, "cost": "10"}
    response = editor.post("/api/network-items/", data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"year": ["Rok musí byť v rokoch plánu, 2024–2027."]}
    body["year"] = 2026
    response = editor.post("/api/network-items/", data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["capacity"] == 4 and response.json()["measures"] == []
    with tenant_context(alfa):
        assert NetworkItem.objects.count() == 1


def test_the_demo_gives_benesov_a_draft_from_its_gaps(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        plans_demo.demo_seed(SimpleNamespace(slug="benesov", country="CZ"))
        demo_seed(SimpleNamespace(slug="benesov"))
        description = NetworkDescription.objects.get()
        assert (description.status, description.plan.year_from) == ("draft", 2025)
        assert sorted(description.items.values_list("action", "service_type", "capacity")) == [
            ("extend", "cz-48", 17), ("extend", "cz-49", 23), ("keep", "cz-40", 120)]
        assert MeasureLink.objects.count() == 1
        assert demo_seed(SimpleNamespace(slug="benesov")) == 0
