"""The OpenAPI description of the coordinators' JSON (/regions/api/…), served at
/regions/api/schema/ on the platform domain. Written by hand: these are plain Django views
(hub/regional/views.py) answering aggregates of the read model only."""

from django.conf import settings

_DETAIL = {"type": "object", "required": ["detail"],
           "properties": {"detail": {"type": "string"}}}
_ERRORS = {
    "401": {"description": "Neither a coordinator's session nor a valid coordinator's token "
                           "(unknown, revoked, expired, or a municipality's token).",
            "content": {"application/json": {"schema": _DETAIL}}},
    "403": {"description": "The account coordinates no area at all.",
            "content": {"application/json": {"schema": _DETAIL}}},
    "404": {"description": "No such area, or not one this account (or token) reaches.",
            "content": {"application/json": {"schema": _DETAIL}}},
    "429": {"description": "Too many calls with this token; try again after Retry-After "
                           "seconds.", "content": {"application/json": {"schema": _DETAIL}}},
}
_CODE = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"},
          "description": "The code of a region or district the account coordinates."}]
_AREA = {"type": "object", "required": ["code", "name", "kind"], "properties": {
    "code": {"type": "string"}, "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["region", "district"]},
    "country": {"type": "string", "enum": ["SK", "CZ"]}}}
_VALUE = {"nullable": True, "oneOf": [{"type": "number"}, {"type": "string"},
                                      {"type": "boolean"}]}
_COMPARISON = {"type": "object", "required": ["area", "date", "figures", "median",
                                              "municipalities"], "properties": {
    "area": _AREA,
    "date": {"type": "string", "format": "date"},
    "figures": {"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"},
        "source": {"type": "string"}}}},
    "median": {"type": "object", "additionalProperties": _VALUE},
    "median_by_kind": {"type": "object", "description": "kind → figure key → median",
                       "additionalProperties": {"type": "object",
                                                "additionalProperties": _VALUE}},
    "municipalities": {"type": "array", "items": {"type": "object", "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
        "stat_code": {"type": "string", "nullable": True},
        "values": {"type": "object", "additionalProperties": _VALUE,
                   "description": "null: not available for this municipality"},
        "not_available": {"type": "array", "items": {"type": "string"}},
        "outliers": {"type": "object", "description": "figure key → high or low",
                     "additionalProperties": {"type": "string", "enum": ["high", "low"]}},
        "capacity_by_type": {"type": "object", "nullable": True},
        "capacity_by_target_group": {"type": "object", "nullable": True},
        "capacity_source": {"type": "string", "nullable": True,
                            "enum": ["catalogue", "registry", None],
                            "description": "registry: capacities from the national registry "
                                           "(registry data)"},
        "capacity_wider": {"type": "object", "nullable": True,
                           "description": "unit → capacity covering a wider area than the "
                                          "municipality, not counted in its figures"},
        "refreshed_at": {"type": "string", "format": "date-time", "nullable": True}}}}}}
_CHECKS = ["no_plan", "plan_expired", "plan_expiring", "action_plan_missing",
           "evaluation_missing", "not_available"]
_DEADLINES = {"type": "object", "required": ["area", "date", "counts", "check", "count", "page",
                                             "pages", "items"], "properties": {
    "area": {"type": "string"}, "date": {"type": "string", "format": "date"},
    "filters": {"type": "object", "additionalProperties": {"type": "string"}},
    "counts": {"type": "object", "description": "check → municipalities it finds in the "
                                                "filtered set (not_available: no plan figures)",
               "additionalProperties": {"type": "integer"}},
    "check": {"type": "string", "enum": _CHECKS, "description": "the check listed"},
    "sort": {"type": "string", "enum": ["name", "due"]},
    "dir": {"type": "string", "enum": ["asc", "desc"]},
    "count": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"},
    "page_size": {"type": "integer"},
    "next": {"type": "string", "nullable": True}, "previous": {"type": "string", "nullable": True},
    "items": {"type": "array", "items": {
        "type": "object", "properties": {
            "slug": {"type": "string"}, "name": {"type": "string"},
            "detail": {"type": "string"},
            "due": {"type": "string", "format": "date", "nullable": True}}}}}}

_WATCH_QUERY = [{"name": name, "in": "query", "required": False, "schema": schema,
                 "description": text} for name, schema, text in [
    ("check", {"type": "string", "enum": _CHECKS},
     "the check to list; the first that finds anything when not given"),
    ("sort", {"type": "string", "enum": ["name", "due"]}, "by name or by the day due"),
    ("dir", {"type": "string", "enum": ["asc", "desc"]}, ""),
    ("page", {"type": "integer", "minimum": 1}, ""),
    ("page_size", {"type": "integer", "minimum": 1, "maximum": 500}, ""),
    ("q", {"type": "string"}, "words of the municipality's name"),
    ("unit", {"type": "string"}, "code of a kraj, okres or ORP within the area"),
    ("kind", {"type": "string"}, "kind of municipality")]]

_NUMBER = {"type": "number", "nullable": True}
_COUNT = {"type": "integer", "nullable": True}
_SOURCE = {"type": "string", "nullable": True, "enum": ["norm", "region", "median", "", None],
           "description": "norm: the municipality's own norm; region: the norm its region "
                          "(kraj) set for all its municipalities; median: the median of "
                          "comparable municipalities (same country and kind); empty: none"}
_GAP_FIGURES = {
    "capacity": _COUNT, "wider": {**_COUNT, "description": "places of services covering a "
                                                           "wider area: not divided"},
    "population": {**_COUNT, "description": "the target population"},
    "per_1000": _NUMBER, "standard": {**_NUMBER, "description": "places per 1,000 of the "
                                                                 "target population"},
    "required": _NUMBER, "gap": {**_NUMBER, "description": "places missing (negative: "
                                                           "surplus)"},
    "share": {**_NUMBER, "description": "gap ÷ required, per cent"}}
_GAPS = {"type": "object", "required": ["area", "count", "page", "pages", "totals", "rows"],
         "description": "null figures: not available (no demography, catalogue or "
                        "standard), never 0", "properties": {
    "area": _AREA, "filters": {"type": "object", "additionalProperties": {"type": "string"}},
    "sort": {"type": "string"}, "dir": {"type": "string", "enum": ["asc", "desc"]},
    "municipalities_count": {"type": "integer"},
    "count": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"},
    "page_size": {"type": "integer"},
    "next": {"type": "string", "nullable": True}, "previous": {"type": "string", "nullable": True},
    "standard_sources": {"type": "array", "items": {"type": "string"}},
    "totals": {"type": "array", "description": "the filtered set's total of each service "
                                               "type × target group × unit: each place and "
                                               "each inhabitant counted once",
               "items": {"type": "object", "properties": {
                   "service_type": {"type": "string"}, "target_group": {"type": "string"},
                   "unit": {"type": "string"}, "municipalities": {"type": "integer"},
                   **_GAP_FIGURES,
                   "standard_sources": {"type": "array", "items": {"type": "string"}},
                   "groups_counted": {"type": "integer"}, "groups": {"type": "integer"}}}},
    "rows": {"type": "array", "description": "one page: each municipality × key; a "
                                             "municipality without rows once, with nulls",
             "items": {"type": "object", "properties": {
                 "slug": {"type": "string"}, "name": {"type": "string"},
                 "stat_code": {"type": "string"},
                 "service_type": {"type": "string", "nullable": True},
                 "target_group": {"type": "string", "nullable": True},
                 "unit": {"type": "string", "nullable": True},
                 "target": {"type": "string", "nullable": True}, "year": _COUNT,
                 **_GAP_FIGURES, "standard_source": _SOURCE, "comparables": _COUNT}}}}}
_GAPS_QUERY = [{"name": name, "in": "query", "required": False, "schema": schema,
                "description": text} for name, schema, text in [
    ("type", {"type": "string"}, "service type code"),
    ("group", {"type": "string"}, "target group code; - for the rows of all groups"),
    ("per", {"type": "string"}, "capacity unit"),
    ("sort", {"type": "string", "enum": ["name", "type", "capacity", "population",
                                         "per_1000", "standard", "required", "gap",
                                         "share"]}, "by default the share missing"),
    ("dir", {"type": "string", "enum": ["asc", "desc"]}, ""),
    ("page", {"type": "integer", "minimum": 1}, ""),
    ("page_size", {"type": "integer", "minimum": 1, "maximum": 500}, ""),
    ("q", {"type": "string"}, "words of the municipality's name"),
    ("unit", {"type": "string"}, "code of a kraj, okres or ORP within the area"),
    ("kind", {"type": "string"}, "kind of municipality")]]


def _get(summary, schema, parameters=()):
    return {"get": {"summary": summary, "parameters": list(parameters),
                    "responses": {"200": {"description": "OK", "content": {
                        "application/json": {"schema": schema}}}, **_ERRORS}}}


def document(base_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Komplan regional API", "version": "1",
                 "description": "Aggregates of the municipalities of the areas a coordinator "
                                "coordinates; never personal data. A program sends a "
                                "coordinator's token (`Authorization: Bearer kpr_…`, made "
                                "under /regions/tokens/; read only, this domain only, "
                                "optionally limited to some areas); a browser signed in "
                                "on the platform domain uses its session cookie."},
        "servers": [{"url": base_url}],
        "components": {"securitySchemes": {
            "coordinatorToken": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie",
                        "name": settings.SESSION_COOKIE_NAME}}},
        "security": [{"coordinatorToken": []}, {"session": []}],
        "paths": {
            "/regions/api/areas/": _get("The areas this account coordinates", {
                "type": "object", "required": ["areas"],
                "properties": {"areas": {"type": "array", "items": _AREA}}}),
            "/regions/api/areas/{code}/": _get("The comparison of an area's municipalities",
                                               _COMPARISON, _CODE),
            "/regions/api/areas/{code}/deadlines/": _get(
                "Deadlines due in an area: every check's count, one check's page",
                _DEADLINES, [*_CODE, *_WATCH_QUERY]),
            "/regions/api/areas/{code}/gaps/": _get(
                "Gaps in the network of services: the area's totals and a page of its "
                "municipalities' rows", _GAPS, [*_CODE, *_GAPS_QUERY]),
        },
    }
