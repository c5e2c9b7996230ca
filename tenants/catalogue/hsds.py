"""Open Referral HSDS 3.0 representation of the catalogue (read-only API and Tabular Data
Package). Objects and required fields as in shared/research/domain.md §4.

Ids are stable UUIDs: organizations, services and locations carry their own ``uuid``;
derived objects (service_at_location, address, schedule, phone, attribute, service_area) get
uuid5 ids from their parent's uuid and a fixed role, so they do not change between requests.
Taxonomy terms have uuid5 ids of their code (``taxonomy.py``).

Komplan's SK/CZ profile: the service type (§ of 448/2008 or 108/2006), the form and target
groups are attributes linking taxonomy terms; the capacity is an attribute whose term is the
capacity unit and whose value is the number; the registry identifier is an attribute of the
taxonomy "registry"; the provider's IČO is an organization_identifier.
"""

import csv
import io
import json
import math
import uuid
import zipfile

from django.db import connection
from django.db.models import Q

from hub import taxonomy
from hub.text import fold
from tenants.catalogue import selectors
from tenants.catalogue.models import Provider, Service

VERSION = "3.0"
PROFILE_PATH = "/hsds/profile/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _id(*parts) -> str:
    return str(uuid.uuid5(taxonomy.NAMESPACE, ":".join(str(p) for p in parts)))


def _iso(value):
    return value.isoformat() if value else None


def _tenant():
    return getattr(connection, "tenant", None)


def _language() -> str:
    return selectors.language()


# Taxonomies ---------------------------------------------------------------------------------

def taxonomy_keys() -> list[str]:
    return [selectors.country(), "form", "target_group", "unit"]


TAXONOMY_DESCRIPTIONS = {
    "SK": "Druhy sociálnych služieb podľa zákona 448/2008 Z. z., §12 a nasl.",
    "CZ": "Druhy sociálních služeb podle zákona 108/2006 Sb., §37–§70.",
    "form": "Forms of social services (SK §13, CZ §33).",
    "target_group": "Target groups of social services (Komplan list for SK and CZ).",
    "unit": "Units of a service's capacity.",
}


def taxonomy_object(key: str) -> dict:
    language = _language()
    names = taxonomy.TAXONOMIES.get(key) or {"en": "Capacity units", "sk": "Jednotky kapacity",
                                             "cs": "Jednotky kapacity"}
    return {"id": taxonomy.taxonomy_uuid(key), "name": names.get(language, names["en"]),
            "description": TAXONOMY_DESCRIPTIONS[key], "uri": None, "version": None,
            "metadata": []}


def _terms_of(key: str):
    if key in ("SK", "CZ"):
        return list(taxonomy.type_groups(key)) + list(taxonomy.service_types(key))
    if key == "form":
        return list(taxonomy.forms(selectors.country()))
    if key == "target_group":
        return list(taxonomy.target_groups())
    return list(taxonomy.units())


def term_object(term, *, key: str | None = None, nested: bool = False) -> dict:
    key = key or taxonomy.taxonomy_of(term.code) or "unit"
    language = _language()
    description = term.name(language)
    if term.paragraph:
        description = f"{description} ({term.paragraph})"
    data = {"id": term.uuid, "code": term.code, "name": term.name(language),
            "description": description,
            "parent_id": taxonomy.term(term.group).uuid if term.group else None,
            "taxonomy": None, "language": language,
            "taxonomy_id": taxonomy.taxonomy_uuid(key), "term_uri": None, "metadata": []}
    if nested:
        data["taxonomy_detail"] = taxonomy_object(key)
    return data


def terms(*, top_only: bool = False, parent_id: str = "", taxonomy_id: str = "") -> list[dict]:
    out = []
    for key in taxonomy_keys():
        if taxonomy_id and taxonomy.taxonomy_uuid(key) != taxonomy_id:
            continue
        for term in _terms_of(key):
            obj = term_object(term, key=key)
            if top_only and obj["parent_id"]:
                continue
            if parent_id and obj["parent_id"] != parent_id:
                continue
            out.append(obj)
    return out


def term_by_id(term_id: str):
    for key in taxonomy_keys():
        for term in _terms_of(key):
            if term.uuid == term_id:
                return term, key
    return None, None


# Organizations -------------------------------------------------------------------------------

def organization_object(provider: Provider, *, full: bool = True) -> dict:
    country = selectors.country()
    data = {"id": str(provider.uuid), "name": provider.name,
            "alternate_name": None, "description": provider.description or provider.name,
            "email": provider.email or None, "website": provider.website or None,
            "tax_status": None, "tax_id": None, "year_incorporated": None,
            "legal_status": provider.legal_form or None, "logo": None, "uri": None,
            "parent_organization_id": None}
    if full:
        data.update({
            "funding": [], "contacts": [], "programs": [], "locations": [], "attributes": [],
            "metadata": [],
            "phones": ([{"id": _id(provider.uuid, "phone"), "organization_id": str(provider.uuid),
                         "number": provider.phone, "type": "voice", "languages": []}]
                       if provider.phone else []),
            "organization_identifiers": ([{
                "id": _id(provider.uuid, "ico"), "organization_id": str(provider.uuid),
                "identifier_scheme": f"{country}-ICO", "identifier_type": "IČO",
                "identifier": provider.ico}] if provider.ico else []),
        })
    return data


# Services ------------------------------------------------------------------------------------

def _attribute(service, code: str, *, value=None, role: str = "") -> dict | None:
    term = taxonomy.term(code)
    if term is None:
        return None
    return {"id": _id(service.uuid, "attribute", role or code), "link_id": str(service.uuid),
            "taxonomy_term_id": term.uuid, "link_type": role or term.kind,
            "link_entity": "service", "value": None if value is None else str(value),
            "taxonomy_term": term_object(term, nested=True), "metadata": []}


def _attributes(service) -> list[dict]:
    items = [_attribute(service, service.service_type, role="service_type"),
             _attribute(service, service.form, role="form")]
    items += [_attribute(service, code, role=f"target_group:{code}")
              for code in service.target_groups]
    # The registered maximum capacity (not free places): one attribute per form and unit,
    # its term the unit, its value the number.
    for line in service.capacities:
        items.append(_attribute(service, line["unit"], value=line["capacity"],
                                role=f"registered_capacity:{line['form']}:{line['unit']}"))
    if service.registry_id:
        items.append({"id": _id(service.uuid, "attribute", "registry"),
                      "link_id": str(service.uuid), "taxonomy_term_id": None,
                      "link_type": "registry_id", "link_entity": "service",
                      "value": service.registry_id, "metadata": []})
    return [item for item in items if item]


def _state_province() -> str:
    tenant = _tenant()
    region = getattr(tenant, "region", None)
    district = getattr(tenant, "district", None)
    return (region.name if region else "") or (district.name if district else "") or "-"


def _location(location, service) -> dict:
    loc_id = str(location.uuid)
    return {
        "id": loc_id, "location_type": "physical", "url": None,
        "organization_id": str(service.provider.uuid),
        "name": location.name or location.address, "alternate_name": None,
        "description": None, "transportation": None,
        "latitude": float(location.latitude) if location.latitude is not None else None,
        "longitude": float(location.longitude) if location.longitude is not None else None,
        "external_identifier": None, "external_identifier_type": None, "languages": [],
        "addresses": [{"id": _id(loc_id, "address"), "location_id": loc_id,
                       "attention": None, "address_1": location.address, "address_2": None,
                       "city": location.town, "region": None,
                       "state_province": _state_province(),
                       "postal_code": location.postal_code or "-",
                       "country": selectors.country(), "address_type": "physical"}],
        "contacts": [], "phones": [], "schedules": [], "attributes": [], "metadata": [],
        "accessibility": ([{"id": _id(loc_id, "accessibility"), "location_id": loc_id,
                            "description": location.accessibility, "details": None,
                            "url": None}] if location.accessibility else []),
    }


def _schedules(location, service, sal_id) -> list[dict]:
    return [{"id": _id(location.uuid, "schedule", h.weekday, h.opens),
             "service_id": None, "location_id": None, "service_at_location_id": sal_id,
             "freq": "WEEKLY", "wkst": "MO", "interval": 1, "byday": DAYS[h.weekday],
             "opens_at": h.opens.strftime("%H:%M"), "closes_at": h.closes.strftime("%H:%M"),
             "timezone": None, "description": None, "attending_type": "in_person",
             "attributes": [], "metadata": []}
            for h in location.hours.all()]


def service_list_object(service) -> dict:
    """The one-to-one fields of a service (HSDS service_list), with its organization."""
    return {
        "id": str(service.uuid), "organization_id": str(service.provider.uuid),
        "program_id": None, "name": service.name, "alternate_name": None,
        "description": service.description or None,
        "url": service.website or None, "email": service.email or None,
        "status": service.status, "interpretation_services": None,
        "application_process": None, "wait_time": None,
        "fees_description": service.fees or None, "accreditations": None,
        "eligibility_description": service.eligibility or None,
        "minimum_age": service.age_from, "maximum_age": service.age_to,
        "assured_date": None, "assurer_email": None, "alert": None,
        "last_modified": _iso(service.updated_at),
        "organization": organization_object(service.provider, full=False),
    }


def _service_areas(service) -> list[dict]:
    """The units the service covers; none named means the municipality's own territory."""
    from tenants.catalogue import coverage

    language = _language()
    if service.covers:
        areas = [(d["key"], d["label"], d["key"]) for d in
                 coverage.describe(service.covers, language)]
    else:
        tenant = _tenant()
        unit = getattr(tenant, "territory", None) if getattr(tenant, "territory_id", None) \
            else None
        key = f"{unit.level}:{unit.code}" if unit else "own"
        areas = [(key, coverage.label(unit, language) if unit else getattr(tenant, "name", ""),
                  key if unit else None)]
    return [{"id": _id(service.uuid, "area", key), "service_id": str(service.uuid),
             "name": name, "description": None, "extent": None, "extent_type": None,
             "uri": None, "metadata": [],
             "attributes": ([{"id": _id(service.uuid, "area", key, "code"),
                              "link_id": _id(service.uuid, "area", key),
                              "taxonomy_term_id": None, "link_type": "territorial_unit",
                              "link_entity": "service_area", "value": code, "metadata": []}]
                            if code else [])}
            for key, name, code in areas]


def service_object(service) -> dict:
    """A service fully nested, as GET /services/{id} returns it."""
    data = service_list_object(service)
    data["organization"] = organization_object(service.provider, full=True)
    sals = []
    # A hidden address is published nowhere: no place, no address (HSDS included).
    for location in ([] if service.hidden_address else service.locations.all()):
        sal_id = _id(service.uuid, "at", location.uuid)
        sals.append({"id": sal_id, "service_id": str(service.uuid),
                     "location_id": str(location.uuid), "description": None,
                     "contacts": [], "phones": [], "attributes": [], "metadata": [],
                     "schedules": _schedules(location, service, sal_id),
                     "location": _location(location, service)})
    phone = service.phone or service.provider.phone
    data.update({
        "phones": ([{"id": _id(service.uuid, "phone"), "service_id": str(service.uuid),
                     "number": phone, "type": "voice", "languages": []}] if phone else []),
        "schedules": [], "service_at_locations": sals,
        "service_areas": _service_areas(service),
        "languages": [], "funding": [], "cost_options": [], "program": None,
        "required_documents": [], "contacts": [], "attributes": _attributes(service),
        "metadata": [],
    })
    return data


# Paging ------------------------------------------------------------------------------------

def _positive(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def page(items_or_qs, params, serialize) -> dict:
    per_page = min(_positive(params.get("per_page"), DEFAULT_PER_PAGE), MAX_PER_PAGE)
    number = _positive(params.get("page"), 1)
    total = items_or_qs.count() if hasattr(items_or_qs, "count") and not isinstance(
        items_or_qs, list) else len(items_or_qs)
    pages = max(1, math.ceil(total / per_page))
    start = (number - 1) * per_page
    chunk = list(items_or_qs[start:start + per_page]) if start < total else []
    contents = [serialize(item) for item in chunk]
    return {"total_items": total, "total_pages": pages, "page_number": number,
            "size": len(contents), "first_page": number == 1, "last_page": number >= pages,
            "empty": total == 0, "contents": contents}


def published():
    """What HSDS publishes: the active services (inactive ones are hidden from the public)."""
    return Service.objects.filter(status=Service.Status.ACTIVE)


def services_queryset(params):
    qs = Service.objects.filter(status=Service.Status.ACTIVE).select_related(
        "provider").order_by("name", "pk")
    search = params.get("search", "")
    if search:
        for word in fold(search).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    if params.get("organization_id"):
        qs = qs.filter(provider__uuid=_uuid_or_none(params["organization_id"]))
    term_id = params.get("taxonomy_term_id")
    if term_id:
        term, _key = term_by_id(term_id)
        if term is None:
            return qs.none()
        if term.kind == "group":
            qs = qs.filter(service_type__in=[t.code for t in taxonomy.service_types(term.country)
                                             if t.group == term.code])
        elif term.kind == "type":
            qs = qs.filter(service_type=term.code)
        elif term.kind == "form":
            qs = qs.filter(Q(form=term.code) | Q(capacities__contains=[{"form": term.code}]))
        elif term.kind == "target_group":
            qs = qs.filter(target_groups__contains=[term.code])
        else:
            qs = qs.filter(capacities__contains=[{"unit": term.code}])
    if params.get("modified_after"):
        from django.utils.dateparse import parse_datetime
        moment = parse_datetime(params["modified_after"].replace(" ", "+"))
        if moment is not None:
            qs = qs.filter(updated_at__gt=moment)
    return qs


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def api_root(base_url: str) -> dict:
    tenant = _tenant()
    return {"version": VERSION, "profile": base_url + PROFILE_PATH,
            # These /hsds/ views' own description (tenants/catalogue/hsds_openapi.py).
            "openapi_url": base_url + "/hsds/openapi.json",
            "publisher": {"name": getattr(tenant, "name", ""),
                          "url": base_url + "/catalogue/"}}


def profile() -> dict:
    return {
        "name": "Komplan SK/CZ social services profile",
        "hsds_version": VERSION,
        "description": __doc__.split("\n\n", 2)[2].strip(),
        "taxonomies": [taxonomy_object(key) for key in taxonomy_keys()],
        "attributes": {
            "service_type": "term of the national taxonomy (SK 448/2008 or CZ 108/2006)",
            "form": "term of the taxonomy of forms", "target_group:<code>": "target group",
            "registered_capacity:<form>:<unit>": "the registered maximum capacity in one form "
                                                 "(term: the unit; value: the number) — not "
                                                 "free places",
            "territorial_unit (on a service_area)": "value is the unit's key "
                                                    "<level>:<statistical code>",
            "registry_id": "value is the national registry identifier",
        },
        "organization_identifier_scheme": f"{selectors.country()}-ICO (verify against "
                                          "org-id.guide)",
    }


# Tabular Data Package --------------------------------------------------------------------

TABLES = {
    "organization": ["id", "name", "description", "email", "website", "legal_status"],
    "organization_identifier": ["id", "organization_id", "identifier_scheme",
                                "identifier_type", "identifier"],
    "service": ["id", "organization_id", "name", "description", "url", "email", "status",
                "fees_description", "eligibility_description", "minimum_age", "maximum_age",
                "last_modified"],
    "location": ["id", "location_type", "organization_id", "name", "latitude", "longitude"],
    "address": ["id", "location_id", "address_1", "city", "state_province", "postal_code",
                "country", "address_type"],
    "accessibility": ["id", "location_id", "description"],
    "service_at_location": ["id", "service_id", "location_id"],
    "schedule": ["id", "service_at_location_id", "freq", "wkst", "interval", "byday",
                 "opens_at", "closes_at", "attending_type"],
    "phone": ["id", "service_id", "organization_id", "number", "type"],
    "service_area": ["id", "service_id", "name"],
    "taxonomy": ["id", "name", "description"],
    "taxonomy_term": ["id", "code", "name", "description", "parent_id", "taxonomy_id",
                      "language"],
    "attribute": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
}
FOREIGN_KEYS = {
    "organization_identifier": [("organization_id", "organization")],
    "service": [("organization_id", "organization")],
    "location": [("organization_id", "organization")],
    "address": [("location_id", "location")],
    "accessibility": [("location_id", "location")],
    "service_at_location": [("service_id", "service"), ("location_id", "location")],
    "schedule": [("service_at_location_id", "service_at_location")],
    "phone": [("service_id", "service"), ("organization_id", "organization")],
    "service_area": [("service_id", "service")],
    "taxonomy_term": [("taxonomy_id", "taxonomy"), ("parent_id", "taxonomy_term")],
    "attribute": [("taxonomy_term_id", "taxonomy_term")],
}
INTEGER = {"minimum_age", "maximum_age", "interval"}
NUMBER = {"latitude", "longitude"}


def tabular_rows() -> dict[str, list[dict]]:
    rows = {name: [] for name in TABLES}
    providers = selectors.providers_public().order_by("name")
    for provider in providers:
        org = organization_object(provider)
        rows["organization"].append(org)
        rows["organization_identifier"] += org["organization_identifiers"]
        rows["phone"] += org["phones"]
    for service in selectors.service_full(published()).order_by("name", "pk"):
        full = service_object(service)
        rows["service"].append(full)
        rows["phone"] += full["phones"]
        rows["service_area"] += full["service_areas"]
        for area in full["service_areas"]:
            rows["attribute"] += area["attributes"]
        rows["attribute"] += full["attributes"]
        for sal in full["service_at_locations"]:
            loc = sal["location"]
            rows["service_at_location"].append(sal)
            rows["schedule"] += sal["schedules"]
            rows["location"].append(loc)
            rows["address"] += loc["addresses"]
            rows["accessibility"] += loc["accessibility"]
    rows["taxonomy"] = [taxonomy_object(key) for key in taxonomy_keys()]
    rows["taxonomy_term"] = terms()
    return rows


# Until a municipality chooses (or where no app keeps the choice): the platform's default.
DEFAULT_LICENCE = ("CC-BY-4.0", "Creative Commons Attribution 4.0",
                   "https://creativecommons.org/licenses/by/4.0/")


def datapackage(municipality_name: str, licence: tuple[str, str, str] = DEFAULT_LICENCE) -> dict:
    resources = []
    for name, fields in TABLES.items():
        schema = {"fields": [{"name": f, "type": "integer" if f in INTEGER else
                              "number" if f in NUMBER else "string",
                              **({"constraints": {"required": True, "unique": True}}
                                 if f == "id" else {})} for f in fields],
                  "primaryKey": "id"}
        keys = [{"fields": col, "reference": {"resource": ref, "fields": "id"}}
                for col, ref in FOREIGN_KEYS.get(name, [])]
        if keys:
            schema["foreignKeys"] = keys
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": schema})
    return {"name": "komplan-hsds", "title": f"{municipality_name} — HSDS {VERSION}",
            "profile": "tabular-data-package",
            "licenses": [{"name": licence[0], "title": licence[1], "path": licence[2]}],
            "resources": resources}


def datapackage_zip(municipality_name: str,
                    licence: tuple[str, str, str] = DEFAULT_LICENCE) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tabular_rows().items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=TABLES[name], extrasaction="ignore",
                                    lineterminator="\r\n")
            writer.writeheader()
            for row in table:
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
            archive.writestr(f"{name}.csv", text.getvalue())
        package = datapackage(municipality_name, licence)
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return out.getvalue()
