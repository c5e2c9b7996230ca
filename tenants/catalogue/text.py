"""Folding text for search: no diacritics, lower case, single spaces.

The same function folds the stored ``search_text`` and the visitor's query, so "domov
dochodcov" finds "Domov dôchodcov" with a plain (indexable) LIKE on one column.
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()
