"""The OpenAPI description of the /hsds/ views (HSDS 3.0 read API), served at
/hsds/openapi.json and named by the API root's ``openapi_url``.

Written by hand: the /hsds/ views are plain Django views answering HSDS's own shapes, which
drf-spectacular cannot see. Objects are described as HSDS 3.0 defines them (its schema is
the reference, linked from the profile); here the paths, parameters, paging and statuses.
"""

from tenants.catalogue.hsds import MAX_PER_PAGE, VERSION

_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1},
     "description": "Page number (from 1; anything else reads as 1)."},
    {"name": "per_page", "in": "query",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
     "description": f"Items per page (at most {MAX_PER_PAGE})."},
]
_OBJECT = {"type": "object", "description": "An HSDS 3.0 object (see the HSDS schema)."}


def _page_of(description):
    return {"type": "object", "required": ["total_items", "total_pages", "page_number",
                                           "size", "first_page", "last_page", "empty",
                                           "contents"],
            "properties": {
                "total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
                "page_number": {"type": "integer"}, "size": {"type": "integer"},
                "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                "empty": {"type": "boolean"},
                "contents": {"type": "array", "items": {**_OBJECT, "description": description}}}}


def _json(schema, description="OK"):
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": schema}}}}


def _by_id(name, description):
    return {"get": {
        "summary": description,
        "parameters": [{"name": name, "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "responses": {**_json(_OBJECT), "404": {
            "description": "No such published item.",
            "content": {"application/json": {"schema": {
                "type": "object", "required": ["detail"],
                "properties": {"detail": {"type": "string"}}}}}}}}}


def _list(summary, description, extra=()):
    return {"get": {"summary": summary, "parameters": [*_PAGING, *extra],
                    "responses": _json(_page_of(description))}}


def document(base_url: str, publisher: str) -> dict:
    query = [
        {"name": "search", "in": "query", "schema": {"type": "string"},
         "description": "Words in the name or description (accents ignored)."},
        {"name": "organization_id", "in": "query", "schema": {"type": "string"}},
        {"name": "taxonomy_term_id", "in": "query", "schema": {"type": "string"}},
        {"name": "modified_after", "in": "query", "schema": {"type": "string"},
         "description": "ISO date or date-time."},
        {"name": "full", "in": "query", "schema": {"type": "boolean"},
         "description": "Full service objects instead of the list form."},
    ]
    terms = [
        {"name": "top_only", "in": "query", "schema": {"type": "boolean"}},
        {"name": "parent_id", "in": "query", "schema": {"type": "string"}},
        {"name": "taxonomy_id", "in": "query", "schema": {"type": "string"}},
    ]
    return {
        "openapi": "3.0.3",
        "info": {"title": f"HSDS {VERSION} — {publisher}".rstrip(" —"), "version": VERSION,
                 "description": "The published catalogue of social services in Open "
                                "Referral's Human Services Data Specification, read-only "
                                "and public (no authentication)."},
        "servers": [{"url": base_url}],
        "externalDocs": {"url": "https://docs.openreferral.org/en/latest/hsds/"},
        "paths": {
            "/hsds/": {"get": {"summary": "API root: version, profile, publisher",
                               "responses": _json(_OBJECT)}},
            "/hsds/profile/": {"get": {"summary": "The SK/CZ profile and its taxonomies",
                                       "responses": _json(_OBJECT)}},
            "/hsds/services": _list("Published services", "a service", query),
            "/hsds/services/{id}": _by_id("id", "One published service, in full"),
            "/hsds/organizations": _list("Providers", "an organization"),
            "/hsds/organizations/{id}": _by_id("id", "One provider with its services"),
            "/hsds/taxonomies": _list("Taxonomies", "a taxonomy"),
            "/hsds/taxonomy_terms": _list("Taxonomy terms", "a taxonomy term", terms),
            "/hsds/datapackage.zip": {"get": {
                "summary": "Everything as an HSDS Tabular Data Package (CSV + datapackage.json)",
                "responses": {"200": {"description": "A zip file", "content": {
                    "application/zip": {"schema": {"type": "string",
                                                   "format": "binary"}}}}}}},
        },
    }
