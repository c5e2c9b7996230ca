"""Regional figures of this municipality's catalogue (read by regional coordination).

``municipality_figures(today)`` and ``regional_listing()`` run inside the municipality's
schema; see the contract in /work/BRIEF.md.
"""

import datetime

from tenants.catalogue import selectors
from tenants.catalogue.models import Service


def _add(bucket: dict, key: str, unit: str, amount: int) -> None:
    per_unit = bucket.setdefault(key, {})
    per_unit[unit] = per_unit.get(unit, 0) + amount


def municipality_figures(today: datetime.date) -> dict:
    capacity_by_type, capacity_by_group, senior = {}, {}, {}
    count = 0
    for service_type, groups, capacity, unit in Service.objects.filter(
            status=Service.Status.ACTIVE).values_list(
            "service_type", "target_groups", "capacity", "capacity_unit"):
        count += 1
        if capacity is None or not unit:
            continue
        _add(capacity_by_type, service_type, unit, capacity)
        for group in groups:
            _add(capacity_by_group, group, unit, capacity)
        if "seniors" in groups:
            senior[unit] = senior.get(unit, 0) + capacity
    return {"services": count, "capacity_by_type": capacity_by_type,
            "capacity_by_target_group": capacity_by_group, "senior_capacity": senior,
            "catalogue_updated_at": selectors.catalogue_updated_at()}


def regional_listing() -> list[dict]:
    rows = []
    for service in selectors.service_full(Service.objects.filter(
            status=Service.Status.ACTIVE)).order_by("name", "id"):
        towns = sorted({loc.town for loc in service.locations.all()} | set(service.areas))
        rows.append({"service_id": str(service.uuid), "service": service.name,
                     "provider": service.provider.name, "service_type": service.service_type,
                     "target_groups": list(service.target_groups), "towns": towns,
                     "path": f"/catalogue/services/{service.uuid}/"})
    return rows
