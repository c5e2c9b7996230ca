"""The network analysis pages' costly inputs (network.Inputs: the catalogue's capacity lines,
every area's population), cached per municipality until the catalogue or the demography
changes, or KOMPLAN_ANALYSIS_CACHE_SECONDS (ten minutes) pass.

Why: an ORP of 100 obce reads 4,000 counts and sums them over its obce on every look at its
network analysis — more than half of the page (README, *Needs analysis*).

The key is made of what the inputs are read from, so that it cannot go stale: the
catalogue's stamp (tenants/catalogue services move it on every write, imports included),
the demography's stamp (services.demography_touched, written in the transaction of the
counts: their COPY and raw DELETE send no signal), the municipality's territory with its
member obce as the codebook lists them now (read on every look, two small queries) and the
day. Both stamps are read before the inputs, so an entry never holds older data than its
key says. Norms, target populations, the region's norms and the comparable municipalities
are not kept: the analysis reads them afresh each time. What the key does not see — a new
codebook changing a covered okres's obce, a new registry snapshot while the catalogue is
empty (its lines are then the registry's) — is seen within seconds(); a registry's lines
are not kept at all. The default cache is per schema (django-tenants' key function), so one
municipality's inputs are never another's; with Redis down nothing is read or kept and the
inputs are read from the database each time, as before.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tenants.analysis import network, selectors
from tenants.catalogue import selectors as catalogue_selectors

logger = logging.getLogger(__name__)
#: Changed whenever network.Inputs changes, so that no process reads another's layout.
FORMAT = 1


def seconds() -> int:
    """How long inputs are kept; 0: not cached (read on every look)."""
    return settings.KOMPLAN_ANALYSIS_CACHE_SECONDS


def _key(areas: list[dict], today) -> str:
    tenant = connection.tenant
    stamps = (catalogue_selectors.catalogue_updated_at(), selectors.demography_changed_at())
    territory = repr((tenant.country, tenant.territory_id,
                      [(a["code"], a["name"], a["level"], a["own"]) for a in areas]))
    return "analysis:network:inputs:{}:{}:{}:{}:{}".format(
        FORMAT, today.isoformat(), *(s.isoformat() if s else "-" for s in stamps),
        hashlib.sha256(territory.encode()).hexdigest()[:32])


def network_inputs() -> network.Inputs:
    """network.network_inputs() of each area's latest year, from the cache when kept."""
    today = timezone.localdate()
    areas = selectors.areas()
    if not seconds():
        return network.network_inputs(today=today, of_areas=areas)
    key = _key(areas, today)
    kept = cache.get(key)
    if kept is not None:
        try:
            return network.Inputs(**kept)
        except TypeError:  # another layout under the same FORMAT: read afresh
            logger.warning("Network analysis inputs of another layout under %s", key)
    inputs = network.network_inputs(today=today, of_areas=areas)
    # complete() reads every area's every target population: only worth it when kept.
    if inputs.capacity_source != "registry" and cache.answering():
        cache.set(key, inputs.complete().values(), seconds())
    return inputs
