"""Folding text for search, the one way every layer does it: no diacritics, case folded,
single spaces — "Domov dôchodcov" and "domov dochodcov" fold to the same words.

The same function folds what is stored (the catalogue's ``search_text``, the regional
read model's ``search``) and what a visitor types, so a search is a plain ``contains`` (SQL
LIKE '%…%') per word on one column. Pages that search a column with no folded copy use
PostgreSQL's ``unaccent`` in the query instead (the platform's list of municipalities, the
documents archive).
"""

import functools
import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    # Short texts (names, codes, a search's words) are cached: an import of 2,000 rows folds
    # the same few hundred type, group and place names ~18,000 times (a fifth of its check).
    # Long ones (a service's whole search text) are not, so the cache stays small.
    if text and len(text) <= 120:
        return _fold_short(text)
    return _fold(text)


@functools.lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    if text and text.isascii():  # nothing to decompose; casefold is lower for ASCII
        return _SPACE.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()
