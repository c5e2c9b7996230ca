"""The API schema tells every answer an operation can give, not only the happy one.

A postprocessing hook of drf-spectacular (SPECTACULAR_SETTINGS): every operation gets the
error answers the one error path (``hub/api_errors.py``), the authentication, the permissions
and the throttles produce, each with its body's shape. The schema is what integrators and
Schemathesis hold the API to, so an answer it does not list is a defect.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}},
          "required": ["detail"]}
# {field: [messages]}; ``non_field_errors`` for the whole object; a nested field's errors
# nest the same way, so the values are lists of messages or objects of them.
VALIDATION = {"type": "object", "additionalProperties": {
    "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"},
              {"type": "string"}]}}

_ERRORS = {
    "400": (_("Invalid values: the messages by field, in the caller's language "
              "(Accept-Language)."), "ValidationError"),
    "401": (_("No credentials, or a token that is not valid here (unknown, revoked, expired "
              "or another municipality's)."), "ErrorDetail"),
    "403": (_("Not allowed: too low a role, or outside the token's scope or resources."),
            "ErrorDetail"),
    "404": (_("No such object here, or no such page of a list."), "ErrorDetail"),
    "409": (_("Conflicts with data saved at the same moment; reload and try again."),
            "ErrorDetail"),
    "415": (_("The body is not in a format this operation takes (its Content-Type is not one "
              "of the request body's)."), "ErrorDetail"),
    "429": (_("Too many requests; try again after Retry-After seconds."), "ErrorDetail"),
}
WRITES = {"post", "put", "patch", "delete"}


def _codes(path: str, method: str, operation: dict) -> list[str]:
    codes = ["401", "403", "429"]
    has_input = method in WRITES or any(p.get("in") == "query"
                                        for p in operation.get("parameters", []))
    if has_input:
        codes.append("400")
    # A path with an id, or a list whose ?page= is past the end.
    if "{" in path or any(p.get("name") == "page" for p in operation.get("parameters", [])):
        codes.append("404")
    if method in WRITES:
        codes.append("409")
    if "requestBody" in operation:
        codes.append("415")  # DRF's parsers refuse any other Content-Type
    return codes


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = DETAIL
    schemas["ValidationError"] = VALIDATION
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in _codes(path, method, operation):
                description, component = _ERRORS[code]
                responses.setdefault(code, {
                    "description": str(description),
                    "content": {"application/json": {
                        "schema": {"$ref": f"#/components/schemas/{component}"}}}})
    return result


class TimeFieldSchema(OpenApiSerializerFieldExtension):
    """A time of day as the API writes and reads it: "HH:MM" or "HH:MM:SS", no zone.
    (OpenAPI's ``format: time`` is RFC 3339's full-time, which demands an offset.)"""

    target_class = "rest_framework.fields.TimeField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$",
                "example": "09:30"}


class EmailFieldSchema(OpenApiSerializerFieldExtension):
    """An e-mail address; where the field may be left blank, also the empty string (which
    ``format: email`` alone would forbid)."""

    target_class = "rest_framework.fields.EmailField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        email = {"type": "string", "format": "email"}
        if field.max_length:
            email["maxLength"] = field.max_length
        if not field.allow_blank:
            return email
        return {"anyOf": [email, {"type": "string", "maxLength": 0}]}
