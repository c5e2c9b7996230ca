"""The catalogue's map: off without a tile server; with one, the pages carry markers of this
municipality's public services only, and only the map's pages allow the tile host."""

import json
import re

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for
from tests.tenants.catalogue.builders import provider, service

pytestmark = pytest.mark.django_db

TILES = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
DATA = re.compile(r'<script id="catalogue-map-data" type="application/json">(.*?)</script>',
                  re.S)


def _map(response) -> dict | None:
    found = DATA.search(response.content.decode())
    return json.loads(found.group(1)) if found else None


def _img_src(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("img-src"))


def _place(address, lat, lon, town="Alfa"):
    return [{"address": address, "town": town, "latitude": lat, "longitude": lon}]


@pytest.fixture
def catalogue(alfa, beta):
    from tenants.catalogue.models import Location

    with tenant_context(alfa):
        user = account("alfa.editor@test.sk")
        p = provider(user, name="Mesto Alfa")
        out = {
            "home": service(p, user),  # Hlavná 1, Alfa at 48.735, 19.146
            "centre": service(p, user, name="Denné centrum Lipa", service_type="sk-56",
                              form="outpatient", capacities=[],
                              locations=_place("Lipová 5", "48.740000", "19.150000")),
            "next_door": service(p, user, name="Jedáleň Slnečnica", service_type="sk-58",
                                 form="outpatient", capacities=[],
                                 locations=_place("Hlavná 1", "48.735000", "19.146000")),
            "field": service(p, user, name="Opatrovateľská služba Štvrť",
                             service_type="sk-41", form="field", capacities=[], locations=[]),
            "closed": service(p, user, name="Skrytá služba Alfa", status="inactive",
                              locations=_place("Tajná 9", "48.700000", "19.100000")),
            "shelter": service(p, user, name="Útulok Alfa", service_type="sk-26",
                               capacities=[], hidden_address=True, locations=[]),
        }
        # A place the services would refuse for a secret address (a row from before that
        # rule, or from the database directly): the map must not show it either.
        Location.objects.create(service=out["shelter"], address="Utajená 7", town="Alfa",
                                latitude="48.711111", longitude="19.122222")
    with tenant_context(beta):
        p = provider(None, name="Charita Beta", ico="87654321")
        out["beta"] = service(p, None, country="CZ", name="Domov Beta",
                              locations=_place("Náměstí 1", "49.780000", "14.680000", "Beta"))
    return out


def test_without_a_tile_url_there_is_no_map_and_no_trace_of_one(alfa, catalogue, settings):
    settings.KOMPLAN_MAP_TILE_URL = ""
    client = client_for(alfa)
    for url in ("/catalogue/", f"/catalogue/services/{catalogue['home'].uuid}/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200
        assert _map(response) is None
        for trace in ("data-catalogue-map", "leaflet", "map.js", "Zobraziť na mape",
                      "nie je na mape", "cat-map"):
            assert trace not in body, (url, trace)
        assert _img_src(response) == "img-src 'self'"


@pytest.mark.parametrize("bad", ["tiles.example.org/{z}/{x}/{y}.png",
                                 "javascript:alert(1)//{z}/{x}/{y}",
                                 "https://tiles.example.org/tile.png",
                                 "ftp://tiles.example.org/{z}/{x}/{y}.png"])
def test_a_tile_url_that_cannot_work_leaves_the_map_off(alfa, catalogue, settings, bad):
    settings.KOMPLAN_MAP_TILE_URL = bad
    response = client_for(alfa).get("/catalogue/")
    assert _map(response) is None and "data-catalogue-map" not in response.content.decode()
    assert _img_src(response) == "img-src 'self'"


def test_catalogue_map_has_this_municipalitys_public_services_only(alfa, beta, catalogue,
                                                                  settings):
    settings.KOMPLAN_MAP_TILE_URL = TILES
    settings.KOMPLAN_MAP_ATTRIBUTION = "© Mapy Test"
    response = client_for(alfa).get("/catalogue/")
    data = _map(response)
    url = "/catalogue/services/{}/".format
    # In the page's order (by name); two services at one address share a marker; the inactive
    # one, the secret address and the other municipality's service are nowhere.
    assert data["markers"] == [
        {"lat": 48.74, "lon": 19.15, "services": [
            {"name": "Denné centrum Lipa", "place": "Lipová 5, Alfa",
             "url": url(catalogue["centre"].uuid)}]},
        {"lat": 48.735, "lon": 19.146, "services": [
            {"name": "Domov dôchodcov Slnečnica", "place": "Hlavná 1, Alfa",
             "url": url(catalogue["home"].uuid)},
            {"name": "Jedáleň Slnečnica", "place": "Hlavná 1, Alfa",
             "url": url(catalogue["next_door"].uuid)}]},
    ]
    assert data["tiles"] == TILES and data["attribution"] == "© Mapy Test"
    assert data["labels"] == {"map": "Mapa služieb na tejto stránke", "zoomIn": "Priblížiť",
                              "zoomOut": "Oddialiť", "close": "Zatvoriť"}
    body = response.content.decode()
    for secret in ("Skrytá služba Alfa", "Tajná 9", '"lat": 48.7,', '"lon": 19.1,',
                   "Utajená 7", "48.711", "19.122", "Domov Beta", "Náměstí 1", "49.78", "14.68"):
        assert secret not in body, secret
    # The field service and the secret address are the two of this page not on the map.
    assert "2 služby na tejto stránke nie sú na mape" in body
    assert 'aria-label="Mapa služieb na tejto stránke"' in body

    beta_data = _map(client_for(beta).get("/catalogue/"))
    assert [s["name"] for m in beta_data["markers"] for s in m["services"]] == ["Domov Beta"]


def test_catalogue_map_follows_the_search_filters_and_the_page(alfa, catalogue, settings,
                                                               monkeypatch):
    from tenants.catalogue import views_public

    settings.KOMPLAN_MAP_TILE_URL = TILES
    client = client_for(alfa)

    def names(response):
        data = _map(response)
        return sorted(s["name"] for m in data["markers"] for s in m["services"]) if data else []

    assert names(client.get("/catalogue/", {"q": "lipa"})) == ["Denné centrum Lipa"]
    assert names(client.get("/catalogue/", {"type": "sk-58"})) == ["Jedáleň Slnečnica"]
    # Nothing with a point among the results: no map at all, not an empty box.
    response = client.get("/catalogue/", {"type": "sk-41"})
    assert _map(response) is None and "data-catalogue-map" not in response.content.decode()
    # The services of the page shown, not of the whole result.
    monkeypatch.setattr(views_public, "PER_PAGE", 2)
    assert names(client.get("/catalogue/")) == ["Denné centrum Lipa",
                                                "Domov dôchodcov Slnečnica"]
    assert names(client.get("/catalogue/", {"page": 2})) == ["Jedáleň Slnečnica"]


def test_service_page_maps_its_place_and_never_a_secret_one(alfa, beta, catalogue, settings):
    settings.KOMPLAN_MAP_TILE_URL = TILES
    client = client_for(alfa)
    data = _map(client.get(f"/catalogue/services/{catalogue['home'].uuid}/"))
    assert data["markers"] == [{"lat": 48.735, "lon": 19.146, "services": [
        {"name": "Domov dôchodcov Slnečnica", "place": "Hlavná 1, Alfa"}]}]
    assert data["labels"]["map"] == "Mapa miest služby"
    for key in ("shelter", "field"):
        response = client.get(f"/catalogue/services/{catalogue[key].uuid}/")
        assert response.status_code == 200 and _map(response) is None, key
        assert "Utajená 7" not in response.content.decode()
    # The wrong municipality: another's service is unknown, its map with it.
    assert client_for(beta).get(
        f"/catalogue/services/{catalogue['home'].uuid}/").status_code == 404
    assert client.get(f"/catalogue/services/{catalogue['closed'].uuid}/").status_code == 404


def test_the_map_speaks_the_readers_language(alfa, catalogue, settings):
    settings.KOMPLAN_MAP_TILE_URL = TILES
    client = client_for(alfa)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/catalogue/")
    assert _map(response)["labels"] == {"map": "Map of the services on this page",
                                        "zoomIn": "Zoom in", "zoomOut": "Zoom out",
                                        "close": "Close"}
    assert "2 services on this page are not on the map" in response.content.decode()


def test_the_attribution_keeps_links_and_nothing_else(alfa, catalogue, settings):
    settings.KOMPLAN_MAP_TILE_URL = TILES
    settings.KOMPLAN_MAP_ATTRIBUTION = ('© <a href="https://osm.example/copyright" '
                                        'onclick="steal()">OSM</a><script>steal()</script>')
    data = _map(client_for(alfa).get("/catalogue/"))
    assert data["attribution"] == ('© <a href="https://osm.example/copyright" '
                                   'rel="noopener noreferrer">OSM</a>')


@pytest.mark.parametrize("tiles,source", [
    (TILES, "https://*.tiles.example.org"),
    ("http://127.0.0.1:8081/{z}/{x}/{y}.png", "http://127.0.0.1:8081"),
    ("https://user:key@tiles.example.sk/v1/{z}/{x}/{y}.png?key=abc", "https://tiles.example.sk"),
])
def test_only_the_maps_pages_allow_the_tile_host(alfa, catalogue, settings, tiles, source):
    settings.KOMPLAN_MAP_TILE_URL = tiles
    client = client_for(alfa)
    for url in ("/catalogue/", "/catalogue/?q=nic", f"/catalogue/services/{catalogue['home'].uuid}/"):
        assert _img_src(client.get(url)) == f"img-src 'self' {source}", url
    for url in ("/", f"/catalogue/providers/{catalogue['home'].provider.uuid}/", "/hsds/"):
        assert _img_src(client.get(url)) == "img-src 'self'", url


def test_the_demo_catalogues_put_each_address_on_a_point_of_its_own():
    """`make run` with a tile server shows the demo's services spread over their towns, not
    stacked on each town's centre (one marker per building)."""
    from tenants.catalogue import demo

    places = [entry[9] for entry in demo.CZ_SERVICES + demo.SK_SERVICES if entry[9]]
    assert len(places) == 51
    points = {(place[1], place[2]): (round(place[4], 6), round(place[5], 6)) for place in places}
    assert len(set(points.values())) == len(points) == 34
    for (_address, town), (lat, lon) in points.items():
        centre = {"Benešov": demo.BEN, "Vlašim": demo.VLA, "Votice": demo.VOT,
                  "Banská Bystrica": demo.BB}[town]
        assert abs(lat - centre[2]) < 0.02 and abs(lon - centre[3]) < 0.03, (town, lat, lon)
