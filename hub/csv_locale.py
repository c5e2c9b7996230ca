"""CSV files for spreadsheets, in the reader's conventions: sk/cs ";" and a decimal comma,
English "," and a decimal point; always UTF-8 with a byte-order mark, so Excel reads the
diacritics. Files for machines (open data, HSDS) stay RFC 4180 with points instead."""

import datetime
from decimal import Decimal

from django.utils import translation

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """Text that a spreadsheet shows as text: an apostrophe before a formula's first sign."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Dialect:
    """The separator and decimal mark of the active language, looked up once per file."""

    BOM = "\ufeff"

    def __init__(self, language: str | None = None):
        language = (language or translation.get_language() or "sk")[:2]
        comma = language in ("sk", "cs")
        self.delimiter = ";" if comma else ","
        self.decimal = "," if comma else "."

    def value(self, value) -> str:
        """A cell: numbers with the decimal mark and no grouping (a spreadsheet reads
        "1234,5" as a number, "1 234,5" as text), dates ISO 8601 (every spreadsheet reads
        them as dates in every language), text as it is."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, datetime.datetime):
            return value.isoformat(sep=" ")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, float):
            value = Decimal(repr(value))
        if isinstance(value, Decimal):
            return f"{value:f}".replace(".", self.decimal)
        return str(value)
