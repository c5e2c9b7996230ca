"""The catalogue's map: whether it is on, the tile host the CSP allows, and the markers."""

import functools
import logging
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
_warned: set[str] = set()  # a bad setting is logged once per process, not on every page
LEAFLET = "catalogue/vendor/leaflet/"


def tile_url() -> str:
    """The tile URL template from settings when it can work (http or https, a host, {z}, {x}
    and {y}), else "": without one the map is simply not there."""
    url = (getattr(settings, "KOMPLAN_MAP_TILE_URL", "") or "").strip()
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.hostname or any(
            part not in url for part in ("{z}", "{x}", "{y}")):
        if url not in _warned:
            _warned.add(url)
            log.warning("KOMPLAN_MAP_TILE_URL %r is not an http(s) URL with {z}, {x} and {y}; "
                        "the map stays off", url)
        return ""
    return url


def tile_source() -> str:
    """The tile host as a CSP source ("https://*.tile.example.org" for a {s} subdomain), or ""
    when the map is off."""
    url = tile_url()
    if not url:
        return ""
    parts = urlsplit(url)
    # Only the host: a key in the path or query stays out of the header. {s} (Leaflet's
    # rotating subdomain) is CSP's leftmost-label wildcard.
    host = parts.netloc.rpartition("@")[2].replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def tiles_allowed(view):
    """Let this view's pages load tiles from the configured host (img-src), and no other page:
    the rest of the platform keeps images to its own origin."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        source = tile_source()
        if source:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), source]
            response._csp_update = update
        return response

    return wrapper


def attribution() -> str:
    """The tile provider's credit line; links only (the setting is the operator's, but it ends
    up as HTML inside every map)."""
    text = getattr(settings, "KOMPLAN_MAP_ATTRIBUTION", "") or ""
    return nh3.clean(text, tags={"a"}, attributes={"a": {"href"}})


def points(services, *, link: bool = True) -> tuple[list[dict], int]:
    """One marker per point, listing every service with a place there, and how many of the
    services have no point: no place, no coordinates, or an address kept secret (a shelter's
    place must not show on a map any more than in its text)."""
    found: dict[tuple[str, str], dict] = {}
    missing = 0
    for service in services:
        placed = False
        for place in [] if service.hidden_address else service.locations.all():
            if place.latitude is None or place.longitude is None:
                continue
            key = (f"{place.latitude:f}", f"{place.longitude:f}")
            point = found.setdefault(key, {"lat": float(place.latitude),
                                           "lon": float(place.longitude), "services": []})
            entry = {"name": service.name,
                     "place": ", ".join(p for p in (place.name, place.address, place.town) if p)}
            if link:
                entry["url"] = reverse("catalogue:public_service", args=[service.uuid])
            if entry not in point["services"]:
                point["services"].append(entry)
            placed = True
        missing += not placed
    return list(found.values()), missing


def config(markers: list[dict], *, label: str) -> dict | None:
    """What the page's script needs to draw the map, or None: no tile server, or nothing to
    show (never an empty box)."""
    tiles = tile_url()
    if not tiles or not markers:
        return None
    return {"tiles": tiles, "attribution": attribution(), "markers": markers,
            "icons": {"icon": static(LEAFLET + "images/marker-icon.png"),
                      "icon2x": static(LEAFLET + "images/marker-icon-2x.png"),
                      "shadow": static(LEAFLET + "images/marker-shadow.png")},
            "labels": {"map": label, "zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"),
                       "close": _("Close")}}
