"""Writes to the regional read model: collect a municipality's figures in its schema, store
them in the public schema.

The figures come from what each tenant app declares as ``figures`` in its AppConfig
(hub/plugins.py). The read model's columns say which app fills them (SOURCES); an app that is
not installed, declares no figures or whose figures fail is recorded as *not available* — its
figures stay ``None``, never zero — so a coordinator can tell "no data" from "nothing there".
"""

import datetime
import logging
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from hub import plugins
from hub.municipalities.models import Municipality
from hub.regional import coverage
from hub.regional.metrics import capacity_totals
from hub.regional.models import (
    MunicipalityFigures,
    NetworkFigure,
    OpenDataRecord,
    ServiceListing,
)
from hub.taxonomy import QUALITY_AREAS
from hub.text import fold

logger = logging.getLogger(__name__)

#: Tenant app label → (the keys its figures fill, the value stored when they are missing).
SOURCES = {
    "plans": {
        "plan_status": "", "plan_year_from": None, "plan_year_to": None, "plan_valid_to": None,
        "plan_in_force_from": None, "plan_successor_from": None,
        "covered_years": [], "action_plan_years": [], "evaluation_years": [],
        "fulfilment": None, "fulfilment_year": None, "public_comments": None,
    },
    "participation": {
        "meetings_held_12m": None, "group_members": None,
    },
    "catalogue": {
        "services": None, "capacity_by_type": {}, "capacity_by_target_group": {},
        "senior_capacity": {}, "catalogue_updated_at": None,
        "capacity_items": [], "capacity_source": "",
    },
    "funding": {
        "quality_year": None, "quality_overall": None, "quality_areas": {},
    },
    # Not a column: the rows of NetworkFigure (network_store).
    "analysis": {
        "network": [],
    },
}
QUALITY_CODES = {code for code, _name in QUALITY_AREAS}
#: The app whose figures also list its services for the regional catalogue.
LISTING_SOURCE = "catalogue"
#: The app whose figures describe the municipality's open data (OpenDataRecord).
OPEN_DATA_SOURCE = "portal"


def _capacity(value) -> dict:
    """{unit: int} with positive whole numbers only; anything else is dropped."""
    if not isinstance(value, dict):
        return {}
    return {str(unit): int(n) for unit, n in value.items()
            if isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0}


def _nested_capacity(value) -> dict:
    if not isinstance(value, dict):
        return {}
    return {str(code): units for code, units in
            ((code, _capacity(units)) for code, units in value.items()) if units}


def _ask(label: str, name: str, *args):
    """Call ``name`` of the figures an app declares; None when it declares none or the call
    fails (logged once here: one broken source must not stop the others)."""
    module = plugins.offer(label, "figures")
    if module is None or not hasattr(module, name):
        return None
    try:
        return getattr(module, name)(*args)
    except Exception:
        logger.exception("Regional %s of %s failed in %s", name, label, connection.schema_name)
        return None


def figures_collect(*, today: datetime.date) -> tuple[dict, dict]:
    """Run every source's ``municipality_figures(today)`` in the current schema.

    Returns (values for the MunicipalityFigures fields, {source: available?})."""
    values, sources = {}, {}
    for label, defaults in SOURCES.items():
        values.update(defaults)
        found = _ask(label, "municipality_figures", today)
        sources[label] = found is not None
        if found is not None:
            values.update({key: found[key] for key in defaults if key in found})
    values["capacity_by_type"] = _nested_capacity(values["capacity_by_type"])
    values["capacity_by_target_group"] = _nested_capacity(values["capacity_by_target_group"])
    values["senior_capacity"] = _capacity(values["senior_capacity"])
    values["capacity_items"] = _items(values["capacity_items"])
    if values["capacity_source"] not in ("catalogue", "registry"):
        values["capacity_source"] = ""
    values["quality_areas"] = _scores(values["quality_areas"])
    values["network"] = _network(values["network"])
    return values, sources


def _scores(value) -> dict:
    """{area code: score 0–100} of the known areas only; anything else is dropped."""
    if not isinstance(value, dict):
        return {}
    return {code: round(float(score), 1) for code, score in value.items()
            if code in QUALITY_CODES and isinstance(score, (int, float))
            and not isinstance(score, bool) and 0 <= score <= 100}


def _items(value) -> list[dict]:
    """The capacity lines that have what the rule needs; anything malformed is dropped."""
    if not isinstance(value, list):
        return []
    found = []
    for item in value:
        if not isinstance(item, dict):
            continue
        amount = item.get("capacity")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            continue
        found.append({"service_type": str(item.get("service_type") or ""),
                      "target_groups": [str(g) for g in item.get("target_groups") or []],
                      "form": str(item.get("form") or ""), "unit": str(item.get("unit") or ""),
                      "capacity": amount, "covers": [str(k) for k in item.get("covers") or []],
                      "source": str(item.get("source") or "")})
    return found


_NETWORK_TEXT = {"service_type": 60, "target_group": 60, "unit": 20, "target": 10}
_NETWORK_COUNTS = ("year", "capacity", "wider", "population", "comparables")
_NETWORK_DECIMALS = ("per_1000", "standard", "required", "gap", "share")


def _network(value) -> list[dict]:
    """The network rows that have their key; a figure that is not a number is None (n/a),
    a row without a type or unit, a repeated key or anything not a dict is dropped."""
    if not isinstance(value, list):
        return []
    found, seen = [], set()
    for row in value:
        if not isinstance(row, dict) or not row.get("service_type") or not row.get("unit"):
            continue
        clean = {key: str(row.get(key) or "")[:size] for key, size in _NETWORK_TEXT.items()}
        key = (clean["service_type"], clean["target_group"], clean["unit"])
        if key in seen:
            continue
        seen.add(key)
        for name in _NETWORK_COUNTS:
            n = row.get(name)
            clean[name] = n if isinstance(n, int) and not isinstance(n, bool) and n >= 0 \
                else None
        clean["comparables"] = clean["comparables"] or 0
        for name in _NETWORK_DECIMALS:
            n = row.get(name)
            clean[name] = Decimal(str(n)) if isinstance(n, (int, float, Decimal)) \
                and not isinstance(n, bool) and Decimal(str(n)).is_finite() else None
        source = row.get("standard_source")
        clean["standard_source"] = source if source in NetworkFigure.Source.values else ""
        found.append(clean)
    return found


def counted_capacity(values: dict, municipality: Municipality) -> dict:
    """The capacity figures of the lines that count in this municipality (coverage.split):
    by type, by target group, for seniors, in total; and what covers a wider area."""
    counted, wider = coverage.split(values["capacity_items"], municipality)
    by_type, by_group = {}, {}
    for item in counted:
        units = by_type.setdefault(item["service_type"], {})
        units[item["unit"]] = units.get(item["unit"], 0) + item["capacity"]
        for group in item["target_groups"]:
            units = by_group.setdefault(group, {})
            units[item["unit"]] = units.get(item["unit"], 0) + item["capacity"]
    return {"capacity_by_type": by_type, "capacity_by_target_group": by_group,
            "senior_capacity": coverage.totals(counted, group="seniors"),
            "capacity_totals": coverage.totals(counted),
            "capacity_wider": coverage.totals(wider)}


def listing_collect() -> list[dict] | None:
    """The municipality's public catalogue entries, or None when the catalogue gives none."""
    found = _ask(LISTING_SOURCE, "regional_listing")
    return None if found is None else list(found)


def figures_refresh(*, schema_name: str | None = None, municipality: Municipality | None = None,
                    today: datetime.date | None = None) -> MunicipalityFigures:
    """Recompute one municipality's row (and its catalogue listing) in the read model.

    Reads in the municipality's schema, writes in public; safe to run any number of times."""
    today = today or timezone.localdate()
    with schema_context("public"):
        municipality = (Municipality.objects.get(schema_name=schema_name) if municipality is None
                        else Municipality.objects.get(pk=municipality.pk))
    with tenant_context(municipality):
        values, sources = figures_collect(today=today)
        listing = listing_collect() if sources.get(LISTING_SOURCE) else []
        open_data = _ask(OPEN_DATA_SOURCE, "open_data_summary")
    with schema_context("public"):
        return figures_store(municipality=municipality, today=today, values=values,
                             sources=sources, listing=listing, open_data=open_data)


@transaction.atomic
def figures_store(*, municipality: Municipality, today: datetime.date, values: dict,
                  sources: dict, listing: list[dict] | None,
                  open_data: dict | None = None) -> MunicipalityFigures:
    open_data_store(municipality=municipality, summary=open_data)
    values = dict(values)
    network = values.pop("network", None)
    if network is not None:
        network_store(municipality=municipality, rows=network)
    values = {**values, "capacity_wider": {},
              "capacity_totals": capacity_totals(values.get("capacity_by_type") or {})}
    if values.get("capacity_source"):  # the lines are known: count each in its own area
        values.update(counted_capacity(values, municipality))
    row, _created = MunicipalityFigures.objects.update_or_create(
        municipality=municipality, period=today.year,
        defaults={**values, "sources": sources, "computed_on": today,
                  "population": municipality.population,
                  "population_65": municipality.population_65})
    if listing is not None:
        listing_store(municipality=municipality, entries=listing)
    return row


def network_store(*, municipality: Municipality, rows: list[dict]) -> int:
    """Replace the municipality's network rows: one DELETE and one INSERT, whatever their
    number (a source that failed or is not installed leaves none: n/a, not an old figure)."""
    NetworkFigure.objects.filter(municipality=municipality).delete()
    NetworkFigure.objects.bulk_create(NetworkFigure(municipality=municipality, **row)
                                      for row in rows)
    return len(rows)


def open_data_store(*, municipality: Municipality, summary: dict | None) -> None:
    """Keep the municipality's open data record; a summary that did not come (the portal
    failed or is not installed) leaves the last record as it was."""
    if not isinstance(summary, dict):
        return
    datasets = [{"name": str(d["name"]), "title": str(d["title"])[:250],
                 "description": str(d.get("description") or "")[:1000], "rows": int(d["rows"])}
                for d in summary.get("datasets") or [] if d.get("rows")]
    fields = {"licence": str(summary["licence"])[:20], "licence_url": str(summary["licence_url"]),
              "datasets": datasets}
    old = OpenDataRecord.objects.filter(municipality=municipality).values(*fields).first()
    if old == fields:
        return   # unchanged: dct:modified keeps the day the data last changed
    OpenDataRecord.objects.update_or_create(municipality=municipality,
                                            defaults={**fields, "modified": summary["modified"]})


def listing_store(*, municipality: Municipality, entries: list[dict]) -> int:
    rows = []
    for entry in entries:
        towns = [str(t) for t in entry.get("towns") or []]
        rows.append(ServiceListing(
            municipality=municipality, service_id=entry["service_id"],
            service=str(entry["service"])[:250], provider=str(entry.get("provider") or "")[:250],
            service_type=str(entry.get("service_type") or "")[:60],
            target_groups=[str(t) for t in entry.get("target_groups") or []], towns=towns,
            path=str(entry["path"])[:300],
            search=fold(" ".join(str(part) for part in
                                 (entry["service"], entry.get("provider"), *towns) if part))))
    ServiceListing.objects.filter(municipality=municipality).delete()
    ServiceListing.objects.bulk_create(rows)
    return len(rows)
