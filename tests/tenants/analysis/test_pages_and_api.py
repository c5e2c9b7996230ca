"""Needs analysis pages and API: staff see and edit, the public sees only a published
analysis, another municipality and anonymous callers see nothing; the OpenAPI schema."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tenants.utils import tenant_context

from tenants.analysis import import_jobs, services
from tenants.analysis.models import Norm, PopulationCount
from tests.conftest import account, client_for
from tests.tenants.analysis.builders import TODAY, network_fixture, read

pytestmark = pytest.mark.django_db


def test_openapi_schema_has_the_analysis(alfa, tmp_path):
    with tenant_context(alfa):
        call_command("spectacular", "--fail-on-warn", "--validate", "--file",
                     str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/demography/:", "/api/demography/import/:", "/api/demography/enter/:",
                 "/api/demography/imports/{job_id}/:",
                 "/api/norms/{id}/:", "/api/network-analysis/:"):
        assert path in text, path


def test_staff_page_shows_bands_charts_and_imports_in_the_users_language(alfa):
    network_fixture(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    page = editor.get("/staff/analysis/").content.decode()
    assert "Vlašim" in page and "7\u00a0180" in page  # 65+ of the ORP: the sum of its obce
    assert "<svg" in page  # the 65+/80+ trend
    response = editor.post("/staff/analysis/import/", {"file": SimpleUploadedFile(
        "cz.csv", read("czso_obyvatelstvo_vek_pohlavi.csv"))})
    assert response.status_code == 302  # a job (tests/tenants/analysis/test_demography_import*)
    with tenant_context(alfa):
        import_jobs.demography_import_run(job_id=int(response["Location"].split("/")[-2]))
    page = editor.get("/staff/analysis/").content.decode()
    assert 'class="pyramid"' in page and "0–4" in page
    network = editor.get("/staff/analysis/network/").content.decode()
    assert "Domovy pre seniorov" in network or "Domovy pro seniory" in network
    # The ORP's table and a link to each obec's, not a table of every obec at once.
    assert network.count('class="list compact network"') == 1
    assert 'href="?area=530859#area-rows"' in network and "Obce územia" in network
    chosen = editor.get("/staff/analysis/network/?area=530859").content.decode()
    assert chosen.count('class="list compact network"') == 2
    assert '<h3 id="area-rows">Vlašim · 2023</h3>' in chosen
    assert editor.get("/staff/analysis/network/?area=999999").content.decode().count(
        'class="list compact network"') == 1


def test_public_page_and_api_only_once_published(alfa, beta):
    network_fixture(alfa)
    anonymous = client_for(alfa)
    page = anonymous.get("/analysis/")
    assert page.status_code == 200 and "Vlašim" not in page.content.decode()
    assert anonymous.get("/api/network-analysis/").status_code == 401
    assert anonymous.get("/api/demography/").status_code == 401
    with tenant_context(alfa):
        services.analysis_publish(published=True)
    page = anonymous.get("/analysis/").content.decode()
    assert "Vlašim" in page and "<svg" in page
    data = anonymous.get("/api/network-analysis/").json()
    orp = data["areas"][0]
    assert (orp["code"], orp["rows"][0]["service_type"], orp["rows"][0]["gap"],
            orp["rows"][0]["share"]) == ("2101", "cz-48", "16.1", "44.6")
    counts = anonymous.get("/api/demography/?area_code=530859").json()
    assert counts["count"] == 4
    # Reading is public now; writing is not.
    assert anonymous.post("/api/norms/", data=json.dumps({}),
                          content_type="application/json").status_code == 401
    # Beta's staff on Alfa's site, and Alfa's data on Beta's: nothing.
    beta_admin = client_for(beta, account("beta.admin@test.sk"))
    assert "Vlašim" not in beta_admin.get("/analysis/").content.decode()
    assert "2101" not in beta_admin.get("/api/network-analysis/").content.decode()
    beta_on_alfa = client_for(alfa, account("beta.admin@test.sk"))
    assert beta_on_alfa.post("/api/norms/", data=json.dumps(
        {"service_type": "cz-49", "unit": "bed", "per_1000": "1"}),
        content_type="application/json").status_code == 403


def test_api_import_entry_and_norms(alfa):
    network_fixture(alfa)
    editor = client_for(alfa, account("alfa.editor@test.sk"))
    # An import is a job on the worker: 202 and its address; run here as the worker would.
    for name, expected in (("bad.csv", {"status": "failed", "stored": 0, "error_count": 5}),
                           ("v.csv", {"status": "done", "stored": 8, "skipped": 1,
                                      "layout": "template", "error_count": 0})):
        source = "template_bad.csv" if name == "bad.csv" else "template_votice.csv"
        started = editor.post("/api/demography/import/",
                              {"file": SimpleUploadedFile(name, read(source))})
        assert started.status_code == 202 and started.json()["status"] == "pending"
        with tenant_context(alfa):
            import_jobs.demography_import_run(job_id=started.json()["id"])
        job = editor.get(f"/api/demography/imports/{started.json()['id']}/").json()
        assert {key: job[key] for key in expected} == expected, job
    assert job["message"].startswith("Importovaných 8 počtov")
    bad = editor.get(f"/api/demography/imports/{job['id'] - 1}/").json()
    assert bad["errors"][0] == "Riadok 3: rok „20x3“ nie je rok." and len(bad["errors"]) == 5
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    assert viewer.get(f"/api/demography/imports/{job['id']}/").status_code == 403
    refused = editor.post("/api/demography/import/",
                          {"file": SimpleUploadedFile("v.xlsx", b"PK\x03\x04\x00")})
    assert refused.status_code == 400 and "CSV" in json.dumps(refused.json(), ensure_ascii=False)
    entered = editor.post("/api/demography/enter/", data=json.dumps(
        {"area_code": "530859", "year": 2024, "age_65_79": 2100, "age_80": 720}),
        content_type="application/json")
    assert entered.status_code == 201 and [r["count"] for r in entered.json()] == [2100, 720]
    unknown = editor.post("/api/demography/enter/", data=json.dumps(
        {"area_code": "599999", "year": 2024, "age_80": 1}), content_type="application/json")
    assert unknown.status_code == 400
    made = editor.post("/api/norms/", data=json.dumps(
        {"service_type": "cz-39", "target_group": "", "unit": "client", "per_1000": "0.40"}),
        content_type="application/json")
    assert made.status_code == 201
    wrong = editor.post("/api/norms/", data=json.dumps(
        {"service_type": "sk-35", "target_group": "", "unit": "bed", "per_1000": "1"}),
        content_type="application/json")
    assert wrong.status_code == 400  # a Slovak type in a Czech municipality
    data = editor.get("/api/network-analysis/").json()
    assistance = next(r for r in data["areas"][0]["rows"] if r["service_type"] == "cz-39")
    assert (assistance["standard"], assistance["standard_source"], assistance["gap"]) == (
        "0.40", "norm", "3.1")
    viewer = client_for(alfa, account("alfa.viewer@test.sk"))
    assert viewer.delete(f"/api/norms/{made.json()['id']}/").status_code == 403
    with tenant_context(alfa):
        assert Norm.objects.filter(service_type="cz-39").exists()
    assert TODAY.year == 2024


def test_api_import_refuses_anonymous_viewers_and_other_municipalities(alfa, beta):
    """The multipart import is not in the isolation matrix (its API rows send JSON)."""
    network_fixture(alfa)
    with tenant_context(alfa):
        services.analysis_publish(published=True)  # published: reading is public, not writing
        before = sorted(PopulationCount.objects.values_list("area_code", "year", "count"))
    for who, expected in ((None, 401), ("alfa.viewer@test.sk", 403),
                          ("beta.admin@test.sk", 403), ("nobody@test.sk", 403)):
        client = client_for(alfa, account(who) if who else None)
        response = client.post("/api/demography/import/", {"file": SimpleUploadedFile(
            "v.csv", read("template_votice.csv"))})
        assert response.status_code == expected, (who, response.status_code)
    with tenant_context(alfa):
        assert sorted(PopulationCount.objects.values_list("area_code", "year", "count")) == before
