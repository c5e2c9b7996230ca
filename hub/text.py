"""Folding text for search, the one way every layer does it: no diacritics, case folded,
single spaces — "Domov dôchodcov" and "domov dochodcov" fold to the same words.

The same function folds what is stored (the catalogue's ``search_text``, the regional
read model's ``search``) and what a visitor types, so a search is a plain ``contains`` (SQL
LIKE '%…%') per word on one column. Pages that search a column with no folded copy use
PostgreSQL's ``unaccent`` in the query instead (the platform's list of municipalities, the
documents archive).
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()
