"""Which of a municipality's capacity lines count in its own per-1,000 figures: the regional
rule of what is compared with what.

A line belongs to the municipality whose catalogue owns it and covers an area. It counts in
that municipality's figures (divided by its population) when an area it covers lies within
the municipality's own territory: an ORP's lines for its towns count in the ORP's figure,
never again in the towns' (a town's figure comes from the town's own catalogue only); a
line covering a wider area (a kraj-wide hotline) is not divided by a smaller population at
all — it is kept apart as ``capacity_wider``.
"""

from hub.municipalities.models import Municipality, TerritorialUnit
from hub.municipalities.selectors import area_municipality_units, covered_codes

Level = TerritorialUnit.Level
#: How wide a level is. An area of a wider level than the municipality's own unit is never
#: within it, whatever obce the codebook lists: a kraj loaded with only some of its obce
#: (the demo's, a partial import) must not pass for an ORP.
RANK = {Level.MUNICIPALITY: 0, Level.ORP: 1, Level.DISTRICT: 1, Level.REGION: 2}


def area_codes(keys: set[str], country: str,
               widest: int = RANK[Level.REGION]) -> dict[str, set[str]]:
    """Key ("district:3201") → codes of the obce that area is made of, for the keys known
    whose level is no wider than ``widest``. An obec is its own area: all of them are looked
    up in one query (a catalogue covering 100 obce one by one cost 200 queries)."""
    found = {}
    obce = {code for level, _c, code in (key.partition(":") for key in keys)
            if level == Level.MUNICIPALITY}
    for code in TerritorialUnit.objects.filter(country=country, level=Level.MUNICIPALITY,
                                               code__in=obce).values_list("code", flat=True):
        found[f"{Level.MUNICIPALITY}:{code}"] = {code}
    for key in keys:
        level, _colon, code = key.partition(":")
        if level == Level.MUNICIPALITY or RANK.get(level, 99) > widest:
            continue
        unit = TerritorialUnit.objects.filter(country=country, level=level, code=code).first()
        if unit is not None:
            found[key] = set(area_municipality_units(unit).values_list("code", flat=True))
    return found


def split(items: list[dict], municipality: Municipality) -> tuple[list[dict], list[dict]]:
    """(lines counted in the municipality's figures, lines covering more than its territory).

    An empty ``covers`` is the owner's own territory. Without a known territory only those
    lines count: nothing tells that another area lies within it."""
    own = covered_codes(municipality)
    keys = {key for item in items for key in item.get("covers") or []}
    widest = RANK.get(municipality.territory.level, -1) if own else -1
    areas = area_codes(keys, municipality.country, widest) if own else {}
    counted, wider = [], []
    for item in items:
        covers = item.get("covers") or []
        inside = not covers or any(areas.get(key) and areas[key] <= own for key in covers)
        (counted if inside else wider).append(item)
    return counted, wider


def totals(items: list[dict], *, group: str | None = None) -> dict[str, int]:
    """{unit: capacity} of the lines (of one target group, if given)."""
    found: dict[str, int] = {}
    for item in items:
        if group is not None and group not in (item.get("target_groups") or []):
            continue
        found[item["unit"]] = found.get(item["unit"], 0) + int(item["capacity"])
    return found
