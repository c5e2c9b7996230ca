"""The network analysis pages keep their costly inputs per municipality (network_cache): a
second look reads neither the demography nor the catalogue, every kind of change shows at
once, no municipality ever gets another's figures, and with Redis down the pages are built
from the database as before."""

import re
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from hub import redis_guard
from hub.tenancy import domain_cache
from tenants.analysis import import_jobs, network, services
from tenants.catalogue import services as catalogue_services
from tenants.catalogue.models import Service
from tests.conftest import account, client_for
from tests.tenants.analysis.builders import make_orp, network_fixture

pytestmark = pytest.mark.django_db
PAGE = "/staff/analysis/network/"
#: The tables the cached inputs are read from.
INPUTS = ("analysis_populationcount", "catalogue_service")
HOMES, CARE = "Domovy pre seniorov", "Opatrovateľská služba"  # cz-49 and cz-40 in Slovak


def _rows(html: str) -> list[list[str]]:
    """The first table's rows (the own area's), each cell's text."""
    body = html.split('class="list compact network">', 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)]


def _row(html: str, type_name: str) -> list[str]:
    """The own area's row of a service type: [type, group, gap, gap %, capacity, per 1,000,
    standard, required, target population]."""
    found = [row for row in _rows(html) if row[0] == type_name]
    assert len(found) == 1, _rows(html)
    return found[0]


def _tables_read(captured) -> set[str]:
    return {table for table in INPUTS for q in captured.captured_queries if table in q["sql"]}


@pytest.fixture
def orp(alfa):
    network_fixture(alfa)
    with tenant_context(alfa):
        # The fixture creates its services directly; the catalogue's services stamp each
        # write (without a stamp the catalogue's age is an aggregate over its services).
        catalogue_services.catalogue_touched()
    return alfa


def test_a_second_look_reads_neither_the_demography_nor_the_catalogue(orp):
    viewer = client_for(orp, account("alfa.viewer@test.sk"))
    with CaptureQueriesContext(connection) as first:
        page = viewer.get(PAGE)
    assert page.status_code == 200
    assert _tables_read(first) == set(INPUTS)
    with CaptureQueriesContext(connection) as second:
        again = viewer.get(PAGE)
    assert _tables_read(second) == set()
    assert _rows(again.content.decode()) == _rows(page.content.decode())
    # A member obec chosen is read from the same inputs.
    with CaptureQueriesContext(connection) as chosen:
        town = viewer.get(PAGE + "?area=530841").content.decode()
    assert _tables_read(chosen) == set()
    assert '<h3 id="area-rows">Votice · 2023</h3>' in town


def test_a_capacity_edited_shows_at_once(orp):
    viewer = client_for(orp, account("alfa.viewer@test.sk"))
    # Care at home: 150 clients (120 ORP-wide + 30 in Votice) for 7,180 people aged 65+.
    assert _row(viewer.get(PAGE).content.decode(), CARE)[4:6] == ["150 klienti", "20,89"]
    with tenant_context(orp):
        service = Service.objects.get(name="Pečovatelská ORP")
        catalogue_services.service_save(
            user=account("alfa.editor@test.sk"), service=service,
            capacities=[{"form": "field", "unit": "client", "capacity": 200}])
    assert _row(viewer.get(PAGE).content.decode(), CARE)[4:6] == ["230 klienti", "32,03"]
    with tenant_context(orp):
        catalogue_services.service_delete(user=account("alfa.editor@test.sk"),
                                          service=Service.objects.get(name="Pečovatelská ORP"))
    assert _row(viewer.get(PAGE).content.decode(), CARE)[4] == "30 klienti"


def test_a_demography_import_shows_at_once(orp):
    editor = client_for(orp, account("alfa.editor@test.sk"))
    assert _row(editor.get(PAGE).content.decode(), HOMES)[8] == "vo veku 65 a viac: 7 180"
    # Votice's 2023 with 1,000 more aged 65–79, through the page and the worker's job.
    data = (b"code;year;age_band;count\n530841;2023;0-14;700\n530841;2023;15-64;2900\n"
            b"530841;2023;65-79;1750\n530841;2023;80+;250\n")
    response = editor.post("/staff/analysis/import/", {"file": SimpleUploadedFile(
        "votice.csv", data)})
    assert response.status_code == 302
    with tenant_context(orp):
        job = import_jobs.demography_import_run(job_id=int(response["Location"].split("/")[-2]))
    assert (job.status, job.stored) == ("done", 4)
    row = _row(editor.get(PAGE).content.decode(), HOMES)
    assert row[8] == "vo veku 65 a viac: 8 180"
    # Homes for seniors: 100 beds for 8,180 people aged 65+.
    assert row[5] == "12,22"
    town = editor.get(PAGE + "?area=530841").content.decode()
    assert "vo veku 65 a viac: 2\u00a0000" in town
    # A year deleted goes as soon: Votice has no 2023 now, so the ORP has no year at all.
    with tenant_context(orp):
        services.population_delete(area_code="530841", year=2023)
    assert "<h3>Benešov (ORP)</h3>" in editor.get(PAGE).content.decode()


def test_a_norm_saved_shows_at_once(orp):
    editor = client_for(orp, account("alfa.editor@test.sk"))
    assert _row(editor.get(PAGE).content.decode(), HOMES)[6] == "17,00 normatív"
    response = editor.post("/staff/analysis/norms/", {
        "service_type": "cz-49", "target_group": "seniors", "unit": "bed", "per_1000": "25"})
    assert response.status_code == 302
    row = _row(editor.get(PAGE).content.decode(), HOMES)
    assert (row[6], row[7], row[2]) == ("25,00 normatív", "179,5", "79,5")


def test_a_target_population_saved_shows_at_once(orp):
    editor = client_for(orp, account("alfa.editor@test.sk"))
    assert _row(editor.get(PAGE).content.decode(), HOMES)[8] == "vo veku 65 a viac: 7 180"
    response = editor.post("/staff/analysis/targets/", {"service_type": "cz-49",
                                                        "target": "80+"})
    assert response.status_code == 302
    # 750 + 700 + 250 aged 80+.
    assert _row(editor.get(PAGE).content.decode(), HOMES)[8] == "vo veku 80 a viac: 1 700"


def test_no_municipality_sees_anothers_figures(orp, beta):
    """Beta is the same ORP in the codebook, with no demography and no catalogue: the same
    address on its host never shows Alfa's figures, whichever is looked at first."""
    make_orp(beta)
    alfa_viewer = client_for(orp, account("alfa.viewer@test.sk"))
    beta_viewer = client_for(beta, account("beta.admin@test.sk"))
    assert "7\u00a0180" in alfa_viewer.get(PAGE).content.decode()
    beta_page = beta_viewer.get(PAGE).content.decode()
    assert "7\u00a0180" not in beta_page and "Opatrovateľská služba" not in beta_page
    assert "Katalog zatím nemá služby" in beta_page  # Beta speaks Czech
    assert "7\u00a0180" in alfa_viewer.get(PAGE).content.decode()
    # Published, the public page of each shows its own; unpublished, none.
    anonymous_alfa, anonymous_beta = client_for(orp), client_for(beta)
    assert "7\u00a0180" not in anonymous_alfa.get("/analysis/").content.decode()
    with tenant_context(orp):
        services.analysis_publish(published=True)
    with tenant_context(beta):
        services.analysis_publish(published=True)
    assert "7\u00a0180" in anonymous_alfa.get("/analysis/").content.decode()
    assert "7\u00a0180" not in anonymous_beta.get("/analysis/").content.decode()
    assert "7\u00a0180" not in beta_viewer.get(PAGE).content.decode()


def test_anonymous_and_other_municipalities_staff_get_what_they_got_before(orp, beta):
    alfa_viewer = client_for(orp, account("alfa.viewer@test.sk"))
    assert alfa_viewer.get(PAGE).status_code == 200  # kept now
    anonymous = client_for(orp).get(PAGE)
    assert anonymous.status_code == 302 and "/accounts/signin/" in anonymous["Location"]
    beta_on_alfa = client_for(orp, account("beta.admin@test.sk")).get(PAGE)
    assert beta_on_alfa.status_code == 403 and "7\u00a0180" not in beta_on_alfa.content.decode()
    # The public page of an unpublished analysis shows nothing of it, kept or not.
    public = client_for(orp).get("/analysis/")
    assert public.status_code == 200 and "7\u00a0180" not in public.content.decode()


def _redis_down(settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    settings.CACHES = {alias: {**conf, "LOCATION": dead} for alias, conf in settings.CACHES.items()}
    redis_guard.reset_all()
    domain_cache.local_clear()


def test_with_redis_down_the_page_is_built_from_the_database(orp, settings, monkeypatch):
    viewer = client_for(orp, account("alfa.viewer@test.sk"))
    assert _row(viewer.get(PAGE).content.decode(), CARE)[4] == "150 klienti"  # kept
    completed = []
    complete = network.Inputs.complete
    monkeypatch.setattr(network.Inputs, "complete",
                        lambda inputs: completed.append(1) or complete(inputs))
    original = settings.CACHES
    _redis_down(settings)
    try:
        with CaptureQueriesContext(connection) as down:
            page = viewer.get(PAGE)
        assert page.status_code == 200 and _tables_read(down) == set(INPUTS)
        # Nothing can be kept: the populations nobody asked for are not read for it.
        viewer.get(PAGE)
        assert completed == []
        # A change while Redis is down (nothing can be forgotten in it)…
        with tenant_context(orp):
            catalogue_services.service_save(
                user=account("alfa.editor@test.sk"),
                service=Service.objects.get(name="Pečovatelská ORP"),
                capacities=[{"form": "field", "unit": "client", "capacity": 200}])
        assert _row(viewer.get(PAGE).content.decode(), CARE)[4] == "230 klienti"
        assert client_for(orp).get("/analysis/").status_code == 200
    finally:
        settings.CACHES = original
        redis_guard.reset_all()
        domain_cache.local_clear()
    # … is seen when it is back: the entry kept before is under the old stamp.
    assert _row(viewer.get(PAGE).content.decode(), CARE)[4] == "230 klienti"


def test_switched_off_every_look_reads_the_inputs(orp, settings):
    viewer = client_for(orp, account("alfa.viewer@test.sk"))
    viewer.get(PAGE)
    settings.KOMPLAN_ANALYSIS_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as again:
        assert viewer.get(PAGE).status_code == 200
    assert _tables_read(again) == set(INPUTS)
