"""The printed catalogue and the four leaflets, from the catalogue's data (issue 6's
print_data contract), rendered by the real documents worker and published to residents."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for, wait_for
from tests.tenants.catalogue import builders
from tests.tenants.documents.test_documents import _finished, _generate, _pdf_text

pytestmark = pytest.mark.worker


@pytest.fixture
def alfa_catalogue(documents_db):
    alfa = documents_db["alfa"]
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        charita = builders.provider(user, name="Diecézna charita Žilina", legal_form="n. o.")
        mesto = builders.provider(user, name="Mesto Alfa", legal_form="obec", ico="00313271")
        builders.service(charita, user)  # Domov dôchodcov Slnečnica, seniors, in Alfa
        builders.service(charita, user, name="Nocľaháreň Útočisko", service_type="sk-25",
                         form="residential", target_groups=["homeless"], age_from=18,
                         capacities=builders.capacity(12, "bed"),
                         description="Prenocovanie.",
                         locations=[{"address": "Ďumbierska 7", "town": "Ľubietová",
                                     "postal_code": "97655", "latitude": "48.7",
                                     "longitude": "19.3", "accessibility": "",
                                     "hours": [{"weekday": 0, "opens": "18:00",
                                                "closes": "22:00"}]}])
        builders.service(mesto, user, name="Centrum pre rodinu Kôstka", service_type="sk-28",
                         form="outpatient", target_groups=["families"], age_from=None,
                         capacities=[])
    return alfa


def test_catalogue_and_leaflets_end_to_end_and_public(documents_db, alfa_catalogue):
    alfa, beta = documents_db["alfa"], documents_db["beta"]
    client = client_for(alfa, account("alfa.editor@test.sk"))
    kinds = ["catalogue", "leaflet-seniors", "leaflet-disability", "leaflet-families",
             "leaflet-crisis"]
    ids = {kind: _generate(client, kind) for kind in kinds}
    texts = {}
    for kind, job_id in ids.items():
        job = wait_for(lambda job_id=job_id: _finished(alfa, job_id), timeout=90)
        assert job.state == "done", (kind, job.error)
        response = client_for(alfa).get(f"/publications/{kind}.pdf")  # anonymous resident
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        texts[kind] = _pdf_text(b"".join(response.streaming_content))

    pages, text = texts["catalogue"]
    assert 3 <= pages <= 8
    for words in ("Katalóg sociálnych služieb", "Domov dôchodcov Slnečnica",
                  "Nocľaháreň Útočisko", "Centrum pre rodinu Kôstka",
                  "Diecézna charita Žilina", "Ďumbierska 7", "Register podľa obcí", "Ľubietová",
                  "Obsah", f"Strana {pages} z {pages}"):
        assert words in text, words
    pages, seniors = texts["leaflet-seniors"]
    assert pages in (1, 2), pages
    assert "Domov dôchodcov Slnečnica" in seniors and "Nocľaháreň" not in seniors
    assert "Kam sa obrátiť najskôr" in seniors and "kpss@alfa.test" in seniors
    assert "Pomoc pre seniorov a ich opatrovateľov" in seniors
    _pages, crisis = texts["leaflet-crisis"]
    assert "Nocľaháreň Útočisko" in crisis and "Slnečnica" not in crisis
    _pages, families = texts["leaflet-families"]
    assert "Centrum pre rodinu Kôstka" in families and "Slnečnica" not in families
    _pages, disability = texts["leaflet-disability"]
    assert "Slnečnica" not in disability and "Zatiaľ nič." in disability

    page = client_for(alfa).get("/publications/").content.decode()
    for kind in kinds:
        assert f'href="/publications/{kind}.pdf"' in page
    assert "Pomoc v kríze, bez domova a pri dlhoch" in page
    # Beta has no catalogue of its own; alfa's file is not reachable from beta's subdomain.
    assert client_for(beta).get("/publications/catalogue.pdf").status_code == 404
    assert 'href="/publications/catalogue.pdf"' not in client_for(beta).get(
        "/publications/").content.decode()


def test_schedule_regenerates_only_what_changed(documents_db, alfa_catalogue):
    from tenants.catalogue.models import Service
    from tenants.documents.models import DocumentJob, DocumentVersion
    from workers.fanout import fan_out_task

    alfa, beta = documents_db["alfa"], documents_db["beta"]

    def settled(m):
        with tenant_context(m):
            jobs = list(DocumentJob.objects.values_list("state", flat=True))
        return jobs if jobs and all(s in ("done", "failed") for s in jobs) else None

    # The daily dispatcher fans out to every municipality (all due at once here).
    assert fan_out_task.delay(task_name="tenants.documents.documents_regenerate_due_task",
                              window=0, run="test-regenerate").get(timeout=30) == 2
    wait_for(lambda: settled(alfa), timeout=120)
    with tenant_context(alfa):
        assert DocumentJob.objects.filter(source="schedule").count() == 5
        assert DocumentVersion.objects.count() == 5
    # Nothing changed and the cadence is not due again: nothing new.
    with tenant_context(alfa):
        from tenants.documents.services import documents_regenerate_due

        assert documents_regenerate_due() == []
        # Due again (a week later), still nothing changed: no job, no version.
        later = timezone.now() + datetime.timedelta(days=31)
        assert documents_regenerate_due(now=later) == []
        # The crisis shelter grows: only the catalogue and the crisis leaflet follow.
        shelter = Service.objects.get(name="Nocľaháreň Útočisko")
        builders.service(shelter.provider, account("alfa.editor@test.sk"), service=shelter,
                         name=shelter.name, service_type="sk-25", form="residential",
                         target_groups=["homeless"], age_from=18,
                         capacities=builders.capacity(20, "bed"),
                         description="Prenocovanie.", locations=None)
        jobs = documents_regenerate_due(now=later + datetime.timedelta(days=31))
        assert sorted(j.document.kind for j in jobs) == ["catalogue", "leaflet-crisis"]
    wait_for(lambda: settled(alfa), timeout=120)
    with tenant_context(alfa):
        assert DocumentVersion.objects.filter(number=2).count() == 2
    with tenant_context(beta):
        # Beta has no catalogue data: its schedule ran, its documents are empty editions.
        assert DocumentVersion.objects.filter(document__kind="catalogue").count() == 1
