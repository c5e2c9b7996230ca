"""Isolation-matrix rows of regional coordination: it adds no tenant pages, only platform
pages (coordinators: signed-in accounts, filtered to their areas; the catalogue: public).
Who sees which area is tried in tests/hub/regional/test_access.py."""

PAGES = []
API_READS = []
MARKERS = []
PLATFORM_PAGES = {
    "/data/": "public",
    "/data/catalog.jsonld": "public",
    "/regions/": "account",
    "/regions/catalogue/": "public",
    "/regions/catalogue/<slug:code>/": "public",
    "/regions/api/schema/": "public",
    "/regions/tokens/": "coordinator",
    "/regions/tokens/<int:token_id>/revoke/": "account",
    "/regions/api/areas/": "account",
    "/regions/api/areas/<slug:code>/": "coordinator",
    "/regions/api/areas/<slug:code>/deadlines/": "coordinator",
    "/regions/api/areas/<slug:code>/gaps/": "coordinator",
    "/regions/<slug:code>/": "coordinator",
    "/regions/<slug:code>/charts/": "coordinator",
    "/regions/<slug:code>/deadlines/": "coordinator",
    "/regions/<slug:code>/quality/": "coordinator",
    "/regions/<slug:code>/gaps/": "coordinator",
    "/regions/<slug:code>/gaps/export.csv": "coordinator",
    "/regions/<slug:code>/gaps/export.xlsx": "coordinator",
    "/regions/<slug:code>/norms/": "coordinator",
    "/regions/<slug:code>/norms/<int:norm_id>/": "coordinator",
    "/regions/<slug:code>/norms/<int:norm_id>/delete/": "coordinator",
    "/regions/<slug:code>/export.csv": "coordinator",
    "/regions/<slug:code>/export.xlsx": "coordinator",
    "/regions/<slug:code>/municipalities/<slug:slug>/": "coordinator",
}


def objects(municipality):
    return {}


def state():
    return ()
