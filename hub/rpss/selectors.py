"""Reads of the registry's platform data: the codebook maps the reader needs, a
municipality's territorial keys and its slice of the snapshot."""

from django.db.models import QuerySet

from hub.municipalities.models import Municipality, TerritorialUnit
from hub.municipalities.selectors import area_municipality_units
from hub.rpss.models import CodebookEntry, RegistryFile, RegistryService
from hub.rpss.reader import Maps


def maps(*, town_codes=None) -> Maps:
    """The loaded codebooks as the reader uses them (names of obce: all Czech ones, or only
    ``town_codes``)."""
    found = Maps()
    for codebook, code, name, maps_to in CodebookEntry.objects.filter(
            codebook__in=["type", "target_group"]).values_list(
            "codebook", "code", "name", "maps_to"):
        table = found.types if codebook == "type" else found.target_groups
        table[code] = (name, maps_to)
    towns = TerritorialUnit.objects.filter(country="CZ", level=TerritorialUnit.Level.MUNICIPALITY)
    if town_codes is not None:
        towns = towns.filter(code__in=list(town_codes))
    found.town_names = dict(towns.values_list("code", "name"))
    return found


def territory_keys(municipality: Municipality) -> list[str]:
    """``<level>:<code>`` of every unit a registered service may name that covers part of the
    municipality's territory: its obce, their okresy, ORPs and kraje, and its own unit."""
    unit = municipality.territory
    if unit is None:
        return []
    keys = {f"{unit.level}:{unit.code}"}
    obce = area_municipality_units(unit).select_related("parent", "parent__parent", "orp")
    for obec in obce.iterator(chunk_size=2000):
        keys.add(f"municipality:{obec.code}")
        for upper in (obec.parent, obec.parent.parent if obec.parent else None, obec.orp):
            if upper is not None:
                keys.add(f"{upper.level}:{upper.code}")
    if unit.parent_id:
        keys.add(f"{unit.parent.level}:{unit.parent.code}")
    return sorted(keys)


def snapshot_for(municipality: Municipality, keys: list[str] | None = None
                 ) -> QuerySet[RegistryService]:
    """The snapshot rows that concern a municipality's territory (none when it has none)."""
    keys = territory_keys(municipality) if keys is None else keys
    if not keys:
        return RegistryService.objects.none()
    return RegistryService.objects.filter(territory_keys__overlap=keys).order_by("registry_id")


def offerable_for(municipality: Municipality) -> QuerySet[RegistryService]:
    """The snapshot rows of a municipality's territory an import can take: current (not
    ended, not gone) and with nothing blocking (reader.blocking: a type without a Komplan
    counterpart, no form) — as many as "accept all" brings into an empty catalogue."""
    return snapshot_for(municipality).filter(ended_on__isnull=True, gone=False).exclude(
        record__problems__contains=[{"blocking": True}])


def latest_file() -> RegistryFile | None:
    """The national file the snapshot was last read from, if any has been read."""
    return RegistryFile.objects.filter(status=RegistryFile.Status.DONE).order_by(
        "-finished_at", "-pk").first()


def snapshot_exists() -> bool:
    return RegistryService.objects.exists()
