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
    age_from, age_to, capacity, capacity_unit (bed | client | contact | intervention | call)
    status             active | inactive (empty = active)
    description, fees, eligibility, phone, email, website
    areas              municipalities covered, separated by ";"
    place_name, address, town, postal_code, latitude, longitude, accessibility
    hours              e.g. "Po-Pi 08:00-15:30; So 09:00-12:00" (see hours.py)

A row is matched to an existing service by id, else registry_id, else provider + service name,
so importing an exported file again changes nothing and a re-import updates instead of
duplicating. Providers are matched by IČO, else by name. The whole file is applied or nothing.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.text import fold
from tenants.catalogue import hours as hours_text
from tenants.catalogue import selectors, services
from tenants.catalogue.models import Provider, Service

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNZIPPED = 40 * 1024 * 1024

PROVIDER_COLUMNS = ["provider_name", "provider_ico", "provider_legal_form", "provider_website",
                    "provider_email", "provider_phone", "provider_address"]
SERVICE_COLUMNS = ["name", "service_type", "form", "target_groups", "age_from", "age_to",
                   "capacity", "capacity_unit", "status", "description", "fees", "eligibility",
                   "phone", "email", "website", "areas"]
PLACE_COLUMNS = ["place_name", "address", "town", "postal_code", "latitude", "longitude",
                 "accessibility", "hours"]
COLUMNS = ["id", "registry_id"] + PROVIDER_COLUMNS + SERVICE_COLUMNS + PLACE_COLUMNS
REQUIRED = ["provider_name", "name", "service_type", "form"]
# Model field -> column, to put a service's validation message on the right column.
FIELD_COLUMN = {"name": "name", "service_type": "service_type", "form": "form",
                "target_groups": "target_groups", "age_from": "age_from", "age_to": "age_to",
                "capacity": "capacity", "capacity_unit": "capacity_unit", "status": "status",
                "email": "email", "website": "website", "phone": "phone",
                "registry_id": "registry_id", "address": "address", "town": "town",
                "postal_code": "postal_code", "latitude": "latitude", "longitude": "longitude",
                "hours": "hours", "areas": "areas"}
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
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
                              for i, name in enumerate(header) if name in COLUMNS}))
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

def _lookup(terms) -> dict:
    table = {}
    for t in terms:
        table[fold(t.code)] = t.code
        for name in t.names.values():
            table[fold(name)] = t.code
    return table


def _resolve(value: str, terms, column: str, errors: list, line: int) -> str:
    if not value:
        return ""
    code = _lookup(terms).get(fold(value))
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

class _Rollback(Exception):
    pass


def _messages(error: ValidationError, columns: dict, line: int) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [RowError(line, columns.get(name) or (name if name in COLUMNS else ""), message)
                for name, errs in error.error_dict.items()
                for e in errs for message in e.messages]
    return [RowError(line, "", message) for message in error.messages]


def _parse_row(line: int, row: dict, country: str, errors: list) -> tuple[dict, dict, dict]:
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
    service = {
        "name": row.get("name", ""),
        "service_type": _resolve(row.get("service_type", ""), taxonomy.service_types(country),
                                 "service_type", errors, line),
        "form": _resolve(row.get("form", ""), taxonomy.forms(country), "form", errors, line),
        "target_groups": [t for t in target_groups if t],
        "age_from": _int(row.get("age_from", ""), "age_from", errors, line),
        "age_to": _int(row.get("age_to", ""), "age_to", errors, line),
        "capacity": _int(row.get("capacity", ""), "capacity", errors, line),
        "capacity_unit": _resolve(row.get("capacity_unit", ""), taxonomy.units(),
                                  "capacity_unit", errors, line),
        "status": status, "registry_id": row.get("registry_id", ""),
        "description": row.get("description", ""), "fees": row.get("fees", ""),
        "eligibility": row.get("eligibility", ""), "phone": row.get("phone", ""),
        "email": row.get("email", ""), "website": row.get("website", ""),
        "areas": _split(row.get("areas", "")),
    }
    place = {}
    if any(row.get(c) for c in PLACE_COLUMNS):
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


def _find_provider(data: dict) -> Provider | None:
    if data["ico"]:
        found = Provider.objects.filter(ico=data["ico"]).first()
        if found:
            return found
    return Provider.objects.filter(name=data["name"]).order_by("pk").first()


def _find_service(row: dict, provider: Provider | None, name: str) -> Service | None:
    key = row.get("id", "")
    if key:
        return Service.objects.filter(uuid=key).first() or _missing_id(key)
    if row.get("registry_id"):
        found = Service.objects.filter(registry_id=row["registry_id"]).first()
        if found:
            return found
    if provider is not None:
        return Service.objects.filter(provider=provider, name=name).order_by("pk").first()
    return None


def _missing_id(key):
    raise ValidationError({"id": _("No service has the id “%(id)s”; leave id empty for a "
                                   "new service.") % {"id": key}})


def catalogue_import(*, user, rows: list[tuple[int, dict]], commit: bool) -> ImportResult:
    """Check every row and apply them all, or (with errors, or commit=False) none of them."""
    result = ImportResult()
    country = selectors.country()
    seen = {}
    try:
        with transaction.atomic():
            for line, row in rows:
                errors = []
                provider_data, service_data, place = _parse_row(line, row, country, errors)
                if errors:
                    result.errors.extend(errors)
                    continue
                try:
                    with transaction.atomic():
                        action = _apply(user, row, provider_data, service_data, place, result)
                except ValidationError as error:
                    result.errors.extend(_messages(error, {**FIELD_COLUMN, "id": "id"}, line))
                    continue
                key = action[1]
                if key in seen:
                    result.errors.append(RowError(line, "id", _(
                        "The same service as on line %(line)s.") % {"line": seen[key]}))
                    continue
                seen[key] = line
                setattr(result, action[0], getattr(result, action[0]) + 1)
                result.rows.append((line, action[0], service_data["name"]))
            if result.errors or not commit:
                raise _Rollback
            result.committed = True
    except _Rollback:
        pass
    result.errors.sort(key=lambda e: (e.line, e.column))
    return result


def _apply(user, row, provider_data, service_data, place, result):
    provider = _find_provider(provider_data)
    if provider is None:
        try:
            provider = services.provider_save(user=user, **provider_data)
        except ValidationError as error:
            raise ValidationError({PROVIDER_FIELD_COLUMN.get(k, k): v for k, v in
                                   error.message_dict.items()}) from None
        result.providers_created += 1
    else:
        changed = {k: v for k, v in provider_data.items() if v and getattr(provider, k) != v}
        if changed:
            try:
                services.provider_save(user=user, provider=provider, **changed)
            except ValidationError as error:
                raise ValidationError({PROVIDER_FIELD_COLUMN.get(k, k): v for k, v in
                                       error.message_dict.items()}) from None
    service = _find_service(row, provider, service_data["name"])
    before = export_row(service) if service else None
    locations = services.first_place(service, place)
    with transaction.atomic():  # a savepoint: a row that changes nothing is undone whole
        saved = services.service_save(user=user, service=service, provider=provider,
                                      locations=locations, **service_data)
        if before is None:
            return "created", saved.pk
        if export_row(selectors.service_full().get(pk=saved.pk)) == before:
            # Otherwise re-importing an export would move every service's "last modified"
            # (HSDS modified_after, the catalogue's date) and write history for nothing.
            transaction.set_rollback(True)
            return "unchanged", saved.pk
    return "updated", saved.pk


# Export -----------------------------------------------------------------------------------

def export_row(service: Service) -> dict:
    provider = service.provider
    place = next(iter(service.locations.all()), None)
    row = {
        "id": str(service.uuid), "registry_id": service.registry_id,
        "provider_name": provider.name, "provider_ico": provider.ico,
        "provider_legal_form": provider.legal_form, "provider_website": provider.website,
        "provider_email": provider.email, "provider_phone": provider.phone,
        "provider_address": provider.address,
        "name": service.name, "service_type": service.service_type, "form": service.form,
        "target_groups": "; ".join(service.target_groups),
        "age_from": "" if service.age_from is None else str(service.age_from),
        "age_to": "" if service.age_to is None else str(service.age_to),
        "capacity": "" if service.capacity is None else str(service.capacity),
        "capacity_unit": service.capacity_unit, "status": service.status,
        "description": service.description, "fees": service.fees,
        "eligibility": service.eligibility, "phone": service.phone, "email": service.email,
        "website": service.website, "areas": "; ".join(service.areas),
    }
    row.update(dict.fromkeys(PLACE_COLUMNS, ""))
    if place is not None:
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


def export_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: _csv_safe(value) for column, value in row.items()}
                     for row in export_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


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
