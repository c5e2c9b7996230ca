"""The residents' regional catalogue: a public search over the read model, linking to each
municipality's own catalogue page."""

import pytest

from hub.regional.services import figures_refresh
from tests.conftest import client_for
from tests.hub.regional.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(alfa, beta, fixture_sources):
    figures_refresh(municipality=alfa, today=TODAY)
    figures_refresh(municipality=beta, today=TODAY)


def test_search_is_public_diacritics_insensitive_and_stays_in_the_area(listed):
    client = client_for()
    page = client.get("/regions/catalogue/t-kraj/").content.decode()
    assert "Denný stacionár Jeseň" in page and "Domov sociálnych služieb" in page
    assert "Azylový dům Beta" not in page  # Beta is in another region
    assert ('href="http://alfa.localhost:8000/catalogue/services/'
            '6f1c2d1e-1111-4c3b-9d55-000000000001/"') in page
    found = client.get("/regions/catalogue/t-kraj/", {"q": "horna ves"}).content.decode()
    assert "Denný stacionár Jeseň" in found and "Domov sociálnych služieb" not in found


def test_filters_by_type_target_group_and_municipality(listed):
    client = client_for()
    by_type = client.get("/regions/catalogue/t-kraj/", {"type": "dss"}).content.decode()
    assert "Domov sociálnych služieb" in by_type and "Jeseň" not in by_type
    by_group = client.get("/regions/catalogue/t-kraj/", {"group": "seniors"}).content.decode()
    assert "Jeseň" in by_group and "Domov sociálnych služieb" not in by_group
    by_place = client.get("/regions/catalogue/t-kraj-cz/",
                          {"municipality": "beta"}).content.decode()
    assert "Azylový dům Beta" in by_place


def test_district_catalogue_and_unknown_area(listed):
    client = client_for()
    assert "Jeseň" in client.get("/regions/catalogue/t-okres/").content.decode()
    assert client.get("/regions/catalogue/no-such-area/").status_code == 404
    index = client.get("/regions/catalogue/").content.decode()
    assert "/regions/catalogue/t-kraj/" in index and "/regions/catalogue/t-okres/" in index


def test_no_match_says_so(listed):
    page = client_for().get("/regions/catalogue/t-kraj/", {"q": "xyz"}).content.decode()
    assert "Denný" not in page
    assert 'class="empty"' in page


def test_a_service_listed_by_two_municipalities_is_one_result_with_two_links(listed, alfa):
    from hub.municipalities.models import Municipality
    from hub.regional.services import listing_store
    from tests.hub.regional.fixture_figures import LISTINGS

    okres = alfa.district
    neighbour = Municipality.objects.create(
        schema_name="m_gama", slug="gama", name="Gama", kind="village", country="SK",
        language="sk", population=300, region=okres.parent, district=okres)
    listing_store(municipality=neighbour, entries=[dict(LISTINGS["m_alfa"][0], towns=["Gama"])])
    page = client_for().get("/regions/catalogue/t-kraj/").content.decode()
    assert page.count("<h2><a href=") == 2  # two services, not three rows
    assert "http://alfa.localhost:8000/catalogue/services/6f1c2d1e-1111" in page
    assert "http://gama.localhost:8000/catalogue/services/6f1c2d1e-1111" in page
    assert "Alfa, Gama, Horná Ves" in page
