"""Import of the Czech national registry's open data (MPSV, ``rpss.json``) for one municipality.

The file (shared/research/domain.md §2) is a list of registered services — bare, or under a
top-level key such as ``polozky`` — each with: ``identifikator``, ``druhSocialniSluzby``,
``zarizeni`` (facility: name, address with ``kodAdresnihoMista`` and ``obec``),
``poskytovatel`` (name, IČO, legal form), ``kontakty`` (``weby`` / ``emaily`` /
``telefony``), ``ciloveSkupiny``, ``vekoveSkupiny`` and ``formy`` (form with ``kapacity`` and
``casoveRozsahy``). Codebook values may come as plain strings or as objects with ``kod`` /
``nazev``; both are read. Statutory bodies (personal data) are never read.

Only services with a facility (or, for field services, a covered municipality) in one of the
given towns are kept. The registry identifier is the stable key: a second import updates.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.text import fold
from tenants.catalogue import services
from tenants.catalogue.models import Provider, Service
from tenants.catalogue.tabular import ImportResult, RowError

MAX_RPSS_BYTES = 50 * 1024 * 1024  # the national file is large; a municipality keeps a slice

_FORMS = {"pobytova": "residential", "ambulantni": "outpatient", "terenni": "field"}
_UNITS = {"luzka": "bed", "luzko": "bed", "klient": "client", "klienti": "client",
          "kontakt": "contact", "kontakty": "contact", "interv": "intervention",
          "intervence": "intervention", "hovor": "call", "hovory": "call"}
_GROUPS = {
    "senior": "seniors", "demenc": "dementia", "telesn": "disability-physical",
    "mentaln": "disability-intellectual", "zrakov": "disability-sensory",
    "sluchov": "disability-sensory", "dusevn": "mental-illness", "chronick": "chronic-illness",
    "rodin": "families", "deti a mladez": "youth", "pecujici": "carers",
    "bez pristresi": "homeless", "v krizi": "crisis", "domaciho nasili": "violence",
    "zavislost": "addiction", "vyloucen": "excluded", "paliativ": "palliative",
    "dluh": "debt",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("nazev") or value.get("kod") or value.get("id") or "")
    return str(value)


def _list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _type_code(value) -> str:
    """Map the registry's druh (a § number, a code or a name) to a ``cz-`` taxonomy code."""
    candidates = []
    if isinstance(value, dict):
        candidates = [value.get("paragraf"), value.get("kod"), value.get("id"), value.get("nazev")]
    else:
        candidates = [value]
    for candidate in candidates:
        if not candidate:
            continue
        text = str(candidate)
        match = re.search(r"§\s*(\d+[a-z]?)", text) or re.fullmatch(r"\s*(\d+[a-z]?)\s*", text)
        if match and taxonomy.term(f"cz-{match.group(1)}"):
            return f"cz-{match.group(1)}"
        for term in taxonomy.service_types("CZ"):
            if fold(term.name("cs")) == fold(text):
                return term.code
    return ""


def _groups(values) -> list[str]:
    out = []
    for value in _list(values):
        folded = fold(_text(value))
        for stem, code in _GROUPS.items():
            if stem in folded and code not in out:
                out.append(code)
    return out


def _ages(values) -> tuple:
    lows, highs = [], []
    for value in _list(values):
        text = _text(value)
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if isinstance(value, dict) and ("od" in value or "do" in value):
            numbers = [value.get("od"), value.get("do")]
        if not numbers:
            continue
        lows.append(numbers[0] if numbers[0] is not None else 0)
        if len(numbers) > 1 and numbers[1] is not None:
            highs.append(numbers[1])
        elif "a vice" not in fold(text) and "nad" not in fold(text) and len(numbers) == 1:
            pass
    return (min(lows) if lows else None), (max(highs) if highs and len(highs) == len(lows)
                                           else None)


def _address(zarizeni: dict) -> dict:
    address = zarizeni.get("adresa") or {}
    if not isinstance(address, dict):
        address = {"text": str(address)}
    street = " ".join(p for p in [_text(address.get("ulice")),
                                  str(address.get("cisloDomovni") or ""),
                                  ("/" + str(address["cisloOrientacni"]))
                                  if address.get("cisloOrientacni") else ""] if p).replace(" /", "/")
    return {"town": _text(address.get("obec")) or _text(address.get("nazevObce")),
            "address": street or address.get("text", "") or _text(address.get("obec")),
            "postal_code": str(address.get("psc") or ""),
            "ruian": str(address.get("kodAdresnihoMista") or "")}


def _records(payload) -> list:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in ("polozky", "items", "data", "socialniSluzby"):
            if isinstance(payload.get(key), list):
                return payload[key]
    raise ValidationError(_("The file does not have the structure of the registry's rpss.json."))


def parse(data: bytes) -> list:
    if len(data) > MAX_RPSS_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.")
                              % {"mb": MAX_RPSS_BYTES // 2**20})
    try:
        return _records(json.loads(data.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(_("The file is not valid JSON.")) from None


def _in_territory(record, towns: set[str]) -> bool:
    for zarizeni in _list(record.get("zarizeni")):
        if isinstance(zarizeni, dict) and fold(_address(zarizeni)["town"]) in towns:
            return True
    for area in _list(record.get("oblastPusobnosti") or record.get("obce")):
        if fold(_text(area)) in towns:
            return True
    return False


def rpss_import(*, user, data: bytes, towns: list[str], commit: bool) -> ImportResult:
    """Keep the registry's services located in ``towns``; all or nothing."""
    records = parse(data)
    wanted = {fold(t) for t in towns if t.strip()}
    if not wanted:
        raise ValidationError(_("Name at least one town of your territory."))
    result = ImportResult()
    try:
        with transaction.atomic():
            for number, record in enumerate(records, start=1):
                if not isinstance(record, dict) or not _in_territory(record, wanted):
                    continue
                try:
                    with transaction.atomic():
                        action = _apply(user, record, wanted)
                except ValidationError as error:
                    messages = (error.messages if not hasattr(error, "error_dict") else
                                [f"{k}: {m}" for k, v in error.message_dict.items() for m in v])
                    result.errors.extend(
                        RowError(number, str(record.get("identifikator", "")), m)
                        for m in messages)
                    continue
                setattr(result, action[0], getattr(result, action[0]) + 1)
                result.rows.append((number, action[0], action[1]))
            if result.errors or not commit:
                raise _Rollback
            result.committed = True
    except _Rollback:
        pass
    return result


class _Rollback(Exception):
    pass


def _apply(user, record, wanted):
    registry_id = str(record.get("identifikator") or "").strip()
    if not registry_id:
        raise ValidationError(_("The service has no identifier."))
    service_type = _type_code(record.get("druhSocialniSluzby"))
    if not service_type:
        raise ValidationError(_("Unknown type of service “%(type)s”.")
                              % {"type": _text(record.get("druhSocialniSluzby"))})
    source = record.get("poskytovatel") or {}
    ico = re.sub(r"\D", "", str(source.get("ico") or ""))
    ico = ico.zfill(8) if ico else ""
    name = _text(source.get("nazev") or source.get("name")) or _("(unnamed provider)")
    provider = (Provider.objects.filter(ico=ico).first() if ico else None) or \
        Provider.objects.filter(name=name).first()
    contacts = record.get("kontakty") or {}
    web = next((_text(w) for w in _list(contacts.get("weby")) if _text(w)), "")
    if web and not web.startswith(("http://", "https://")):
        web = "https://" + web
    email = next((_text(e) for e in _list(contacts.get("emaily")) if _text(e)), "")
    phone = next((_text(p) for p in _list(contacts.get("telefony")) if _text(p)), "")
    provider_data = {"name": name, "ico": ico, "legal_form": _text(source.get("pravniForma")),
                     "website": web, "email": email, "phone": phone}
    if provider is None:
        provider = services.provider_save(user=user, **provider_data)
    forms = _list(record.get("formy"))
    form, capacity, unit = "", None, ""
    for entry in forms:
        code = _FORMS.get(fold(_text(entry.get("forma") if isinstance(entry, dict) else entry)))
        if code and not form:
            form = code
            for cap in _list(entry.get("kapacity") if isinstance(entry, dict) else None):
                if not isinstance(cap, dict):
                    continue
                unit_code = _UNITS.get(fold(_text(cap.get("typ") or cap.get("jednotka"))))
                value = cap.get("hodnota") or cap.get("pocet")
                if unit_code and isinstance(value, (int, float)) and capacity is None:
                    capacity, unit = int(value), unit_code
    if not form:
        raise ValidationError(_("The service has no form (pobytová, ambulantní, terénní)."))
    age_from, age_to = _ages(record.get("vekoveSkupiny"))
    locations = []
    for zarizeni in _list(record.get("zarizeni")):
        if not isinstance(zarizeni, dict):
            continue
        place = _address(zarizeni)
        if not place["town"]:
            continue
        locations.append({"name": _text(zarizeni.get("nazev")), "address": place["address"],
                          "town": place["town"], "postal_code": place["postal_code"][:10],
                          "accessibility": ""})
    areas = [_text(a) for a in _list(record.get("oblastPusobnosti") or record.get("obce"))
             if _text(a)]
    service = Service.objects.filter(registry_id=registry_id).first()
    if service is not None:
        existing = {str(place.town) + "|" + place.address: str(place.uuid)
                    for place in service.locations.all()}
        for loc in locations:
            if loc["town"] + "|" + loc["address"] in existing:
                loc["uuid"] = existing[loc["town"] + "|" + loc["address"]]
    name = _text(record.get("nazev")) or taxonomy.name(service_type, "cs")
    saved = services.service_save(
        user=user, service=service, provider=provider, name=name[:250],
        service_type=service_type, form=form, target_groups=_groups(record.get("ciloveSkupiny")),
        age_from=age_from, age_to=age_to, capacity=capacity, capacity_unit=unit,
        registry_id=registry_id, description=_text(record.get("popis"))[:5000],
        phone=phone, email=email, website=web, areas=areas, locations=locations)
    return ("updated" if service is not None else "created"), saved.name
