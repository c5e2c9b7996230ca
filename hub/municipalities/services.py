"""Writes to the tenant registry: onboarding a municipality and keeping its domains."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from hub.municipalities.models import COUNTRY_LANGUAGE, Domain, Municipality, Region
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


def municipality_create(
    *,
    name: str,
    slug: str,
    kind: str,
    country: str,
    language: str | None = None,
    population: int | None = None,
    ico: str = "",
    kpss_email: str = "",
    region: Region | None = None,
    district: Region | None = None,
    domain: str | None = None,
) -> Municipality:
    """Onboard a municipality: registry row, primary domain and a ready schema, atomically."""
    if connection.schema_name != "public":
        raise RuntimeError("Municipalities are onboarded from the public schema only.")
    region = placement_check(region=region, district=district, country=country)
    municipality = Municipality(
        name=name, slug=slug, schema_name=schema_name_for(slug), kind=kind, country=country,
        language=language or COUNTRY_LANGUAGE[country], population=population, ico=ico,
        kpss_email=kpss_email, region=region, district=district,
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
