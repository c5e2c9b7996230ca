"""Writes to the tenant registry: onboarding a municipality and keeping its domains."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from hub.municipalities.codebooks import UnitRow
from hub.municipalities.models import (
    COUNTRY_LANGUAGE,
    KIND_LEVELS,
    Domain,
    Municipality,
    Region,
    TerritorialUnit,
)
from hub.tenancy import schemas

logger = logging.getLogger(__name__)


def schema_name_for(slug: str) -> str:
    """Schema names get a prefix so no slug can collide with public, the template or a spare."""
    return "m_" + slug.replace("-", "_")


def placement_check(*, region: Region | None, district: Region | None, country: str):
    """The region a municipality belongs to, checked against its district and country."""
    if district is not None and region is None:
        region = district.parent
    if district is not None and district.parent_id != getattr(region, "pk", None):
        raise ValidationError({"district": _("The district does not belong to the chosen region.")})
    if region is not None and region.country != country:
        raise ValidationError({"region": _("The region is in another country.")})
    return region


def territory_check(*, kind: str, country: str, territory: TerritorialUnit | None) -> None:
    """A municipality's territorial unit must be of its country and of a level its kind can be."""
    if territory is None:
        return
    if territory.country != country:
        raise ValidationError({"territory": _("The territorial unit is in another country.")})
    if territory.level not in KIND_LEVELS.get(kind, ()):
        raise ValidationError({"territory": _(
            "A municipality of the kind “%(kind)s” cannot be the territorial unit “%(unit)s” "
            "(%(level)s).") % {
                "kind": Municipality.Kind(kind).label, "unit": territory,
                "level": territory.get_level_display()}})


def municipality_create(
    *,
    name: str,
    slug: str,
    kind: str,
    country: str,
    language: str | None = None,
    population: int | None = None,
    population_65: int | None = None,
    ico: str = "",
    kpss_email: str = "",
    region: Region | None = None,
    district: Region | None = None,
    territory: TerritorialUnit | None = None,
    domain: str | None = None,
) -> Municipality:
    """Onboard a municipality: registry row, primary domain and a ready schema, atomically."""
    if connection.schema_name != "public":
        raise RuntimeError("Municipalities are onboarded from the public schema only.")
    region = placement_check(region=region, district=district, country=country)
    territory_check(kind=kind, country=country, territory=territory)
    municipality = Municipality(
        name=name, slug=slug, schema_name=schema_name_for(slug), kind=kind, country=country,
        language=language or COUNTRY_LANGUAGE[country], population=population,
        population_65=population_65, ico=ico, kpss_email=kpss_email, region=region,
        district=district, territory=territory,
        migrations_fingerprint=schemas.migrations_fingerprint(),
    )
    municipality.full_clean()
    hostname = (domain or f"{slug}.{settings.PLATFORM_DOMAIN}").lower()
    if Domain.objects.filter(domain=hostname).exists():
        raise ValidationError({"slug": _("The address %(host)s is already taken.")
                               % {"host": hostname}})
    with transaction.atomic():
        how = schemas.schema_provision(municipality.schema_name)
        municipality.save()
        Domain.objects.create(domain=hostname, tenant=municipality, is_primary=True)
    logger.info("Onboarded %s into schema %s (%s)", slug, municipality.schema_name, how)
    if settings.TENANT_SPARE_POOL_SIZE:
        transaction.on_commit(_spare_pool_refill_later)
    return municipality


def _spare_pool_refill_later() -> None:
    from hub.tenancy.tasks import spare_pool_refill_task

    try:
        spare_pool_refill_task.delay()
    except Exception:  # the municipality exists; beat refills the pool within 10 minutes
        logger.exception("Could not enqueue the spare pool refill")


def domain_add(*, municipality: Municipality, hostname: str, primary: bool = False) -> Domain:
    """Serve the municipality at one more host name."""
    domain = Domain(domain=hostname.lower().rstrip("."), tenant=municipality, is_primary=primary)
    domain.full_clean()
    domain.save()
    return domain


_LEVEL_ORDER = [TerritorialUnit.Level.REGION, TerritorialUnit.Level.DISTRICT,
                TerritorialUnit.Level.ORP, TerritorialUnit.Level.MUNICIPALITY]


def territory_load(*, country: str, rows: list[UnitRow]) -> dict[str, int]:
    """Create or update territorial units, parents first; all or nothing.

    A unit already known keeps its id (tenants and areas point at it) and takes the new name,
    parent, ORP and population (an empty population keeps the old one). Returns counts
    created and updated per level. Raises ValidationError listing every row whose parent or
    ORP is unknown; then nothing is written.
    """
    if country not in dict(Municipality._meta.get_field("country").choices):
        raise ValidationError(_("Unknown country."))
    by_level = {level: {} for level in _LEVEL_ORDER}
    for row in rows:
        by_level[row.level][row.code] = row  # a later row for the same code wins
    counts = {}
    with transaction.atomic():
        known = {(u.level, u.code): u.pk for u in TerritorialUnit.objects.filter(country=country)
                 .only("pk", "level", "code")}
        missing = []
        for level in _LEVEL_ORDER:
            batch = []
            for code, row in by_level[level].items():
                parent_id = known.get(tuple(row.parent)) if row.parent else None
                orp_id = known.get((TerritorialUnit.Level.ORP, row.orp)) if row.orp else None
                if row.parent and parent_id is None:
                    missing.append(_("%(unit)s %(code)s: unknown parent %(parent)s.") % {
                        "unit": row.name, "code": code, "parent": row.parent[1]})
                if row.orp and orp_id is None:
                    missing.append(_("%(unit)s %(code)s: unknown ORP %(orp)s.") % {
                        "unit": row.name, "code": code, "orp": row.orp})
                batch.append(TerritorialUnit(country=country, level=level, code=code,
                                             name=row.name, parent_id=parent_id, orp_id=orp_id,
                                             population=row.population))
            if missing:
                # Nothing will be written; children of this batch are not reported again.
                known.update({(level, code): -1 for code in by_level[level]})
                continue
            before = sum(1 for key in known if key[0] == level)
            fields = ["name", "parent", "orp"]
            for chunk in (batch[i:i + 2000] for i in range(0, len(batch), 2000)):
                TerritorialUnit.objects.bulk_create(
                    chunk, update_conflicts=True, unique_fields=["country", "level", "code"],
                    update_fields=fields)
            with_population = [u for u in batch if u.population is not None]
            if with_population:
                ids = dict(TerritorialUnit.objects.filter(
                    country=country, level=level,
                    code__in=[u.code for u in with_population]).values_list("code", "pk"))
                for unit in with_population:
                    unit.pk = ids[unit.code]
                TerritorialUnit.objects.bulk_update(with_population, ["population"],
                                                    batch_size=2000)
            known.update({(level, code): pk for code, pk in TerritorialUnit.objects.filter(
                country=country, level=level).values_list("code", "pk")})
            after = sum(1 for key in known if key[0] == level)
            counts[level] = {"created": after - before, "updated": len(batch) - (after - before)}
        if missing:
            raise ValidationError(missing)
    return counts
