"""Reading the registry's codebook files: which codebook a file is, and its entries mapped
onto Komplan's vocabulary (``mapping.py``). Territorial codebooks (kraje, okresy, obce) are
read by ``hub.municipalities.codebooks`` — one reader for them, whoever loads them.

Nothing here writes; ``services.codebooks_load`` does.
"""

import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hub import taxonomy
from hub.municipalities import codebooks as territorial
from hub.rpss import mapping
from hub.text import fold

MAX_BYTES = territorial.MAX_BYTES


@dataclass(frozen=True)
class Entry:
    codebook: str
    code: str
    name: str
    maps_to: str       # "" when it maps to nothing
    reviewed: bool     # the mapping table knows this name (mapped or known to map to nothing)


def _type_names() -> dict[str, str]:
    names = {fold(term.name("cs")): term.code for term in taxonomy.service_types("CZ")}
    names.update(mapping.TYPE_NAMES)
    return names


def _group_names() -> dict[str, str]:
    return {fold(term.name("cs")): term.code for term in taxonomy.target_groups()}


def map_entry(codebook: str, code: str, name: str) -> Entry:
    """What one codebook entry maps to, by name (types, target groups) or code."""
    folded = fold(name)
    if codebook == "type":
        found = _type_names().get(folded, "")
        return Entry(codebook, code, name, found,
                     bool(found) or folded in mapping.TYPES_UNMAPPED)
    if codebook == "target_group":
        if folded in mapping.TARGET_GROUPS:
            return Entry(codebook, code, name, mapping.TARGET_GROUPS[folded] or "", True)
        found = _group_names().get(folded, "")
        return Entry(codebook, code, name, found, bool(found))
    if codebook == "form":
        found = mapping.FORMS.get(code, "")
        return Entry(codebook, code, name, found, bool(found))
    found = mapping.CAPACITY_TYPES.get(code, "")
    return Entry(codebook, code, name, found, bool(found))


def _name(entry: dict) -> str:
    name = entry.get("nazev")
    if isinstance(name, dict):
        name = name.get("cs") or next(iter(name.values()), "")
    return str(name or "").strip()


def kind_of(document) -> str:
    """"territory", one of mapping.CODEBOOKS' values, or "" for a file that is none of them."""
    entries = document.get("polozky") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        return ""
    first = entries[0].get("id", "") if isinstance(entries[0], dict) else ""
    prefix = str(first).partition("/")[0]
    if prefix in territorial.REGISTRY_PREFIXES:
        return "territory"
    return mapping.CODEBOOKS.get(prefix, "")


def read(raw: bytes, filename: str) -> tuple[str, list, list[str]]:
    """(kind, rows, errors) of one codebook file: rows are ``Entry`` for the service
    codebooks and ``UnitRow`` for the territorial ones (kind "territory")."""
    if len(raw) > MAX_BYTES:
        return "", [], [_("The file is larger than 50 MB.")]
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return "", [], [_("The file is not valid JSON.")]
    kind = kind_of(document)
    if not kind:
        return "", [], [_("The file is not one of the registry's codebooks (JSON with a "
                          "“polozky” list of entries whose ids start with a known codebook).")]
    if kind == "territory":
        rows, errors = territorial.registry_rows(raw)
        return kind, rows, errors
    prefix = {book: head for head, book in mapping.CODEBOOKS.items()}[kind]
    rows, errors = [], []
    for number, entry in enumerate(document["polozky"], start=1):
        ref = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        head, _slash, code = ref.partition("/")
        name = _name(entry) if isinstance(entry, dict) else ""
        if head != prefix or not code:
            errors.append(_("Entry %(n)s: the id “%(ref)s” does not belong to this codebook.")
                          % {"n": number, "ref": ref})
        elif not name:
            errors.append(_("Entry %(n)s: the entry has no name.") % {"n": number})
        else:
            rows.append(map_entry(kind, code[:40], name[:300]))
    return kind, rows, errors
