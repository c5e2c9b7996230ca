"""Import and export of the catalogue as CSV or XLSX: one row per service, one place per row.

Columns (the header row names them; order is free, unknown columns are ignored):

    id                 the service's UUID — the stable key; empty for a new service
    registry_id        national registry identifier (a second key when id is empty)
    provider_name *    provider_ico, provider_legal_form, provider_website, provider_email,
                       provider_phone, provider_address
    name *             the service's name
    service_type *     a code of the country's taxonomy (cz-49, sk-35) or its name
    form *             residential | outpatient | field | other (SK) — or the name
    target_groups      codes or names separated by ";"
    age_from, age_to
    capacities         the registered capacity, "<form> <number> <unit>" lines separated by
                       ";" ("field 120 client; outpatient 6 client"); older files' capacity +
                       capacity_unit columns are read as one line in the service's form
    status             active | inactive (empty = active)
    description, fees, eligibility, phone, email, website
    covers             territorial units covered, keys or names separated by ";"
                       ("district:3201; Vlašim"); empty = the municipality's own territory
    hidden_address     yes when the address is kept secret (then no place columns)
    place_name, address, town, postal_code, latitude, longitude, accessibility
    hours              e.g. "Po-Pi 08:00-15:30; So 09:00-12:00" (see hours.py)

A row is matched to an existing service by id, else registry_id, else provider + service name,
so importing an exported file again changes nothing and a re-import updates instead of
duplicating. Providers are matched by IČO, else by name. The whole file is applied or nothing.

The import is set-based: every row is checked in memory against the existing rows fetched in
a few queries (nothing is written to find out what a row would do), and the commit writes
with bulk inserts and updates — history rows included.
"""

import copy
import csv
import decimal
import functools
import io
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import csv_locale, taxonomy
from hub.text import fold
from tenants.catalogue import capacities as capacity_text
from tenants.catalogue import coverage, selectors, services
from tenants.catalogue import hours as hours_text
from tenants.catalogue.models import Location, OpeningHours, Provider, Service, search_text
from tenants.history.models import Change
from tenants.history.services import snapshot

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNZIPPED = 40 * 1024 * 1024

PROVIDER_COLUMNS = ["provider_name", "provider_ico", "provider_legal_form", "provider_website",
                    "provider_email", "provider_phone", "provider_address"]
SERVICE_COLUMNS = ["name", "service_type", "form", "target_groups", "age_from", "age_to",
                   "capacities", "status", "description", "fees", "eligibility",
                   "phone", "email", "website", "covers", "hidden_address"]
PLACE_COLUMNS = ["place_name", "address", "town", "postal_code", "latitude", "longitude",
                 "accessibility", "hours"]
COLUMNS = ["id", "registry_id"] + PROVIDER_COLUMNS + SERVICE_COLUMNS + PLACE_COLUMNS
# Read too, from files written before the registered capacity had several lines.
LEGACY_COLUMNS = ["capacity", "capacity_unit"]
REQUIRED = ["provider_name", "name", "service_type", "form"]
# Model field -> column, to put a service's validation message on the right column.
FIELD_COLUMN = {"name": "name", "service_type": "service_type", "form": "form",
                "target_groups": "target_groups", "age_from": "age_from", "age_to": "age_to",
                "capacities": "capacities", "status": "status", "covers": "covers",
                "hidden_address": "hidden_address",
                "email": "email", "website": "website", "phone": "phone",
                "registry_id": "registry_id", "address": "address", "town": "town",
                "postal_code": "postal_code", "latitude": "latitude", "longitude": "longitude",
                "hours": "hours"}
PROVIDER_FIELD_COLUMN = {"name": "provider_name", "ico": "provider_ico",
                         "legal_form": "provider_legal_form", "website": "provider_website",
                         "email": "provider_email", "phone": "provider_phone",
                         "address": "provider_address"}


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    providers_created: int = 0
    errors: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # (line, action, service name)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# Reading files --------------------------------------------------------------------------------

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection); the
# export prefixes such cells with an apostrophe and the import takes it off again.
FORMULA_STARTS = csv_locale.FORMULA_STARTS


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_safe(value) -> str:
    return csv_locale.formula_safe("" if value is None else str(value))


def read_table(data: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """Rows of a CSV or XLSX file as (line number, {column: text}); refuses what it can't read."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    if not data.strip():
        raise ValidationError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        table = _read_xlsx(data)
    else:
        table = _read_csv(data)
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [fold(_cell(h)).replace(" ", "_") for h in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValidationError(_("The header row lacks the columns: %(columns)s. Download an "
                                "export to see the expected format.")
                              % {"columns": ", ".join(missing)})
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append((number, {name: (cells[i] if i < len(cells) else "")
                              for i, name in enumerate(header)
                              if name in COLUMNS or name in LEGACY_COLUMNS}))
    return rows


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1250 decodes almost anything
        raise ValidationError(_("The file is not text in UTF-8 or Windows-1250."))
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV or XLSX file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))[:MAX_ROWS + 2]
    except csv.Error as error:
        raise ValidationError(
            _("The CSV file cannot be read: %(error)s") % {"error": error}) from error


def _read_xlsx(data: bytes) -> list[list]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ValidationError(_("The XLSX file unpacks to too much data."))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("This is not a readable XLSX file.")) from None
    try:
        sheet = book.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 20):
            table.append(list(values))
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        book.close()


# Resolving codes --------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _lookup(terms: tuple) -> dict:
    """Folded codes and names -> code, built once per list of terms (they are law, fixed)."""
    table = {}
    for t in terms:
        table[fold(t.code)] = t.code
        for name in t.names.values():
            table[fold(name)] = t.code
    return table


#: id(terms) -> (terms, its lookup): the taxonomy's lists are cached tuples, the same object
#: on every call, and hashing ~20 terms for lru_cache on each of a file's 8,000 cells cost more
#: than the lookup. The entry keeps its list (an id is not reused while it lives); bounded.
_BY_ID: dict[int, tuple[tuple, dict]] = {}


def _lookup_of(terms) -> dict:
    entry = _BY_ID.get(id(terms))
    if entry is None or entry[0] is not terms:
        if len(_BY_ID) > 64:
            _BY_ID.clear()
        entry = _BY_ID[id(terms)] = (terms, _lookup(tuple(terms)))
    return entry[1]


def _resolve(value: str, terms, column: str, errors: list, line: int) -> str:
    if not value:
        return ""
    code = _lookup_of(terms).get(fold(value))
    if code is None:
        errors.append(RowError(line, column, _("“%(value)s” is not on the list of allowed "
                                               "values.") % {"value": value}))
        return ""
    return code


def _int(value: str, column: str, errors: list, line: int):
    if value == "":
        return None
    try:
        number = int(value.replace(" ", ""))
        if number < 0:
            raise ValueError
        return number
    except ValueError:
        errors.append(RowError(line, column, _("“%(value)s” is not a whole number.")
                               % {"value": value}))
        return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ";").split(";") if part.strip()]


# Import -----------------------------------------------------------------------------------

YES = {"yes", "ano", "áno", "y", "1", "true", "x"}


def _messages(error: ValidationError, columns: dict, line: int) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [RowError(line, columns.get(name) or (name if name in COLUMNS else ""), message)
                for name, errs in error.error_dict.items()
                for e in errs for message in e.messages]
    return [RowError(line, "", message) for message in error.messages]


def _capacities(row: dict, form: str, country: str, errors: list, line: int) -> list[dict]:
    text = row.get("capacities", "")
    if text:
        lines, problems = capacity_text.parse(text, country)
        errors.extend(RowError(line, "capacities", m) for m in problems)
        return lines
    number = _int(row.get("capacity", ""), "capacity", errors, line)
    unit = _resolve(row.get("capacity_unit", ""), taxonomy.units(), "capacity_unit", errors,
                    line)
    if number is not None and not unit:
        errors.append(RowError(line, "capacity_unit", _("Say what the capacity counts (beds, "
                                                        "clients …).")))
    return [{"form": form, "unit": unit, "capacity": number, "note": ""}] \
        if number is not None and unit and form else []


def _parse_row(line: int, row: dict, country: str, covers: dict,
               errors: list) -> tuple[dict, dict, dict]:
    for column in REQUIRED:
        if not row.get(column):
            errors.append(RowError(line, column, _("This column must not be empty.")))
    provider = {field_name: row.get(column, "")
                for field_name, column in PROVIDER_FIELD_COLUMN.items()}
    status = row.get("status", "").lower() or "active"
    if status not in ("active", "inactive", "aktivna", "aktivni", "neaktivna", "neaktivni"):
        errors.append(RowError(line, "status", _("Write active or inactive.")))
    status = "inactive" if status.startswith(("in", "ne")) else "active"
    target_groups = [_resolve(v, taxonomy.target_groups(), "target_groups", errors, line)
                     for v in _split(row.get("target_groups", ""))]
    form = _resolve(row.get("form", ""), taxonomy.forms(country), "form", errors, line)
    keys = []
    for token in coverage.tokens(row.get("covers", "")):
        key, why = covers[token]
        if key:
            keys.append(key)
        else:
            errors.append(RowError(line, "covers", why))
    service = {
        "name": row.get("name", ""),
        "service_type": _resolve(row.get("service_type", ""), taxonomy.service_types(country),
                                 "service_type", errors, line),
        "form": form,
        "target_groups": list(dict.fromkeys(t for t in target_groups if t)),
        "age_from": _int(row.get("age_from", ""), "age_from", errors, line),
        "age_to": _int(row.get("age_to", ""), "age_to", errors, line),
        "capacities": _capacities(row, form, country, errors, line),
        "status": status, "registry_id": row.get("registry_id", ""),
        "description": row.get("description", ""), "fees": row.get("fees", ""),
        "eligibility": row.get("eligibility", ""), "phone": row.get("phone", ""),
        "email": row.get("email", ""), "website": row.get("website", ""),
        "covers": list(dict.fromkeys(keys)),
        "hidden_address": fold(row.get("hidden_address", "")) in YES,
    }
    place = {}
    if any(row.get(c) for c in PLACE_COLUMNS):
        if service["hidden_address"]:
            errors.append(RowError(line, "address", _(
                "A service whose address is kept secret has no place: leave the place "
                "columns empty.")))
        place = {"name": row.get("place_name", ""), "address": row.get("address", ""),
                 "town": row.get("town", ""), "postal_code": row.get("postal_code", ""),
                 "latitude": row.get("latitude", "").replace(",", ".") or None,
                 "longitude": row.get("longitude", "").replace(",", ".") or None,
                 "accessibility": row.get("accessibility", "")}
        try:
            place["hours"] = hours_text.parse(row.get("hours", ""))
        except ValidationError as error:
            errors.extend(RowError(line, "hours", m) for m in error.messages)
    return provider, service, place


@dataclass
class _Plan:
    """What one good row will do."""

    line: int
    action: str                   # created, updated, unchanged
    service: Service
    provider_key: tuple
    place: dict
    before: dict | None = None    # history snapshot of an existing service
    place_changed: bool = False


class _Existing:
    """The rows a file may touch, fetched in a few queries before any row is checked."""

    def __init__(self, parsed):
        ids, registry_ids, icos, names = set(), set(), set(), set()
        for _line, row, provider, service, _place in parsed:
            if row.get("id"):
                ids.add(row["id"])
            if service["registry_id"]:
                registry_ids.add(service["registry_id"])
            if provider["ico"]:
                icos.add(provider["ico"])
            names.add(provider["name"])
        valid_ids = []
        for key in ids:
            try:
                valid_ids.append(uuid.UUID(key))
            except ValueError:
                continue
        self.providers_by_ico = {p.ico: p for p in Provider.objects.filter(ico__in=icos)}
        self.providers_by_name = {}
        for provider in Provider.objects.filter(name__in=names).order_by("-pk"):
            self.providers_by_name[provider.name] = provider  # the oldest wins
        provider_ids = {p.pk for p in self.providers_by_ico.values()} | {
            p.pk for p in self.providers_by_name.values()}
        service_names = {service["name"] for _l, _r, _p, service, _pl in parsed}
        found = selectors.service_full(Service.objects.filter(
            Q(uuid__in=valid_ids) | Q(registry_id__in=registry_ids)
            | Q(provider_id__in=provider_ids, name__in=service_names)))
        self.by_uuid, self.by_registry, self.by_name = {}, {}, {}
        for service in found.order_by("-pk"):
            self.by_uuid[str(service.uuid)] = service
            if service.registry_id:
                self.by_registry[service.registry_id] = service
            self.by_name[(service.provider_id, service.name)] = service
        # Registry ids held by services the file does not name (a row must not steal one).
        self.registry_owner = dict(Service.objects.filter(
            registry_id__in=registry_ids).values_list("registry_id", "pk"))

    def provider(self, data: dict) -> Provider | None:
        if data["ico"] and data["ico"] in self.providers_by_ico:
            return self.providers_by_ico[data["ico"]]
        return self.providers_by_name.get(data["name"])

    def service(self, row: dict, provider: Provider | None, name: str) -> Service | None:
        key = row.get("id", "")
        if key:
            found = self.by_uuid.get(key)
            if found is None:
                raise ValidationError({"id": _("No service has the id “%(id)s”; leave id empty "
                                               "for a new service.") % {"id": key}})
            return found
        if row.get("registry_id") and row["registry_id"] in self.by_registry:
            return self.by_registry[row["registry_id"]]
        if provider is not None:
            return self.by_name.get((provider.pk, name))
        return None


def _place_row(place: dict) -> dict:
    """A place as export_row writes it (to tell whether a row changes the first place)."""
    if not place:
        return dict.fromkeys(PLACE_COLUMNS, "")
    return {"place_name": place.get("name", ""), "address": place.get("address", ""),
            "town": place.get("town", ""), "postal_code": place.get("postal_code", ""),
            "latitude": "" if place.get("latitude") in (None, "") else
            f"{decimal.Decimal(str(place['latitude'])):f}",
            "longitude": "" if place.get("longitude") in (None, "") else
            f"{decimal.Decimal(str(place['longitude'])):f}",
            "accessibility": place.get("accessibility", ""),
            "hours": hours_text.render([OpeningHours(weekday=d, opens=o, closes=c)
                                        for d, o, c in services.hours_rows(
                                            place.get("hours", []))], "en")}


def _existing_place(service: Service) -> dict:
    row = export_row(service)
    return {column: row[column] for column in PLACE_COLUMNS}


def _new_location(place: dict, service: Service, position: int = 0) -> Location:
    return Location(service=service, name=place.get("name", ""), address=place["address"],
                    town=place["town"], postal_code=place.get("postal_code", ""),
                    latitude=place.get("latitude"), longitude=place.get("longitude"),
                    accessibility=place.get("accessibility", ""), position=position)


def catalogue_import(*, user, rows: list[tuple[int, dict]], commit: bool,
                     progress=None) -> ImportResult:
    """Check every row and apply them all, or (with errors, or commit=False) none of them.

    ``progress(done, total)`` is told how far the check has got."""
    result = ImportResult()
    country = selectors.country()
    covers = coverage.resolve_tokens(
        {token for _line, row in rows for token in coverage.tokens(row.get("covers", ""))})
    parsed = []
    for line, row in rows:
        errors = []
        provider_data, service_data, place = _parse_row(line, row, country, covers, errors)
        if errors:
            result.errors.extend(errors)
            continue
        parsed.append((line, row, provider_data, service_data, place))
    existing = _Existing(parsed)
    new_providers, provider_updates, plans, seen, claimed = {}, {}, [], {}, {}
    for number, (line, row, provider_data, service_data, place) in enumerate(parsed, start=1):
        if progress is not None and number % 250 == 0:
            progress(number, len(parsed))
        try:
            plan = _plan_row(line, row, provider_data, service_data, place, existing,
                             new_providers, provider_updates)
        except ValidationError as error:
            result.errors.extend(_messages(error, {**FIELD_COLUMN, "id": "id"}, line))
            continue
        key = plan.service.pk or ("new",) + plan.provider_key + (plan.service.name,)
        if key in seen:
            result.errors.append(RowError(line, "id", _(
                "The same service as on line %(line)s.") % {"line": seen[key]}))
            continue
        seen[key] = line
        registry_id = plan.service.registry_id
        if registry_id:
            owner = existing.registry_owner.get(registry_id)
            if registry_id in claimed or (owner is not None and owner != plan.service.pk):
                result.errors.append(RowError(line, "registry_id", _(
                    "Another service already has the registry identifier %(id)s.")
                    % {"id": registry_id}))
                continue
            claimed[registry_id] = line
        plans.append(plan)
        setattr(result, plan.action, getattr(result, plan.action) + 1)
        result.rows.append((line, plan.action, plan.service.name))
    result.providers_created = len(new_providers)
    result.errors.sort(key=lambda e: (e.line, e.column))
    if result.errors or not commit:
        return result
    _write(user, plans, new_providers, provider_updates)
    result.committed = True
    return result


def _provider_for(provider_data, existing, new_providers, provider_updates):
    provider = existing.provider(provider_data)
    if provider is None:
        key = ("ico", provider_data["ico"]) if provider_data["ico"] else \
            ("name", provider_data["name"])
        if key not in new_providers:
            candidate = Provider(**provider_data)
            try:
                candidate.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                raise ValidationError({PROVIDER_FIELD_COLUMN.get(k, k): v for k, v in
                                       error.message_dict.items()}) from None
            new_providers[key] = candidate
        return new_providers[key], key
    changed = {k: v for k, v in provider_data.items() if v and getattr(provider, k) != v}
    if changed:
        candidate = Provider(**{**{f: getattr(provider, f) for f in services.PROVIDER_FIELDS},
                                **changed})
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({PROVIDER_FIELD_COLUMN.get(k, k): v for k, v in
                                   error.message_dict.items()}) from None
        provider_updates.setdefault(provider.pk, (provider, {}))[1].update(changed)
    return provider, ("pk", provider.pk)


def _plan_row(line, row, provider_data, service_data, place, existing, new_providers,
              provider_updates) -> _Plan:
    provider, provider_key = _provider_for(provider_data, existing, new_providers,
                                           provider_updates)
    found = existing.service(row, provider if provider.pk else None, service_data["name"])
    service = copy.copy(found) if found is not None else Service()
    before_row = export_row(found) if found is not None else None
    before = snapshot(found, services.SERVICE_FIELDS) if found is not None else None
    for name, value in service_data.items():
        setattr(service, name, value)
    service.provider = provider
    if not service.registry_id and found is not None and "registry_id" not in row:
        service.registry_id = found.registry_id
    service.full_clean(exclude=["provider"], validate_unique=False, validate_constraints=False)
    if found is None:
        return _Plan(line, "created", service, provider_key, place)
    place_changed = _place_row(place) != _existing_place(found) if place else bool(
        service.hidden_address and found.locations.all())
    after_row = {**_service_columns(service), **(_place_row(place) if place else
                                                 _existing_place(found))}
    if service.hidden_address:
        after_row.update(dict.fromkeys(PLACE_COLUMNS, ""))
    before_row = {k: v for k, v in before_row.items() if k not in PROVIDER_COLUMNS}
    if before_row == after_row and provider.pk == found.provider_id:
        return _Plan(line, "unchanged", service, provider_key, place)
    return _Plan(line, "updated", service, provider_key, place, before=before,
                 place_changed=place_changed)


def _write(user, plans, new_providers, provider_updates) -> None:
    """Apply checked rows with bulk writes; history rows in bulk too."""
    user = user if getattr(user, "is_authenticated", False) else None
    changes = []
    with transaction.atomic():
        providers = list(new_providers.values())
        for provider in providers:
            provider.search_text = fold(" ".join([provider.name, provider.ico,
                                                  provider.legal_form]))
        Provider.objects.bulk_create(providers)
        changes += [_change(p, Change.Action.CREATED, user,
                            after=snapshot(p, services.PROVIDER_FIELDS)) for p in providers]
        updated_providers = []
        for provider, changed in provider_updates.values():
            before = snapshot(provider, services.PROVIDER_FIELDS)
            for name, value in changed.items():
                setattr(provider, name, value)
            provider.search_text = fold(" ".join([provider.name, provider.ico,
                                                  provider.legal_form]))
            updated_providers.append(provider)
            changes.append(_change(provider, Change.Action.UPDATED, user, before=before,
                                   after=snapshot(provider, services.PROVIDER_FIELDS)))
        if updated_providers:
            Provider.objects.bulk_update(updated_providers, services.PROVIDER_FIELDS +
                                         ["search_text", "updated_at"], batch_size=500)
        work = [plan for plan in plans if plan.action != "unchanged"]
        names = {d["key"]: d["name"] for d in coverage.describe(
            sorted({k for plan in work for k in plan.service.covers}), "cs")}
        now = timezone.now()
        for plan in work:
            service = plan.service
            provider = service.provider
            # Assigned again now that it has a pk: sets provider_id and keeps the cached
            # object (setting provider_id alone would drop it and cost a query a row).
            service.provider = provider
            service.search_text = search_text(
                service, provider_name=provider.name,
                cover_names=[names.get(k, k) for k in service.covers])
            service.updated_at = now
        created = [p.service for p in work if p.action == "created"]
        for service in created:
            service.created_at = now
        Service.objects.bulk_create(created, batch_size=500)
        updated = [p.service for p in work if p.action == "updated"]
        Service.objects.bulk_update(updated, list(services.SERVICE_FIELDS) +
                                    ["search_text", "updated_at"], batch_size=500)
        _write_places(work)
        for plan in work:
            after = snapshot(plan.service, services.SERVICE_FIELDS)
            changes.append(_change(plan.service, Change.Action.CREATED if plan.action ==
                                   "created" else Change.Action.UPDATED, user,
                                   before=plan.before, after=after))
        Change.objects.bulk_create([c for c in changes if c is not None], batch_size=1000)
        if work or providers or updated_providers:
            services.catalogue_touched()


def _write_places(work) -> None:
    """The first place of each row (further places stay), hidden addresses without any."""
    drop_all = [p.service.pk for p in work if p.action == "updated" and
                p.service.hidden_address]
    replace = [p for p in work if p.place and (p.action == "created" or p.place_changed)]
    first_ids = {}
    if replace:
        for loc_id, service_id in Location.objects.filter(
                service_id__in=[p.service.pk for p in replace if p.action == "updated"]).order_by(
                "service_id", "position", "pk").values_list("pk", "service_id"):
            first_ids.setdefault(service_id, loc_id)
    if drop_all:
        Location.objects.filter(service_id__in=drop_all).delete()
    if first_ids:
        Location.objects.filter(pk__in=list(first_ids.values())).delete()
    locations, hours = [], []
    for plan in replace:
        location = _new_location(plan.place, plan.service)
        location.full_clean(exclude=["service"], validate_unique=False)
        locations.append((location, plan.place.get("hours", [])))
    Location.objects.bulk_create([loc for loc, _h in locations], batch_size=500)
    for location, rows in locations:
        hours += [OpeningHours(location=location, weekday=d, opens=o, closes=c)
                  for d, o, c in services.hours_rows(rows)]
    OpeningHours.objects.bulk_create(hours, batch_size=1000)


def _change(obj, action, user, *, before=None, after=None) -> Change | None:
    changes = {}
    if before is not None and after is not None:
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changes:
            return None
    return Change(subject=obj._meta.label_lower, object_id=obj.pk, object_repr=str(obj)[:300],
                  action=action, changes=changes, user=user)


# Export -----------------------------------------------------------------------------------

def _service_columns(service: Service) -> dict:
    return {
        "id": str(service.uuid), "registry_id": service.registry_id,
        "name": service.name, "service_type": service.service_type, "form": service.form,
        "target_groups": "; ".join(service.target_groups),
        "age_from": "" if service.age_from is None else str(service.age_from),
        "age_to": "" if service.age_to is None else str(service.age_to),
        "capacities": capacity_text.render(service.capacities),
        "status": service.status,
        "description": service.description, "fees": service.fees,
        "eligibility": service.eligibility, "phone": service.phone, "email": service.email,
        "website": service.website, "covers": "; ".join(service.covers),
        "hidden_address": "yes" if service.hidden_address else "",
    }


def export_row(service: Service) -> dict:
    provider = service.provider
    place = next(iter(service.locations.all()), None)
    row = {"provider_name": provider.name, "provider_ico": provider.ico,
           "provider_legal_form": provider.legal_form, "provider_website": provider.website,
           "provider_email": provider.email, "provider_phone": provider.phone,
           "provider_address": provider.address, **_service_columns(service)}
    row.update(dict.fromkeys(PLACE_COLUMNS, ""))
    if place is not None and not service.hidden_address:
        row.update({"place_name": place.name, "address": place.address, "town": place.town,
                    "postal_code": place.postal_code,
                    "latitude": "" if place.latitude is None else f"{place.latitude:f}",
                    "longitude": "" if place.longitude is None else f"{place.longitude:f}",
                    "accessibility": place.accessibility,
                    "hours": hours_text.render(place.hours.all(), "en")})
    return row


def export_rows() -> list[dict]:
    return [export_row(s) for s in selectors.service_full().order_by("provider__name", "name",
                                                                      "pk")]


#: Columns holding a decimal number, written with the reader's decimal mark.
DECIMAL_COLUMNS = ("latitude", "longitude")


def export_csv() -> bytes:
    """The catalogue as CSV in the active language's conventions (hub/csv_locale.py): ";" and
    "48,1486" in sk/cs, "," and "48.1486" in English. The import reads either back."""
    dialect = csv_locale.Dialect()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n",
                            delimiter=dialect.delimiter)
    writer.writeheader()
    for row in export_rows():
        for column in DECIMAL_COLUMNS:
            row[column] = row[column].replace(".", dialect.decimal)
        writer.writerow({column: _csv_safe(value) for column, value in row.items()})
    return (dialect.BOM + out.getvalue()).encode("utf-8")


def export_xlsx() -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("services")
    sheet.append(COLUMNS)

    def text_cell(value):
        # Never a formula: a description starting with "=" stays text when opened in Excel.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell

    for row in export_rows():
        sheet.append([text_cell(row[c]) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
