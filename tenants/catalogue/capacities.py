"""A service's registered capacity as text: one line per form and unit, "<form> <number>
<unit>" — "terénní 120 klienti", "residential 32 bed" — with names in any of the three
languages or codes. Used by the staff form (one line per row) and the CSV/XLSX column
``capacities`` (lines separated by ";").

The number is the registered maximum capacity (the registry's ``pocet``), never free places.
"""

import functools
import re

from django.utils import translation
from django.utils.translation import gettext as _

from hub import numbers, taxonomy
from hub.text import fold

_LINE = re.compile(r"^(?P<form>.*?)\s*(?P<number>\d[\d\s]*)\s*(?P<unit>.*)$")


@functools.lru_cache(maxsize=8)
def _lookup(terms: tuple) -> dict[str, str]:
    table = {}
    for term in terms:
        table[fold(term.code)] = term.code
        for name in term.names.values():
            table[fold(name)] = term.code
        for name in taxonomy.unit_forms().get(term.code, ()):
            table[fold(name)] = term.code
    return table


def parse(text: str, country: str, existing=None) -> tuple[list[dict], list[str]]:
    """(lines, errors); a line equal to an existing one keeps that one's note."""
    forms, units = _lookup(tuple(taxonomy.forms(country))), _lookup(tuple(taxonomy.units()))
    notes = {(e.get("form"), e.get("unit"), e.get("capacity")): e.get("note", "")
             for e in existing or []}
    lines, errors = [], []
    for part in (text or "").replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        match = _LINE.match(part)
        form = forms.get(fold(match.group("form"))) if match else None
        unit = units.get(fold(match.group("unit"))) if match else None
        if not match or form is None or unit is None:
            errors.append(_("“%(line)s”: write the form, the number and the unit, e.g. "
                            "“terénní 120 klienti”.") % {"line": part})
            continue
        number = int(re.sub(r"\s", "", match.group("number")))
        lines.append({"form": form, "unit": unit, "capacity": number,
                      "note": notes.get((form, unit, number), "")})
    return lines, errors


def render(lines, language: str | None = None, separator: str = "; ") -> str:
    """The lines as text: names in ``language``, or codes when it is None (exports)."""
    out = []
    for line in lines or []:
        if language is None:
            out.append(f"{line['form']} {line['capacity']} {line['unit']}")
        else:
            count = int(line["capacity"])
            with translation.override(language):
                written = numbers.number(count)  # "1 234", grouped as the language groups
            out.append(f"{taxonomy.name(line['form'], language)} {written} "
                       f"{taxonomy.unit_counted(line['unit'], count, language)}")
    return separator.join(out)


def totals(lines) -> dict[str, int]:
    """{unit: sum of capacities} over the lines."""
    out: dict[str, int] = {}
    for line in lines or []:
        out[line["unit"]] = out.get(line["unit"], 0) + int(line["capacity"])
    return out
