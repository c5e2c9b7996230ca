"""The real participation and catalogue figures (issues 5 and 6) as the read model stores
them, and the regional catalogue fed from the real catalogue — exact, and without people."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from hub.municipalities.models import Municipality
from hub.regional.models import ServiceListing
from hub.regional.services import figures_refresh
from tenants.participation import services as participation
from tests.conftest import account, client_for
from tests.hub.regional.conftest import TODAY, body, coordinator
from tests.tenants.catalogue import builders as catalogue
from tests.tenants.participation.builders import group_with_members, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def alfa_filled(alfa):
    Municipality.objects.filter(pk=alfa.pk).update(population_65=250)
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        provider = catalogue.provider(editor, name="Charita Alfa")
        home = catalogue.service(provider, editor)  # 40 beds, seniors, sk-35
        catalogue.service(provider, editor, name="Opatrovateľská služba Alfa",
                          service_type="sk-41", form="field",
                          target_groups=["seniors", "families"],
                          capacities=[{"form": "field", "unit": "client", "capacity": 12,
                                       "note": ""}],
                          locations=[])
        group, members = group_with_members(members=(("Jana Členová", "jana.clenova@example.org"),
                                                     ("Peter Člen", "peter.clen@example.org")))
        participation.member_withdraw(member=members[1], user=editor)
        for day in (datetime.date(2026, 3, 2), datetime.date(2025, 3, 2)):
            held = meeting([group], day=day)
            participation.meeting_set_status(user=editor, meeting=held, status="held",
                                             today=TODAY)
        meeting([group], day=datetime.date(2026, 7, 1))  # planned: not counted
    return home


def test_real_figures_are_exact(alfa, alfa_filled):
    row = figures_refresh(municipality=alfa, today=TODAY)
    assert row.sources == {"plans": True, "participation": True, "catalogue": True,
                           "funding": True, "analysis": True}
    # Held within the 365 days up to 2026-06-15: only the March 2026 meeting.
    assert (row.meetings_held_12m, row.group_members) == (1, 1)
    assert row.services == 2
    assert row.capacity_by_type == {"sk-35": {"bed": 40}, "sk-41": {"client": 12}}
    assert row.capacity_by_target_group == {"seniors": {"bed": 40, "client": 12},
                                            "families": {"client": 12}}
    assert row.senior_capacity == {"bed": 40, "client": 12}
    # The lines themselves, from the catalogue, all within Alfa (covers empty): all counted.
    assert (row.capacity_source, len(row.capacity_items)) == ("catalogue", 2)
    assert (row.capacity_totals, row.capacity_wider) == ({"bed": 40, "client": 12}, {})
    assert row.catalogue_updated_at is not None
    listed = ServiceListing.objects.get(municipality=alfa, service="Domov dôchodcov Slnečnica")
    assert (listed.provider, listed.service_type, listed.towns) == ("Charita Alfa", "sk-35",
                                                                    ["Alfa"])
    assert listed.path == f"/catalogue/services/{alfa_filled.uuid}/"


def test_coordinator_sees_rates_and_names_but_no_people(alfa, alfa_filled):
    figures_refresh(municipality=alfa, today=TODAY)
    client = client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))
    data = client.get("/regions/api/areas/t-kraj/").json()
    values = data["municipalities"][0]["values"]
    # 40 beds per 1,000 inhabitants; 40 beds for seniors per 250 aged 65+ → 160 per 1,000.
    assert values["capacity_per_1000:bed"] == 40.0
    assert values["senior_per_1000_65:bed"] == 160.0
    assert values["senior_per_1000_65:client"] == 48.0
    profile = client.get("/regions/t-kraj/municipalities/alfa/").content.decode()
    assert "Opatrovateľská služba" in profile  # the service type's name from the taxonomy
    for path in ("/regions/t-kraj/", "/regions/t-kraj/municipalities/alfa/",
                 "/regions/t-kraj/export.csv", "/regions/api/areas/t-kraj/"):
        text = body(client.get(path)).decode("utf-8-sig")
        for person in ("Jana Členová", "jana.clenova@", "Peter Člen", "info@charita.example"):
            assert person not in text, (path, person)
    page = client_for().get("/regions/catalogue/t-kraj/", {"q": "slnecnica"}).content.decode()
    assert "Domov dôchodcov Slnečnica" in page and "Charita Alfa" in page
    assert f"http://alfa.localhost:8000/catalogue/services/{alfa_filled.uuid}/" in page
    assert Decimal(str(values["capacity_per_1000:client"])) == Decimal("12.0")
