"""Reading territorial codebooks: the Czech registry's kraje/okresy/obce JSON and a CSV layout.

Both give rows of the same shape (``UnitRow``); nothing here writes. The registry's JSON names
every unit by ``"<Codebook>/<code>"`` (``"Obec/529303"``) and its parent the same way; the CSV
(for Slovakia, and for ORP membership, which the registry's codebooks do not carry) has the
columns ``level;code;name;parent;orp;population`` — parent and orp are codes of units loaded in
the same run or before.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub.municipalities.models import TerritorialUnit, stat_code_validator

Level = TerritorialUnit.Level

#: Registry codebook names → levels ("Obec/529303" is a municipality).
REGISTRY_PREFIXES = {"Kraj": Level.REGION, "Okres": Level.DISTRICT, "Orp": Level.ORP,
                     "ORP": Level.ORP, "Obec": Level.MUNICIPALITY}
#: Keys under which a registry entry may name its parent (assumed, tolerated: README).
PARENT_KEYS = ("okres", "kraj", "vusc")
LEVEL_WORDS = {
    "region": Level.REGION, "kraj": Level.REGION,
    "district": Level.DISTRICT, "okres": Level.DISTRICT,
    "orp": Level.ORP,
    "municipality": Level.MUNICIPALITY, "obec": Level.MUNICIPALITY,
}
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    parent: tuple[str, str] | None = None   # (level, code)
    orp: str = ""
    population: int | None = None


def split_reference(reference: str) -> tuple[str, str]:
    """``"Obec/529303"`` → (municipality, "529303"); raises ValidationError when unreadable."""
    prefix, _slash, code = str(reference).partition("/")
    level = REGISTRY_PREFIXES.get(prefix)
    if level is None or not code:
        raise ValidationError(_("Unknown territorial reference “%(ref)s”.") % {"ref": reference})
    stat_code_validator(code)
    return level, code


def _name(entry: dict, language: str = "cs") -> str:
    name = entry.get("nazev")
    if isinstance(name, dict):
        name = name.get(language) or next(iter(name.values()), "")
    return str(name or "").strip()


def registry_rows(raw: bytes) -> tuple[list[UnitRow], list[str]]:
    """Rows of one registry codebook file (``{"polozky": [...]}``) and the errors found."""
    try:
        document = json.loads(raw)
        entries = document["polozky"]
        if not isinstance(entries, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return [], [_("The file is not a registry codebook (JSON with a “polozky” list).")]
    rows, errors = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            if not isinstance(entry, dict):
                raise ValidationError(_("The entry is not an object."))
            level, code = split_reference(entry.get("id", ""))
            name = _name(entry)
            if not name:
                raise ValidationError(_("The entry has no name."))
            parent = None
            for key in PARENT_KEYS:
                if isinstance(entry.get(key), dict) and entry[key].get("id"):
                    parent = split_reference(entry[key]["id"])
                    break
            orp = ""
            if isinstance(entry.get("orp"), dict) and entry["orp"].get("id"):
                orp = split_reference(entry["orp"]["id"])[1]
            rows.append(UnitRow(level=level, code=code, name=name, parent=parent, orp=orp))
        except ValidationError as error:
            errors.append(_("Entry %(n)s: %(why)s") % {"n": number,
                                                       "why": " ".join(error.messages)})
    return rows, errors


_PARENT_LEVEL = {Level.MUNICIPALITY: Level.DISTRICT, Level.DISTRICT: Level.REGION,
                 Level.ORP: Level.REGION, Level.REGION: None}


def csv_rows(raw: bytes) -> tuple[list[UnitRow], list[str]]:
    """Rows of the CSV layout (``;`` or ``,`` separated, UTF-8) and the errors found."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text.")]
    dialect = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    wanted = {"level", "code", "name"}
    if not reader.fieldnames or not wanted <= {f.strip().lower() for f in reader.fieldnames}:
        return [], [_("The file needs the columns level, code and name "
                      "(optional: parent, orp, population).")]
    rows, errors = [], []
    for number, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw_row.items()}
        try:
            level = LEVEL_WORDS.get(row["level"].lower())
            if level is None:
                raise ValidationError(_("Unknown level “%(level)s”.") % {"level": row["level"]})
            stat_code_validator(row["code"])
            if not row["name"]:
                raise ValidationError(_("The name is missing."))
            parent = None
            if row.get("parent"):
                stat_code_validator(row["parent"])
                parent = (_PARENT_LEVEL[level], row["parent"])
                if parent[0] is None:
                    raise ValidationError(_("A region has no parent."))
            if row.get("orp"):
                stat_code_validator(row["orp"])
            population = None
            if row.get("population"):
                if not row["population"].isdigit():
                    raise ValidationError(_("The population must be a whole number."))
                population = int(row["population"])
            rows.append(UnitRow(level=level, code=row["code"], name=row["name"], parent=parent,
                                orp=row.get("orp", ""), population=population))
        except ValidationError as error:
            errors.append(_("Line %(n)s: %(why)s") % {"n": number, "why": " ".join(error.messages)})
    return rows, errors


def read_file(raw: bytes, filename: str) -> tuple[list[UnitRow], list[str]]:
    """Rows and errors of a codebook file, by its extension (.json registry, .csv layout)."""
    if len(raw) > MAX_BYTES:
        return [], [_("The file is larger than 50 MB.")]
    if filename.lower().endswith(".json"):
        return registry_rows(raw)
    if filename.lower().endswith(".csv"):
        return csv_rows(raw)
    return [], [_("Use a registry codebook (.json) or the CSV layout (.csv).")]
