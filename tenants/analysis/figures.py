"""Figures of the network analysis for the regional read model (a worker reads them inside
the municipality's schema): the rows of its own territory, aggregates only."""

import datetime

from tenants.analysis import network


def _wider(lines: list[dict], service_type: str, group: str, unit: str) -> int:
    """Capacity of the lines covering more than the territory, counted as network._capacity
    counts a row's lines (each line once, a group-wide row takes every group)."""
    return sum(item["capacity"] for item in lines if item["service_type"] == service_type
               and item["unit"] == unit and (not group or group in item["target_groups"]))


def municipality_figures(today: datetime.date) -> dict:
    """{"network": [{service_type, target_group, unit, target, year, capacity, wider,
    population, per_1000, standard, standard_source, comparables, required, gap, share}]}
    of the municipality's own area; no obce rows (members=[]): the read model compares
    municipalities, and each obec on the platform sends its own."""
    analysis = network.network_analysis(today=today, members=[])
    own = analysis.areas[0]
    known = analysis.capacity_known
    return {"network": [{
        "service_type": row.service_type, "target_group": row.target_group, "unit": row.unit,
        "target": row.target, "year": own.year, "capacity": row.capacity,
        "wider": _wider(analysis.wider, row.service_type, row.target_group, row.unit)
        if known else None,
        "population": row.population, "per_1000": row.per_1000, "standard": row.standard,
        "standard_source": row.standard_source, "comparables": row.comparables,
        "required": row.required, "gap": row.gap, "share": row.share,
    } for row in own.rows]}
