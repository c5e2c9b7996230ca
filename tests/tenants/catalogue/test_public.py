"""Public catalogue: diacritics- and case-insensitive search, filters, pages; demo seed."""

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import capacity, provider, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(alfa):
    from hub.municipalities.models import TerritorialUnit

    TerritorialUnit.objects.create(country="SK", level="municipality", code="990001",
                                   name="Gama")
    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user, name="Mesto Alfa")
        home = service(p, user)
        care = service(p, user, name="Opatrovateľská služba Štvrť", service_type="sk-41",
                       form="field", target_groups=["disability-physical"],
                       capacities=capacity(10, "client", "field"),
                       covers=["municipality:990001"], locations=[])
        hidden = service(p, user, name="Skrytá služba Alfa", status="inactive", locations=[])
        return {"home": home, "care": care, "hidden": hidden}


@pytest.mark.parametrize("query", ["domov dochodcov", "DOMOV DÔCHODCOV", "dôchodcov",
                                   "Domov   dochodcov", "slnecnica", "zariadenie pre seniorov"])
def test_search_ignores_diacritics_and_case(alfa, catalogue, query):
    body = client_for(alfa).get("/catalogue/", {"q": query}).content.decode()
    assert "Domov dôchodcov Slnečnica" in body
    assert "Opatrovateľská služba Štvrť" not in body


def test_search_finds_by_provider_and_town(alfa, catalogue):
    body = client_for(alfa).get("/catalogue/", {"q": "MESTO alfa"}).content.decode()
    assert "Domov dôchodcov Slnečnica" in body and "Opatrovateľská služba Štvrť" in body
    body = client_for(alfa).get("/catalogue/", {"q": "gama"}).content.decode()
    assert "Domov dôchodcov Slnečnica" not in body and "Opatrovateľská služba Štvrť" in body


def test_search_finds_nothing_for_other_words_and_says_so(alfa, catalogue):
    response = client_for(alfa).get("/catalogue/", {"q": "nocľaháreň"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Slnečnica" not in body and "Štvrť" not in body
    assert '<p class="empty">' in body


@pytest.mark.parametrize("params,found,not_found", [
    ({"type": "sk-41"}, "Opatrovateľská služba Štvrť", "Domov dôchodcov Slnečnica"),
    ({"target_group": "seniors"}, "Domov dôchodcov Slnečnica", "Opatrovateľská služba Štvrť"),
    ({"form": "field"}, "Opatrovateľská služba Štvrť", "Domov dôchodcov Slnečnica"),
    ({"town": "Gama"}, "Opatrovateľská služba Štvrť", "Domov dôchodcov Slnečnica"),
    ({"town": "Alfa"}, "Domov dôchodcov Slnečnica", "Opatrovateľská služba Štvrť"),
])
def test_filters(alfa, catalogue, params, found, not_found):
    body = client_for(alfa).get("/catalogue/", params).content.decode()
    assert found in body and not_found not in body


def test_inactive_services_are_not_public(alfa, catalogue):
    client = client_for(alfa)
    assert "Skrytá služba Alfa" not in client.get("/catalogue/").content.decode()
    assert client.get(f"/catalogue/services/{catalogue['hidden'].uuid}/").status_code == 404


def test_service_and_provider_pages(alfa, catalogue):
    client = client_for(alfa)
    body = client.get(f"/catalogue/services/{catalogue['home'].uuid}/").content.decode()
    for text in ("Domov dôchodcov Slnečnica", "Zariadenie pre seniorov", "§35", "pobytová",
                 "seniori", "40 lôžok", "Hlavná 1", "08:00–15:30", "bezbariérový"):
        assert text in body, text
    page = client.get(f"/catalogue/providers/{catalogue['home'].provider.uuid}/")
    assert "Opatrovateľská služba Štvrť" in page.content.decode()
    assert "Skrytá služba Alfa" not in page.content.decode()


def test_services_of_one_municipality_are_unknown_in_another(alfa, beta, catalogue):
    client = client_for(beta)
    assert client.get(f"/catalogue/services/{catalogue['home'].uuid}/").status_code == 404
    assert "Slnečnica" not in client.get("/catalogue/?q=slnecnica").content.decode()


def test_demo_seed_is_idempotent_and_marked(db):
    from hub.municipalities.models import Municipality
    from tenants.catalogue import demo
    from tenants.catalogue.models import Service

    alfa = Municipality.objects.get(slug="alfa")
    alfa.slug_backup, alfa.slug = alfa.slug, "banska-bystrica"  # the seeder reads the slug only
    with tenant_context(alfa):
        assert demo.demo_seed(alfa) == 30
        assert demo.demo_seed(alfa) == 0
        assert Service.objects.filter(is_demo=True).count() == 30
        assert all("Ukážkové" in d for d in Service.objects.values_list("description",
                                                                         flat=True))


def test_cz_demo_split_by_town(db):
    from hub.municipalities.models import Municipality
    from tenants.catalogue import demo

    orp = sum(1 for e in demo.CZ_SERVICES if demo._wanted("benesov", e))
    vlasim = [e[1] for e in demo.CZ_SERVICES if demo._wanted("vlasim", e)]
    votice = [e[1] for e in demo.CZ_SERVICES if demo._wanted("votice", e)]
    assert orp == 40
    assert "Domov pro seniory Vlašim" in vlasim and "Domov pro seniory Votice" not in vlasim
    assert "Domov pro seniory Votice" in votice and "Pečovatelská služba Votice" in votice
    beta = Municipality.objects.get(slug="beta")
    beta.slug = "vlasim"
    with tenant_context(beta):
        assert demo.demo_seed(beta) == len(vlasim)


def test_new_service_form_with_a_malformed_provider_id_is_not_an_error(alfa):
    client = client_for(alfa, account("alfa.editor@test.sk"))
    assert client.get("/staff/catalogue/services/new/?provider=abc").status_code == 200
