"""The API schema in the caller's language: title, description, groups and summaries.

A postprocessing hook of drf-spectacular (SPECTACULAR_SETTINGS). The schema is built while
the request's language is active (hub/tenancy/language.py: Accept-Language on /api/, else
the municipality's language; ``?lang=`` wins), so every ``gettext_lazy`` in it — field help
texts, the error answers, the views' ``api_description`` — comes out translated. This hook
adds what drf-spectacular would otherwise take from English docstrings and identifiers:
a summary per operation and one group (tag) per resource, named in the caller's language.
"""

import re

from django.utils.translation import gettext_lazy as _

TITLE = _("API of %(municipality)s")
DESCRIPTION = _(
    "Community planning of social services of one municipality, on its own address. Reads of "
    "public content need no credentials. A program authenticates with the header "
    "`Authorization: Bearer <token>`; a token is made by an admin of the municipality under "
    "Staff → API tokens and works on this municipality's address only — see "
    "[Getting a token](/api/docs/tokens/). Errors answer JSON: `{\"detail\": …}` or the "
    "messages by field, in the language of `Accept-Language`. The catalogue of services in "
    "HSDS 3.0: [/hsds/openapi.json](/hsds/openapi.json).")
# By the viewset action (the router's names) or the plain view's method.
SUMMARIES = {
    "list": _("List"),
    "create": _("Create"),
    "retrieve": _("One item"),
    "update": _("Replace (all fields)"),
    "partial_update": _("Change some fields"),
    "destroy": _("Delete"),
    "get": _("Read"),
    "patch": _("Change some fields"),
}


def _shape(path: str) -> str:
    """``/api/plans/{pk}/`` and ``/api/plans/{id}/`` alike (drf-spectacular renames pk)."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def _views(generator) -> dict[tuple[str, str], object]:
    """(path, method) → the view class behind each operation."""
    found = {}
    for path, _regex, method, callback in getattr(generator, "endpoints", None) or []:
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        actions = getattr(callback, "actions", None) or {}
        found[(_shape(path), method.lower())] = (view, actions.get(method.lower(), method.lower()))
    return found


def _label(view, fallback: str) -> str:
    serializer = getattr(view, "serializer_class", None)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is not None:
        return str(model._meta.verbose_name_plural).capitalize()
    return str(getattr(view, "api_label", fallback))


def translate_schema(result, generator, request, public):
    municipality = getattr(request, "municipality", None) if request is not None else None
    info = result.setdefault("info", {})
    if municipality is not None:
        info["title"] = str(TITLE % {"municipality": municipality.name})
    info["description"] = str(DESCRIPTION)
    views = _views(generator)
    tags = {}
    for path, operations in result.get("paths", {}).items():
        segment = path.strip("/").split("/")[1] if path.count("/") > 2 else path.strip("/")
        for method, operation in operations.items():
            view, action = views.get((_shape(path), method), (None, method))
            label = _label(view, segment)
            described = getattr(view, "api_description", None)
            if described is not None:
                operation["description"] = str(described)
            if not operation.get("summary") and action in SUMMARIES:
                operation["summary"] = str(SUMMARIES[action])
            # One group per resource; two resources of one name keep their path apart.
            tag = label if tags.get(label, (segment,))[0] == segment else f"{label} ({segment})"
            tags.setdefault(tag, (segment, described))
            operation["tags"] = [tag]
    result["tags"] = [{"name": tag, "description": f"`/api/{segment}/` — {described}"
                       if described else f"`/api/{segment}/`"}
                      for tag, (segment, described) in sorted(tags.items())]
    return result
