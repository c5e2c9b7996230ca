"""Regional figures of this municipality's catalogue (read by regional coordination).

``municipality_figures(today)`` and ``regional_listing()`` run inside the municipality's
schema (ARCHITECTURE.md, point 7). ``capacity_items`` is the contract of WAVE decision 2: one
item per registered capacity line —

    {"service_type": "cz-40", "target_groups": ["seniors"], "form": "field", "unit": "client",
     "capacity": 120, "covers": ["district:3201"], "source": "catalogue" | "registry"}

``covers`` empty means the owning municipality's own unit. While the municipality's staff
have built no catalogue (no service at all), the items come from the national registry's
snapshot of its territory, marked ``"source": "registry"`` — a service registered with a
scope (okres, kraj …) covers that scope; one with only facilities covers the obce they are in.
"""

import datetime

from django.db import connection

from tenants.catalogue import capacities as capacity_lines
from tenants.catalogue import selectors
from tenants.catalogue.models import Service


def _add(bucket: dict, key: str, unit: str, amount: int) -> None:
    per_unit = bucket.setdefault(key, {})
    per_unit[unit] = per_unit.get(unit, 0) + amount


def _catalogue_items() -> tuple[int, list[dict]]:
    count, items = 0, []
    for service_type, groups, lines, covers in Service.objects.filter(
            status=Service.Status.ACTIVE).values_list(
            "service_type", "target_groups", "capacities", "covers"):
        count += 1
        for line in lines:
            items.append({"service_type": service_type, "target_groups": list(groups),
                          "form": line["form"], "unit": line["unit"],
                          "capacity": int(line["capacity"]), "covers": list(covers),
                          "source": "catalogue"})
    return count, items


def registry_items() -> tuple[int, list[dict]]:
    """(services, capacity items) of the registry snapshot for this municipality's
    territory."""
    from hub.rpss.selectors import snapshot_for

    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "country", "") != "CZ":
        return 0, []
    count, items = 0, []
    for row in snapshot_for(tenant).filter(ended_on__isnull=True, gone=False).exclude(
            service_type=""):
        record = row.record
        count += 1
        covers = list(record["scope"]) or sorted(
            {f"municipality:{f['town_code']}" for f in record["facilities"]
             if f["town_code"] and not f["hidden"]})
        for form in record["forms"]:
            for line in form["capacities"]:
                items.append({"service_type": record["service_type"],
                              "target_groups": list(record["target_groups"]),
                              "form": form["form"], "unit": line["unit"],
                              "capacity": int(line["capacity"]), "covers": covers,
                              "source": "registry"})
    return count, items


def municipality_figures(today: datetime.date) -> dict:
    count, items = _catalogue_items()
    source = "catalogue"
    if count == 0:
        registered, registry = registry_items()
        if registered:
            count, items, source = registered, registry, "registry"
    capacity_by_type, capacity_by_group, senior = {}, {}, {}
    for item in items:
        _add(capacity_by_type, item["service_type"], item["unit"], item["capacity"])
        for group in item["target_groups"]:
            _add(capacity_by_group, group, item["unit"], item["capacity"])
        if "seniors" in item["target_groups"]:
            senior[item["unit"]] = senior.get(item["unit"], 0) + item["capacity"]
    return {"services": count, "capacity_by_type": capacity_by_type,
            "capacity_by_target_group": capacity_by_group, "senior_capacity": senior,
            "capacity_items": items, "capacity_source": source,
            "catalogue_updated_at": selectors.catalogue_updated_at()}


def regional_listing() -> list[dict]:
    """The public catalogue's entries for the regional catalogue: towns of the places (none
    for a hidden address) and of the units covered."""
    from tenants.catalogue import coverage

    services = list(selectors.service_full(Service.objects.filter(
        status=Service.Status.ACTIVE)).order_by("name", "id"))
    names = {d["key"]: d["name"] for d in coverage.describe(
        sorted({k for s in services for k in s.covers}), "cs")}
    rows = []
    for service in services:
        places = set() if service.hidden_address else {loc.town for loc in
                                                       service.locations.all()}
        towns = sorted(places | {names.get(k, k) for k in service.covers})
        rows.append({"service_id": str(service.uuid), "service": service.name,
                     "provider": service.provider.name, "service_type": service.service_type,
                     "target_groups": list(service.target_groups), "towns": towns,
                     "covers": list(service.covers), "hidden_address": service.hidden_address,
                     "capacity": capacity_lines.totals(service.capacities),
                     "path": f"/catalogue/services/{service.uuid}/"})
    return rows
