"""Reading the registry's ``rpss.json`` as it really is, one service at a time.

The national file is over 30 MB with ~6,700 services under the root key ``polozky``; it is
streamed (ijson), so memory stays bounded by one service record, never the file. Every record
becomes a plain, JSON-ready dict (``normalize``) in Komplan's vocabulary — the snapshot the
platform stores and what a municipality's catalogue is filled from — with a list of problems
(``{"code", "params", "blocking"}``) that ``problems.text`` turns into a sentence in the
reader's language. A blocking problem means the service cannot go into a catalogue (no
identifier, a type that maps to nothing, no form); the others are notes.

What is never read: ``poskytovatel.statutarniOrgany`` (names of people), facility heads
(``zarizeni[].vedouci``) and ``doplnkoveUdaje`` (links to registry documents, not websites).
Contacts are read from their own keys only — the service's ``weby``/``emaily``/``telefony``,
else the provider's — never by searching the record for "http".
"""

import datetime
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import ijson

from hub import taxonomy
from hub.rpss import mapping

#: Territorial codebook prefixes (as in "Obec/529303") -> the level of a TerritorialUnit.
LEVELS = {"Kraj": "region", "Okres": "district", "Orp": "orp", "ORP": "orp",
          "Obec": "municipality"}
#: Keys a ``rozsirenePusobnostiVKraji`` entry may name its unit under (assumed; see README).
SCOPE_KEYS = ("obec", "okres", "orp", "kraj", "uzemi", "jednotka")


@dataclass
class Maps:
    """What the loaded codebooks say: codes -> (name, Komplan code or "")."""

    types: dict = field(default_factory=dict)
    target_groups: dict = field(default_factory=dict)
    town_names: dict = field(default_factory=dict)  # obec code -> name


class NotRegistryFile(ValueError):
    """The file is not JSON, or not the registry's structure; ``code`` names which."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _problem(code: str, blocking: bool = False, **params) -> dict:
    return {"code": code, "params": params, "blocking": blocking}


def _ref(value) -> str:
    """The ``"<Codebook>/<code>"`` of a codebook value, however it is wrapped."""
    if isinstance(value, dict):
        inner = value.get("id")
        if isinstance(inner, str):
            return inner.strip()
        for wrapped in value.values():  # {"cilovaSkupina": {"id": ...}}
            if isinstance(wrapped, dict) and isinstance(wrapped.get("id"), str):
                return wrapped["id"].strip()
        return ""
    return value.strip() if isinstance(value, str) else ""


def _code(ref: str, prefix: str) -> str:
    head, _slash, code = ref.partition("/")
    return code if head == prefix and code else ""


def _date(value) -> datetime.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _first(items, key: str, limit: int) -> str:
    for item in items if isinstance(items, list) else []:
        value = item.get(key) if isinstance(item, dict) else item
        text = _text(value, limit)
        if text:
            return text
    return ""


def _contacts(source: dict) -> dict:
    web = _first(source.get("weby"), "web", 200)
    if web and not web.lower().startswith(("http://", "https://")):
        web = "https://" + web
    return {"website": web, "email": _first(source.get("emaily"), "email", 254),
            "phone": _first(source.get("telefony"), "telefon", 40)}


def _unit_key(ref: str) -> str:
    prefix, _slash, code = ref.partition("/")
    level = LEVELS.get(prefix)
    return f"{level}:{code}" if level and code and code.isalnum() else ""


def _scope(entries, problems: list) -> list[str]:
    """Territorial keys of the registered scope; entries it cannot read are reported."""
    keys = []
    for entry in entries if isinstance(entries, list) else []:
        found = []
        if isinstance(entry, str):
            found = [_unit_key(entry)]
        elif isinstance(entry, dict):
            if isinstance(entry.get("id"), str):
                found.append(_unit_key(entry["id"]))
            for key in SCOPE_KEYS:
                if isinstance(entry.get(key), dict | str):
                    found.append(_unit_key(_ref(entry[key])))
        found = [k for k in found if k]
        if not found:
            problems.append(_problem("scope_unreadable",
                                     text=json.dumps(entry, ensure_ascii=False)[:120]))
        keys += [k for k in found if k not in keys]
    return keys


def _address(raw, maps: Maps, problems: list) -> dict | None:
    if not isinstance(raw, dict):
        return None
    town_code = _code(_ref(raw.get("obec")), "Obec")
    street = _text((raw.get("ulice") or {}).get("nazev") if isinstance(raw.get("ulice"), dict)
                   else raw.get("ulice"), 150)
    number = str(raw.get("cisloDomovni") or "").strip()
    if raw.get("cisloOrientacni"):
        number = f"{number}/{str(raw['cisloOrientacni']).strip()}" if number else \
            str(raw["cisloOrientacni"]).strip()
    town = maps.town_names.get(town_code, "")
    if town_code and not town:
        problems.append(_problem("town_unknown", code=town_code))
    if not street:  # a village without street names: "Votice 10" is the address
        street = town
    return {"street": " ".join(p for p in (street, number) if p)[:250], "town": town,
            "town_code": town_code, "postal_code": str(raw.get("psc") or "").replace(" ", "")[:10],
            "ruian": str(raw.get("kodAdresnihoMista") or "")[:20]}


def _facilities(entries, maps: Maps, today, problems: list) -> list[dict]:
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            problems.append(_problem("facility_unreadable"))
            continue
        ends = _date(entry.get("poskytujeDo"))
        if ends is not None and ends < today:
            continue  # an ended facility is not a place of the service any more
        hidden = entry.get("utajenaAdresa") is True
        address = _address(entry.get("adresa"), maps, problems)
        # A hidden address keeps only the obec's code, to find the territory; never the rest.
        out.append({"name": _text(entry.get("nazev"), 250), "hidden": hidden,
                    "town_code": (address or {}).get("town_code", ""),
                    "address": None if hidden else address})
    return out


def _forms(entries, problems: list) -> list[dict]:
    forms = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        ref = _ref(entry.get("forma"))
        form = mapping.FORMS.get(_code(ref, "FormaSocialniSluzby"))
        if form is None:
            problems.append(_problem("form_unknown", ref=ref or "?"))
            continue
        capacities = []
        for cap in entry.get("kapacity") or []:
            if not isinstance(cap, dict):
                continue
            cap_ref = _ref(cap.get("typ"))
            unit = mapping.CAPACITY_TYPES.get(_code(cap_ref, "TypKapacitySocialniSluzby"))
            count = cap.get("pocet")
            if unit is None:
                problems.append(_problem("capacity_type_unknown", ref=cap_ref or "?"))
                continue
            if isinstance(count, bool) or not isinstance(count, int | float) or count < 0:
                problems.append(_problem("capacity_unreadable", ref=cap_ref))
                continue
            capacities.append({"unit": unit, "capacity": int(count),
                               "note": _text(cap.get("popis"), 300)})
        forms.append({"form": form, "capacities": capacities})
    return forms


def _target_groups(entries, maps: Maps, problems: list) -> list[str]:
    codes = []
    for entry in entries if isinstance(entries, list) else []:
        ref = _ref(entry)
        code = _code(ref, "CilovaSkupinaOsoby")
        if code not in maps.target_groups:
            problems.append(_problem("target_group_not_in_codebook", ref=ref or "?"))
            continue
        name, mapped = maps.target_groups[code]
        if not mapped:
            problems.append(_problem("target_group_unmapped", name=name))
        elif mapped not in codes:
            codes.append(mapped)
    return codes


def _service_type(value, maps: Maps, problems: list) -> str:
    ref = _ref(value)
    code = _code(ref, "DruhSocialniSluzby")
    if not code:
        problems.append(_problem("type_missing", blocking=True))
        return ""
    if code not in maps.types:
        problems.append(_problem("type_not_in_codebook", blocking=True, ref=ref))
        return ""
    name, mapped = maps.types[code]
    if not mapped:
        problems.append(_problem("type_not_in_taxonomy", blocking=True, name=name))
    return mapped


def normalize(raw: dict, *, maps: Maps, today: datetime.date) -> dict:
    """One registry record in Komplan's terms (JSON-ready), with its problems."""
    problems: list = []
    registry_id = str(raw.get("identifikator") or "").strip()[:40]
    if not registry_id:
        problems.append(_problem("no_identifier", blocking=True))
    provider_raw = raw.get("poskytovatel") if isinstance(raw.get("poskytovatel"), dict) else {}
    ico = "".join(ch for ch in str(provider_raw.get("ico") or "") if ch.isdigit())
    provider = {"name": _text(provider_raw.get("nazev"), 250), "ico": ico.zfill(8) if ico else "",
                **_contacts(provider_raw)}
    service_type = _service_type(raw.get("druhSocialniSluzby"), maps, problems)
    forms = _forms(raw.get("formy"), problems)
    if not forms:
        problems.append(_problem("no_form", blocking=True))
    facilities = _facilities(raw.get("zarizeni"), maps, today, problems)
    scope = _scope(raw.get("rozsirenePusobnostiVKraji"), problems)
    hidden = any(f["hidden"] for f in facilities)
    if hidden and not any(f["town_code"] for f in facilities) and not scope:
        problems.append(_problem("hidden_no_place"))
    ends = _date(raw.get("datumPoskytovaniDo"))
    name = next((f["name"] for f in facilities if f["name"]), "") or (
        taxonomy.name(service_type, "cs") if service_type else "")
    record = {
        "registry_id": registry_id,
        "name": name,
        "service_type": service_type,
        "provider": provider,
        # The service's own contacts, else the provider's (each key on its own).
        "contacts": {key: value or provider[key]
                     for key, value in _contacts(raw).items()},
        "target_groups": _target_groups(raw.get("ciloveSkupiny"), maps, problems),
        "forms": forms,
        "facilities": facilities,
        "hidden_address": hidden,
        "scope": scope,
        "ended_on": ends.isoformat() if ends is not None and ends < today else None,
        "problems": problems,
    }
    return record


def territory_keys(record: dict) -> list[str]:
    """``<level>:<code>`` of every unit the service is in (facilities) or registered for."""
    keys = [f"municipality:{f['town_code']}" for f in record["facilities"] if f["town_code"]]
    return sorted(set(keys) | set(record["scope"]))


def content_hash(record: dict) -> str:
    """A hash of what the record says, to tell a changed service from an unchanged one."""
    return hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def blocking(record: dict) -> bool:
    return any(p["blocking"] for p in record["problems"])


def _root_prefix(stream) -> str:
    """"item" for a bare list, "polozky.item" for the registry's object; the stream is
    rewound."""
    start = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    stream.seek(0)
    if start[:1] == b"[":
        return "item"
    if start[:1] == b"{":
        return "polozky.item"
    raise NotRegistryFile("not_json")


def _has_polozky(stream) -> bool:
    stream.seek(0)
    try:
        for prefix, event, value in ijson.parse(stream):
            if prefix == "" and event == "map_key" and value == "polozky":
                return True
    except ijson.JSONError:
        return False
    return False


def read(stream, *, maps: Maps, today: datetime.date,
         keep: Callable[[dict], bool] | None = None,
         progress: Callable[[int, int], None] | None = None) -> Iterator[dict]:
    """Normalised records of a binary ``stream`` (seekable), those ``keep`` accepts.

    ``progress(bytes_read, records_read)`` is called every 200 records. Raises
    NotRegistryFile when the file is not JSON or has no ``polozky`` list."""
    prefix = _root_prefix(stream)
    count = 0
    try:
        for raw in ijson.items(stream, prefix, use_float=True):
            count += 1
            if progress is not None and count % 200 == 0:
                progress(stream.tell(), count)
            if not isinstance(raw, dict):
                continue
            record = normalize(raw, maps=maps, today=today)
            if keep is None or keep(record):
                yield record
    except ijson.JSONError as error:
        raise NotRegistryFile("bad_json", at=str(error)[:120]) from None
    if count == 0 and prefix == "polozky.item" and not _has_polozky(stream):
        raise NotRegistryFile("no_polozky")
    if progress is not None:
        progress(stream.tell(), count)

