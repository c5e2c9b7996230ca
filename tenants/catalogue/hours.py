"""Weekly opening hours as text, the same in the staff form and in CSV/XLSX files.

    "Po 08:00-15:30; Ut 08:00-12:00; Ut 13:00-16:00"

Days are two-letter abbreviations in Slovak/Czech (Po Ut St Št/Čt Pi/Pá So Ne) or English
(Mo Tu We Th Fr Sa Su), any case, with or without diacritics; a range "Po-Pi 8:00-15:30"
expands to every day in it. Entries are separated by ";" or new lines.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hub.text import fold

_DAYS = {
    "po": 0, "mo": 0, "ut": 1, "tu": 1, "st": 2, "we": 2, "st.": 2, "th": 3, "ct": 3,
    "fr": 4, "pi": 4, "pa": 4, "so": 5, "sa": 5, "ne": 6, "su": 6,
}
# "Št" (SK Thursday) folds to "st" like "St" (Wednesday): keep it apart before folding.
_THURSDAY = {"št", "Št", "ŠT", "čt", "Čt", "ČT"}
ABBREVIATIONS = {
    "sk": ["Po", "Ut", "St", "Št", "Pi", "So", "Ne"],
    "cs": ["Po", "Út", "St", "Čt", "Pá", "So", "Ne"],
    "en": ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
}
_ENTRY = re.compile(r"^\s*(?P<d1>[^\s\d\-–]+)\s*(?:[-–]\s*(?P<d2>[^\s\d\-–]+))?\s+"
                    r"(?P<o>\d{1,2}[:.]\d{2})\s*[-–]\s*(?P<c>\d{1,2}[:.]\d{2})\s*$")


def _day(token: str) -> int:
    if token in _THURSDAY:
        return 3
    day = _DAYS.get(fold(token).rstrip("."))
    if day is None:
        raise ValidationError(_("Unknown day “%(day)s”; write Po, Ut, St, Št/Čt, Pi/Pá, So, "
                                "Ne or Mo–Su.") % {"day": token})
    return day


def _time(token: str) -> datetime.time:
    hours, minutes = token.replace(".", ":").split(":")
    try:
        return datetime.time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(_("“%(time)s” is not a time of day.") % {"time": token}) from None


def parse(text: str) -> list[dict]:
    rows = []
    for part in re.split(r"[;\n]", text or ""):
        if not part.strip():
            continue
        match = _ENTRY.match(part)
        if not match:
            raise ValidationError(_("Cannot read the opening hours “%(part)s”; write e.g. "
                                    "“Po-Pi 08:00-15:30”.") % {"part": part.strip()})
        first = _day(match["d1"])
        last = _day(match["d2"]) if match["d2"] else first
        opens, closes = _time(match["o"]), _time(match["c"])
        if opens >= closes:
            raise ValidationError(_("In “%(part)s” the opening time is not before the closing "
                                    "time.") % {"part": part.strip()})
        if last < first:
            raise ValidationError(_("In “%(part)s” the days run backwards.")
                                  % {"part": part.strip()})
        rows.extend({"weekday": d, "opens": opens, "closes": closes}
                    for d in range(first, last + 1))
    return sorted(rows, key=lambda r: (r["weekday"], r["opens"]))


def render(hours, language: str = "sk") -> str:
    names = ABBREVIATIONS.get(language, ABBREVIATIONS["en"])
    return "; ".join(f"{names[h.weekday]} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in hours)
