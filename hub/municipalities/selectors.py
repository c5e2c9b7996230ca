"""Reads of the tenant registry."""

from django.contrib.postgres.lookups import Unaccent
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from hub.municipalities.models import KIND_LEVELS, Municipality, TerritorialUnit


def municipalities_listed() -> QuerySet[Municipality]:
    """Municipalities for the platform's public list, with their region and district."""
    # Sorted as people read names: "Bánov" beside "Banská Bystrica", not after "Beta".
    return (Municipality.objects.select_related("region", "district").prefetch_related("domains")
            .order_by(Unaccent(Lower("name")), "name"))


def area_municipality_units(unit: TerritorialUnit) -> QuerySet[TerritorialUnit]:
    """The obce (municipality-level units) an area is made of; an obec is its own area."""
    level = TerritorialUnit.Level
    obce = TerritorialUnit.objects.filter(country=unit.country, level=level.MUNICIPALITY)
    if unit.level == level.MUNICIPALITY:
        return obce.filter(pk=unit.pk)
    if unit.level == level.ORP:
        return obce.filter(orp=unit)
    if unit.level == level.DISTRICT:
        return obce.filter(parent=unit)
    # A kraj: its okresy's obce, and those of its ORPs (a file may give only one of the two).
    return obce.filter(Q(parent__parent=unit) | Q(orp__parent=unit)).distinct()


def covered_codes(municipality: Municipality) -> set[str]:
    """Statistical codes of the obce a municipality's territory is made of ({} if unknown)."""
    if municipality.territory_id is None:
        return set()
    return set(area_municipality_units(municipality.territory).values_list("code", flat=True))


def unit_for_kind(*, country: str, kind: str, code: str) -> TerritorialUnit | None:
    """The unit with this code that a municipality of this kind can be (an ORP before an okres)."""
    levels = KIND_LEVELS.get(kind, ())
    found = {u.level: u for u in TerritorialUnit.objects.filter(country=country, code=code,
                                                               level__in=levels)}
    return next((found[level] for level in levels if level in found), None)
