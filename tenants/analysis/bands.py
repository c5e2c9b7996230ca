"""Age bands: sum the counts an area has (5-year bands, the four standard bands, single
years) into the band asked for, or say it cannot be told (None), never guess."""

from collections.abc import Callable, Iterable

#: The bands every analysis shows, (from, to) with to None for "and older".
STANDARD = [(0, 14), (15, 64), (65, 79), (80, None)]
#: Target populations (models.TargetPopulation) as age ranges; None, None is everyone.
TARGET_RANGES = {"total": (None, None), "0-14": (0, 14), "15-64": (15, 64), "15+": (15, None),
                 "65+": (65, None), "80+": (80, None)}


def label(age_from: int | None, age_to: int | None) -> str:
    if age_from is None:
        return "total"
    return f"{age_from}+" if age_to is None else f"{age_from}–{age_to}"


def _tile(rows: Iterable[tuple], start: int, stop: int | None, finest: bool) -> list | None:
    """Bands (from, to) of ``rows`` that cover start…stop exactly without overlap, or None.
    The finest tiling (most rows) when ``finest``, else the first one found. Only the set of
    bands counts, not their order (Tilings relies on it)."""
    by_start: dict[int, list] = {}
    for a, b in rows:
        by_start.setdefault(a, []).append(b)
    for ends in by_start.values():
        ends.sort(key=lambda b: (999, 1) if b is None else (b, 0))
    memo: dict[int, list | None] = {}

    def walk(at: int) -> list | None:
        if at in memo:
            return memo[at]
        best = None
        for b in by_start.get(at, ()):
            if b == stop:
                found = [(at, b)]
            elif b is None or (stop is not None and b > stop):
                continue
            else:
                rest = walk(b + 1)
                found = None if rest is None else [(at, b)] + rest
            if found is not None and (best is None or len(found) > len(best)):
                best = found
                if not finest:
                    break
        memo[at] = best
        return best

    return walk(start)


class Tilings:
    """_tile remembered for one computation (a Demography): an ORP's hundred obce store the
    same bands, so six target populations of every obec need the same few tilings, not 1,200
    of them. Keyed on the bands themselves, never on an area, so a memo shared by areas with
    other bands still gives each its own; held per computation, never per process."""

    def __init__(self):
        self._found: dict[tuple, list | None] = {}

    def __call__(self, rows: Iterable[tuple], start: int, stop: int | None,
                 finest: bool) -> list | None:
        key = (frozenset(rows), start, stop, finest)
        if key not in self._found:
            self._found[key] = _tile(key[0], start, stop, finest)
        return self._found[key]


Tile = Callable[[Iterable[tuple], int, int | None, bool], list | None]


def band_count(rows: dict, age_from: int | None, age_to: int | None,
               tile: Tile = _tile) -> int | None:
    """People aged age_from…age_to from rows {(from, to): count} of one sex; None when the
    rows do not add up to exactly that band. ``tile``: a Tilings to share tilings."""
    if (age_from, age_to) in rows:
        return rows[(age_from, age_to)]
    if age_from is None:
        age_from = 0
        if (0, None) in rows:
            return rows[(0, None)]
    aged = {k: v for k, v in rows.items() if k[0] is not None}
    tiling = tile(aged, age_from, age_to, False)
    return None if tiling is None else sum(aged[k] for k in tiling)


def finest_bands(rows: dict, tile: Tile = _tile) -> list[tuple[tuple[int, int | None], int]]:
    """The finest set of bands from 0 to the oldest that the rows cover, for a pyramid."""
    aged = {k: v for k, v in rows.items() if k[0] is not None}
    tiling = tile(aged, 0, None, True) or []
    return [(k, aged[k]) for k in tiling]


def by_sex(counts: Iterable) -> dict[str, dict]:
    """{sex: {(from, to): count}} of count rows (objects or dicts with the model's fields)."""
    found: dict[str, dict] = {}
    for row in counts:
        get = row.get if isinstance(row, dict) else lambda name, r=row: getattr(r, name)
        found.setdefault(get("sex"), {})[(get("age_from"), get("age_to"))] = get("count")
    return found


def total_band(per_sex: dict, age_from: int | None, age_to: int | None,
               tile: Tile = _tile) -> int | None:
    """Both sexes: the total rows when they give the band, else men + women."""
    if "t" in per_sex:
        found = band_count(per_sex["t"], age_from, age_to, tile)
        if found is not None:
            return found
    men = band_count(per_sex.get("m", {}), age_from, age_to, tile)
    women = band_count(per_sex.get("f", {}), age_from, age_to, tile)
    return None if men is None or women is None else men + women
