"""The catalogue's map in a real browser, on a phone and a desktop: tiles from a local tile
server only once the map is opened, a marker per point, popups by mouse and keyboard, the
service page's own marker — under the Content-Security-Policy, with no violation."""

import re
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tenants.utils import tenant_context

from tests.e2e import axe
from tests.e2e.conftest import csp_watch, follow, shot

pytestmark = [pytest.mark.browser]
TILE_PATH = re.compile(r"^/\d+/\d+/\d+\.png$")
# The open popup has faded in and the map has panned to show it whole, inside the map's box.
POPUP_SHOWN = """() => {
  const popup = document.querySelector(".leaflet-popup");
  if (!popup || getComputedStyle(popup).opacity !== "1") { return false; }
  const map = document.querySelector(".cat-map").getBoundingClientRect();
  const box = popup.getBoundingClientRect();
  return box.top >= map.top && box.left >= map.left && box.right <= map.right
    && box.bottom <= map.bottom;
}"""


def _png() -> bytes:
    """A 256×256 tile: pale ground, a darker edge, so the tiles' seams show in screenshots."""
    ground, edge = b"\xee\xf0\xe8", b"\xc8\xcc\xc0"
    rows = b"".join(b"\x00" + (edge * 256 if y in (0, 255) else edge + ground * 254 + edge)
                    for y in range(256))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def tile_server():
    """A tile server on a local port: the same PNG for any /{z}/{x}/{y}.png; counts requests."""
    tile, served = _png(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self):
            if not TILE_PATH.match(self.path):
                self.send_error(404)
                return
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", served
    server.shutdown()
    server.server_close()


@pytest.fixture
def alfa_catalogue(live_url, django_db_blocker):
    """Four services of Alfa, committed (the live server's thread reads them): three with a
    place — two at one address — and a field service without one."""
    from hub.municipalities.models import Municipality
    from tenants.catalogue import services
    from tenants.catalogue.models import CatalogueStamp, Provider, Service
    from tenants.history.models import Change

    def place(address, lat, lon):
        return [{"address": address, "town": "Alfa", "postal_code": "97401",
                 "latitude": lat, "longitude": lon}]

    with django_db_blocker.unblock():
        alfa = Municipality.objects.get(slug="alfa")
        with tenant_context(alfa):
            provider = services.provider_save(user=None, name="Mesto Alfa")
            common = {"user": None, "provider": provider, "target_groups": ["seniors"],
                      "capacities": [], "covers": []}
            made = {
                "home": services.service_save(
                    name="Domov dôchodcov Slnečnica", service_type="sk-35", form="residential",
                    locations=place("Hlavná 1", "48.735000", "19.146000"), **common),
                "canteen": services.service_save(
                    name="Jedáleň Slnečnica", service_type="sk-58", form="outpatient",
                    locations=place("Hlavná 1", "48.735000", "19.146000"), **common),
                "club": services.service_save(
                    name="Denné centrum Lipa", service_type="sk-56", form="outpatient",
                    locations=place("Lipová 5", "48.741000", "19.156000"), **common),
                "field": services.service_save(
                    name="Opatrovateľská služba Štvrť", service_type="sk-41", form="field",
                    locations=[], **common),
            }
        try:
            yield f"http://alfa.localhost:{live_url.split(':')[1]}", made
        finally:
            with tenant_context(alfa):  # committed data: leave none behind
                Service.objects.all().delete()
                Provider.objects.all().delete()
                CatalogueStamp.objects.all().delete()
                Change.objects.filter(subject__startswith="catalogue.").delete()


@pytest.mark.parametrize("width", [1280, 375])
def test_markers_and_popups_on_the_catalogue_and_a_service(browser, settings, tile_server,
                                                           alfa_catalogue, width):
    tiles, served = tile_server
    base, made = alfa_catalogue
    settings.KOMPLAN_MAP_TILE_URL = tiles + "/{z}/{x}/{y}.png"
    settings.KOMPLAN_MAP_ATTRIBUTION = ('© <a href="https://www.openstreetmap.org/copyright">'
                                        'OpenStreetMap</a>')
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sk-SK")
    violations = csp_watch(context)
    page = context.new_page()
    try:
        served.clear()
        page.goto(f"{base}/catalogue/", wait_until="networkidle")
        # The list first; the map waits closed under the count, and no tile is fetched yet.
        assert page.locator(".cat-results li").count() == 4
        box = page.locator("details[data-catalogue-map-box]")
        assert box.get_attribute("open") is None and served == []
        box.locator("summary").focus()
        page.keyboard.press("Enter")  # opened from the keyboard
        page.wait_for_selector(".cat-map[data-ready] .leaflet-tile-loaded")
        assert "1 služba na tejto stránke nie je na mape" in box.inner_text()
        assert served and all(TILE_PATH.match(path) for path in served)
        region = page.locator(".cat-map")
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("aria-label") == "Mapa služieb na tejto stránke"
        markers = page.locator(".leaflet-marker-icon")
        assert markers.count() == 2  # one point for the two services at Hlavná 1
        alts = sorted(markers.evaluate_all("(icons) => icons.map((icon) => icon.alt)"))
        assert alts == ["Denné centrum Lipa",
                        "Domov dôchodcov Slnečnica, Jedáleň Slnečnica"]
        assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Priblížiť"
        assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
        # Nothing wider than the phone's screen.
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")

        # Keyboard: Enter on a marker opens its popup and puts the reader on its first link;
        # Escape closes it and returns them to the marker.
        shared = page.locator('.leaflet-marker-icon[alt^="Domov"]')
        shared.focus()
        page.keyboard.press("Enter")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert popup.locator("a").all_inner_texts() == ["Domov dôchodcov Slnečnica",
                                                        "Jedáleň Slnečnica"]
        assert page.evaluate("() => document.activeElement.textContent") == \
            "Domov dôchodcov Slnečnica"
        assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == \
            "Zatvoriť"
        page.keyboard.press("Escape")
        popup.wait_for(state="detached")
        assert page.evaluate("() => document.activeElement.alt") == \
            "Domov dôchodcov Slnečnica, Jedáleň Slnečnica"

        # Mouse: a click opens the other marker's popup, whose link leads to the service.
        page.locator('.leaflet-marker-icon[alt="Denné centrum Lipa"]').click()
        page.wait_for_function(POPUP_SHOWN)
        assert "Lipová 5, Alfa" in popup.inner_text()
        page.locator(".cat-map-box").scroll_into_view_if_needed()
        shot(page, f"catalogue-map-{width}")
        assert axe.violations(page) == []
        follow(page, ".leaflet-popup-content a")
        assert page.url.endswith(f"/catalogue/services/{made['club'].uuid}/")

        # The service page: its one place, drawn at once, the popup without a link to itself.
        page.wait_for_selector(".cat-map[data-ready] .leaflet-tile-loaded")
        assert page.locator(".cat-map").get_attribute("aria-label") == "Mapa miest služby"
        # The link out says where it goes, beside a map of the platform's own.
        assert page.locator(".place-card a").inner_text() == "otvoriť v OpenStreetMap"
        assert page.locator(".leaflet-marker-icon").count() == 1
        page.locator(".leaflet-marker-icon").click()
        page.wait_for_function(POPUP_SHOWN)
        assert page.locator(".leaflet-popup-content").inner_text().startswith(
            "Denné centrum Lipa")
        assert page.locator(".leaflet-popup-content a").count() == 0
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        shot(page, f"catalogue-service-map-{width}")
        assert axe.violations(page) == []

        # A search keeps the map open (the reader opened it) and maps only what it found.
        page.goto(f"{base}/catalogue/?q=lipa", wait_until="networkidle")
        page.wait_for_selector(".cat-map[data-ready]")
        assert page.locator(".leaflet-marker-icon").count() == 1
    finally:
        context.close()
    assert violations == []


def test_without_a_tile_server_the_page_has_no_map(browser, settings, tile_server,
                                                   alfa_catalogue):
    settings.KOMPLAN_MAP_TILE_URL = ""
    _tiles, served = tile_server
    base, made = alfa_catalogue
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="sk-SK")
    violations = csp_watch(context)
    page = context.new_page()
    try:
        served.clear()
        page.goto(f"{base}/catalogue/", wait_until="networkidle")
        assert page.locator(".cat-results li").count() == 4
        assert page.locator(".cat-map, details[data-catalogue-map-box]").count() == 0
        page.goto(f"{base}/catalogue/services/{made['home'].uuid}/", wait_until="networkidle")
        assert page.locator(".cat-map").count() == 0
        assert page.locator(".place-card a").inner_text() == "mapa"  # OpenStreetMap, as before
        assert page.evaluate("() => typeof window.L") == "undefined"
        assert served == []
    finally:
        context.close()
    assert violations == []
