"""The coordinators' norms tab: a region's coordinator lists, adds, changes and deletes the
norms of the region, refused with a message a person can act on; a district shows its kraj's
norms to read; nobody else reads or changes anything."""

from decimal import Decimal as D

import pytest

from hub.accounts.models import User
from hub.municipalities.models import Region
from hub.regional.models import RegionNorm
from tests.conftest import account, client_for
from tests.hub.regional.conftest import coordinator

pytestmark = pytest.mark.django_db

ADD = {"service_type": "sk-35", "target_group": "seniors", "unit": "bed", "per_1000": "25,5",
       "note": "Koncepcia rozvoja sociálnych služieb kraja"}


def _kraj():
    return client_for(None, coordinator("koord.kraj@test.sk", "t-kraj"))


def _rows() -> list[tuple]:
    return list(RegionNorm.objects.order_by("id").values_list(
        "area__code", "service_type", "target_group", "unit", "per_1000", "note"))


def _saved(**values) -> RegionNorm:
    return RegionNorm.objects.create(area=Region.objects.get(code="t-kraj"),
                                     **{"service_type": "sk-35", "target_group": "",
                                        "unit": "bed", "per_1000": D("20.00"), **values})


def test_a_coordinator_adds_changes_and_deletes_a_norm():
    client = _kraj()
    empty = client.get("/regions/t-kraj/norms/").content.decode()
    assert '<a href="/regions/t-kraj/norms/" class="current" aria-current="page">' in empty
    assert "Kraj zatiaľ nenastavil žiadny normatív." in empty
    added = client.post("/regions/t-kraj/norms/", ADD)
    assert (added.status_code, added["Location"]) == (302, "/regions/t-kraj/norms/")
    assert _rows() == [("t-kraj", "sk-35", "seniors", "bed", D("25.50"),
                        "Koncepcia rozvoja sociálnych služieb kraja")]
    norm = RegionNorm.objects.get()
    assert norm.updated_by == User.objects.get(email="koord.kraj@test.sk")
    listed = client.get("/regions/t-kraj/norms/").content.decode()
    assert "Zariadenie pre seniorov" in listed and "25,50 lôžka" in listed
    assert "Normatív bol pridaný." in listed
    edit = f"/regions/t-kraj/norms/{norm.id}/"
    assert 'value="25,50"' in client.get(edit).content.decode()
    changed = client.post(edit, {**ADD, "target_group": "", "per_1000": "30"})
    assert changed.status_code == 302
    assert _rows() == [("t-kraj", "sk-35", "", "bed", D("30.00"),
                        "Koncepcia rozvoja sociálnych služieb kraja")]
    ask = client.get(f"{edit}delete/").content.decode()
    assert "Vymazať normatív?" in ask and _rows() != []
    assert client.post(f"{edit}delete/").status_code == 302
    assert _rows() == []


@pytest.mark.parametrize("values,field,message", [
    ({"per_1000": "0"}, "per_1000", "Normatív musí byť viac ako 0 miest na 1 000."),
    ({"per_1000": "-2"}, "per_1000", "Normatív musí byť viac ako 0 miest na 1 000."),
    ({"service_type": "cz-49"}, "service_type", "cz-49"),   # a Czech type in a Slovak kraj
    ({"unit": "liter"}, "unit", "liter"),
])
def test_a_wrong_norm_is_refused_with_a_message(values, field, message):
    response = _kraj().post("/regions/t-kraj/norms/", {**ADD, **values})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert _rows() == []


def test_a_second_norm_of_the_same_key_is_refused():
    _saved(target_group="seniors")
    client = _kraj()
    response = client.post("/regions/t-kraj/norms/", ADD)
    assert response.status_code == 400
    assert ("Kraj už má normatív pre tento druh služby, cieľovú skupinu a jednotku."
            in response.content.decode())
    assert RegionNorm.objects.count() == 1
    # Changing another norm into the same key is refused the same way.
    other = _saved(target_group="")
    response = client.post(f"/regions/t-kraj/norms/{other.id}/", ADD)
    assert response.status_code == 400
    assert RegionNorm.objects.get(id=other.id).target_group == ""


def test_a_district_shows_its_kraj_norms_to_read_and_changes_none():
    norm = _saved()
    client = _kraj()
    page = client.get("/regions/t-okres/norms/").content.decode()
    assert "Zariadenie pre seniorov" in page and "Testovací kraj" in page
    assert 'name="per_1000"' not in page and f"/norms/{norm.id}/" not in page
    assert client.post("/regions/t-okres/norms/", ADD).status_code == 200
    assert client.post(f"/regions/t-okres/norms/{norm.id}/",
                       {**ADD, "per_1000": "1"}).status_code == 404
    assert client.post(f"/regions/t-okres/norms/{norm.id}/delete/").status_code == 404
    district_only = client_for(None, coordinator("koord.okres@test.sk", "t-okres"))
    assert district_only.get("/regions/t-okres/norms/").status_code == 200
    assert district_only.get("/regions/t-kraj/norms/").status_code == 404
    assert _rows() == [("t-kraj", "sk-35", "", "bed", D("20.00"), "")]


def test_only_the_regions_coordinator_reads_or_changes_its_norms():
    norm = _saved(note="Tajná poznámka")
    before = _rows()
    paths = ["/regions/t-kraj/norms/", f"/regions/t-kraj/norms/{norm.id}/",
             f"/regions/t-kraj/norms/{norm.id}/delete/"]
    elsewhere = client_for(None, coordinator("koord.cz@test.sk", "t-kraj-cz"))
    staff = client_for(None, account("alfa.admin@test.sk"))
    for path in paths:
        for client, status in ((elsewhere, 404), (staff, 403)):
            for response in (client.get(path), client.post(path, {**ADD, "per_1000": "1"})):
                assert response.status_code == status
                assert "Tajná poznámka" not in response.content.decode()
        for response in (client_for().get(path), client_for().post(path, ADD)):
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/signin/")
    # The other region's coordinator cannot reach the norm through their own area either.
    assert elsewhere.post(f"/regions/t-kraj-cz/norms/{norm.id}/delete/").status_code == 404
    assert _rows() == before


def test_a_change_records_a_refresh_of_each_municipality_of_the_kraj_with_the_norm():
    """One outbox row a municipality of the kraj, written in the norm's own transaction (a
    process dying after the commit loses none) and spread over the refresh window; none
    for a refused norm, none for municipalities of another kraj."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from hub.municipalities.models import Municipality
    from hub.regional import norms, refresh
    from workers.models import Dispatch

    def recorded():
        return sorted(Dispatch.objects.filter(task_name=refresh.TASK,
                                              key__contains=":region-norm:")
                      .values_list("schema_name", flat=True))

    client = _kraj()
    assert client.post("/regions/t-kraj/norms/", {**ADD, "per_1000": "0"}).status_code == 400
    assert recorded() == []
    assert client.post("/regions/t-kraj/norms/", ADD).status_code == 302
    mine = sorted(Municipality.objects.filter(region__code="t-kraj")
                  .values_list("schema_name", flat=True))
    assert mine and recorded() == mine
    assert not Municipality.objects.filter(~Q(region__code="t-kraj"),
                                           schema_name__in=recorded()).exists()
    # Left to the sweeper, each due within the window from now.
    latest = timezone.now() + datetime.timedelta(seconds=norms.REFRESH_WINDOW)
    assert all(r.dispatched_at is None and r.due_at <= latest
               for r in Dispatch.objects.filter(key__contains=":region-norm:"))
