"""Reading demography files: the Czech statistical office's long CSV layout and the simple
template (code, year, age band, count). Pure parsing: rows out, every bad row reported."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tenants.analysis import spreadsheet

#: Columns that tell the statistical office's layout from the template.
CZSO_VALUE = "hodnota"
TEMPLATE_COLUMNS = {
    "code": ("code", "kod", "kód", "uzemi_kod", "vuzemi_kod"),
    "year": ("year", "rok"),
    "age_band": ("age_band", "age", "vek", "věk", "vek_txt", "vekova_skupina", "veková skupina",
                 "věková skupina"),
    "count": ("count", "pocet", "počet", "hodnota", "value"),
    "sex": ("sex", "pohlavi", "pohlavie", "pohlaví"),
}
MAX_ROWS = 500_000


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Rows of areas that are not this municipality's (a national file has every obec).
    skipped: int = 0
    layout: str = ""


def _text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError


_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:-|–|až|do|to)\s*(\d{1,3})")
_OPEN = re.compile(r"^\s*(\d{1,3})\s*(?:\+|a\s+více|a\s+viac|a\s+starší|and\s+over|or\s+more)",
                   re.IGNORECASE)
_TOTALS = {"", "total", "celkem", "spolu", "úhrn", "uhrn", "all", "všetci", "všichni"}


def age_band(text: str) -> tuple[int | None, int | None] | None:
    """(from, to) of an age band as files write it: "0-14", "0 až 5 (… méně než 5)" (the
    statistical office's bands include the lower bound only), "80+", "95 a více"; (None, None)
    for all ages; None when it cannot be read."""
    text = (text or "").strip()
    if text.lower() in _TOTALS:
        return None, None
    opened = _OPEN.match(text)
    if opened:
        return int(opened.group(1)), None
    ranged = _RANGE.match(text)
    if ranged:
        low, high = int(ranged.group(1)), int(ranged.group(2))
        if "méně než" in text or "menej ako" in text or "less than" in text:
            high -= 1
        return (low, high) if low <= high else None
    return None


_SEXES = {"": "t", "t": "t", "total": "t", "celkem": "t", "spolu": "t", "0": "t",
          "1": "m", "m": "m", "muž": "m", "muži": "m", "muži a ženy": "t", "men": "m",
          "2": "f", "f": "f", "ž": "f", "z": "f", "žena": "f", "ženy": "f", "women": "f"}


def _sex(text: str) -> str | None:
    return _SEXES.get((text or "").strip().lower())


def _count(text: str) -> int | None:
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    return int(cleaned) if cleaned.isdigit() else None


def _year(text: str) -> int | None:
    found = re.match(r"^\s*(\d{4})", text or "")
    year = int(found.group(1)) if found else None
    return year if year and 1900 <= year <= 2100 else None


def _reader(text: str) -> csv.DictReader:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    return reader


def _column(names: list[str], key: str) -> str | None:
    return next((n for n in TEMPLATE_COLUMNS[key] if n in names), None)


def parse(data: bytes, areas: dict[str, str]) -> Parsed:
    """Rows {area_code, area_name, year, sex, age_from, age_to, count} of the areas given
    ({code: name}); every bad row of those areas is an error in the active language."""
    parsed = Parsed()
    try:
        text = spreadsheet.to_csv_text(data) if spreadsheet.is_xlsx(data) else _text(data)
    except ValueError:
        parsed.errors.append(_("The file is neither a text (CSV) file in UTF-8 or Windows-1250 "
                               "nor a readable spreadsheet (XLSX)."))
        return parsed
    reader = _reader(text)
    names = reader.fieldnames
    if CZSO_VALUE in names and ("vuzemi_kod" in names or "uzemi_kod" in names):
        parsed.layout = "czso"
        columns = {"code": "vuzemi_kod" if "vuzemi_kod" in names else "uzemi_kod",
                   "name": "vuzemi_txt" if "vuzemi_txt" in names else None,
                   "year": "casref_do", "count": CZSO_VALUE,
                   "age_band": "vek_txt" if "vek_txt" in names else None,
                   "age_code": "vek_kod" if "vek_kod" in names else None,
                   "sex": "pohlavi_kod" if "pohlavi_kod" in names else None}
        if "casref_do" not in names:
            parsed.errors.append(_("The file has no column “casref_do” (the date the counts "
                                   "are for)."))
            return parsed
    else:
        parsed.layout = "template"
        columns = {key: _column(names, key) for key in TEMPLATE_COLUMNS}
        columns["name"] = None
        missing = [key for key in ("code", "year", "age_band", "count") if not columns[key]]
        if missing:
            parsed.errors.append(_("The file needs the columns code, year, age_band and count "
                                   "(missing: %(missing)s).") % {"missing": ", ".join(missing)})
            return parsed
    seen = {}
    for number, line in enumerate(reader, start=2):
        if number > MAX_ROWS:
            parsed.errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            break
        if not any((value or "").strip() for value in line.values() if isinstance(value, str)):
            continue
        code = (line.get(columns["code"]) or "").strip()
        if code not in areas:
            parsed.skipped += 1
            continue
        problems = []
        year = _year(line.get(columns["year"]))
        if year is None:
            problems.append(_("the year “%(value)s” is not a year") % {
                "value": line.get(columns["year"]) or ""})
        count = _count(line.get(columns["count"]))
        if count is None:
            problems.append(_("the count “%(value)s” is not a whole number") % {
                "value": line.get(columns["count"]) or ""})
        age_text = line.get(columns["age_band"]) if columns["age_band"] else ""
        if not (age_text or "").strip() and columns.get("age_code") and \
                (line.get(columns["age_code"]) or "").strip():
            band = None
            age_text = line.get(columns["age_code"])
        else:
            band = age_band(age_text)
        if band is None:
            problems.append(_("the age band “%(value)s” is not understood (write e.g. 0-14, "
                              "80+ or total)") % {"value": age_text or ""})
        sex = _sex(line.get(columns["sex"]) if columns["sex"] else "")
        if sex is None:
            problems.append(_("the sex “%(value)s” is not understood (t, m or f)") % {
                "value": line.get(columns["sex"]) or ""})
        if not problems:
            key = (code, year, sex, band)
            if key in seen:
                problems.append(_("the same area, year, sex and age band is on row %(row)s") % {
                    "row": seen[key]})
            seen[key] = number
        if problems:
            parsed.errors.append(_("Row %(row)s: %(problems)s.") % {
                "row": number, "problems": "; ".join(problems)})
            continue
        name = (line.get(columns["name"]) or "").strip() if columns["name"] else ""
        parsed.rows.append({"area_code": code, "area_name": name or areas[code], "year": year,
                            "sex": sex, "age_from": band[0], "age_to": band[1],
                            "count": count})
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("The file has no rows for this municipality's areas "
                               "(statistical codes %(codes)s).") % {
            "codes": ", ".join(sorted(areas)) or "—"})
    return parsed
