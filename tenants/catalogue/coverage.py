"""The area a service covers: territorial units, written ``<level>:<code>`` (WAVE decision 2).

An empty list means the owning municipality's own territory. Staff write units by name, with
the level when a name is ambiguous ("okres Benešov", "Vlašim", "Středočeský kraj") or by key
("district:3201"); what is stored and exported is always the key, what people read is the
name with its level. The units are the platform's codebook (``TerritorialUnit``, public
schema); an unknown unit is refused, never guessed.
"""

from django.db import connection
from django.utils.translation import gettext as _

from hub.municipalities.models import TerritorialUnit
from hub.text import fold

Level = TerritorialUnit.Level
#: Words that name a level in front of a unit's name (sk, cs, en).
LEVEL_WORDS = {
    "kraj": Level.REGION, "region": Level.REGION, "vuc": Level.REGION,
    "okres": Level.DISTRICT, "district": Level.DISTRICT,
    "orp": Level.ORP,
    "obec": Level.MUNICIPALITY, "mesto": Level.MUNICIPALITY, "municipality": Level.MUNICIPALITY,
}
#: How a level is written in front of a name for people, per language.
LEVEL_LABELS = {
    "sk": {"region": "kraj", "district": "okres", "orp": "ORP", "municipality": "obec"},
    "cs": {"region": "kraj", "district": "okres", "orp": "ORP", "municipality": "obec"},
    "en": {"region": "region", "district": "district", "orp": "ORP",
           "municipality": "municipality"},
}


def _country() -> str:
    return getattr(getattr(connection, "tenant", None), "country", "") or "SK"


def _split_key(key: str) -> tuple[str, str]:
    level, _colon, code = key.partition(":")
    return level, code


def units(keys) -> dict[str, TerritorialUnit]:
    """The units of these keys that exist (key -> unit), in one query."""
    wanted = {}
    for key in keys:
        level, code = _split_key(key)
        if level in Level.values and code:
            wanted.setdefault(level, set()).add(code)
    if not wanted:
        return {}
    from django.db.models import Q

    query = Q()
    for level, codes in wanted.items():
        query |= Q(level=level, code__in=sorted(codes))
    return {f"{u.level}:{u.code}": u for u in TerritorialUnit.objects.filter(
        query, country=_country())}


def label(unit: TerritorialUnit, language: str = "cs") -> str:
    word = LEVEL_LABELS.get(language, LEVEL_LABELS["en"])[unit.level]
    return f"{word} {unit.name}"


def names(keys, language: str | None = None) -> list[str]:
    """Unit names of keys (bare names; unknown keys as they are)."""
    found = units(keys)
    if language is None:
        return [found[k].name if k in found else k for k in keys]
    return [label(found[k], language) if k in found else k for k in keys]


def describe(keys, language: str) -> list[dict]:
    """[{"key", "level", "code", "name", "label"}] for pages, exports and HSDS."""
    found = units(keys)
    out = []
    for key in keys:
        level, code = _split_key(key)
        unit = found.get(key)
        out.append({"key": key, "level": level, "code": code,
                    "name": unit.name if unit else code,
                    "label": label(unit, language) if unit else key})
    return out


def _tokens(value) -> list[str]:
    if isinstance(value, str):
        value = value.replace("\n", ";").split(";")
    return [str(token).strip() for token in value or [] if str(token).strip()]


def resolve_tokens(tokens) -> dict[str, tuple[str | None, str]]:
    """token -> (key, "") or (None, why) for many tokens at once (two queries)."""
    country = _country()
    tokens = sorted(set(tokens))
    known = units([t for t in tokens if ":" in t])
    parsed, wanted_names = [], set()
    for token in tokens:
        if ":" in token:
            parsed.append((token, None, None))
            continue
        first, _space, rest = token.partition(" ")
        level = LEVEL_WORDS.get(fold(first).rstrip("."))
        name = rest.strip() if level and rest.strip() else token
        parsed.append((token, level if name != token else None, fold(name)))
        wanted_names.add(fold(name))
    by_name = {}
    if wanted_names:
        from django.contrib.postgres.lookups import Unaccent
        from django.db.models.functions import Lower

        for unit in TerritorialUnit.objects.annotate(folded=Unaccent(Lower("name"))).filter(
                country=country, folded__in=sorted(wanted_names)).only("level", "code", "name"):
            by_name.setdefault(fold(unit.name), []).append(unit)
    out = {}
    for token, level, folded in parsed:
        if folded is None:
            out[token] = (token, "") if token in known else (None, _(
                "“%(unit)s” is not a territorial unit of this country.") % {"unit": token})
            continue
        candidates = [u for u in by_name.get(folded, []) if level is None or u.level == level]
        if len(candidates) == 1:
            out[token] = (f"{candidates[0].level}:{candidates[0].code}", "")
        elif not candidates:
            out[token] = (None, _("No territorial unit is called “%(unit)s”.") % {"unit": token})
        else:
            options = ", ".join(f"{label(u, 'cs')} ({u.code})" for u in sorted(
                candidates, key=lambda u: (u.level, u.code)))
            out[token] = (None, _("“%(unit)s” is several units: %(options)s. Write which, e.g. "
                                  "“%(example)s”.") % {"unit": token, "options": options,
                                                       "example": label(candidates[0], "cs")})
    return out


def resolve(value) -> tuple[list[str], list[str]]:
    """(keys, errors) for what staff wrote: keys, or names with or without a level word.

    Every token must name exactly one unit of the municipality's country."""
    tokens = _tokens(value)
    found = resolve_tokens(tokens)
    keys = [found[t][0] for t in tokens if found[t][0]]
    errors = [found[t][1] for t in tokens if found[t][1]]
    return list(dict.fromkeys(keys)), errors


def tokens(value) -> list[str]:
    return _tokens(value)


def obce_codes(keys) -> set[str]:
    """Codes of the obce the units cover (a kraj: all its obce)."""
    from hub.municipalities.selectors import area_municipality_units

    out = set()
    for unit in units(keys).values():
        out |= set(area_municipality_units(unit).values_list("code", flat=True))
    return out
