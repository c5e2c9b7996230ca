"""Read-model rows for many municipalities without a schema each: what the benchmark and the
paging tests build a region (or a whole country) of. Written set-based, as bulk inserts."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.regional.metrics import capacity_totals
from hub.regional.models import MunicipalityFigures, NetworkFigure

#: Names with diacritics, so that searches are tried on real-looking text.
TENTH = Decimal("0.1")
STEMS = ["Benešov", "Žďár", "Čáslav", "Vlašim", "Votice", "Bánov", "Šaľa", "Ľubietová",
         "Kutná Hora", "Říčany", "Mělník", "Kolín"]


@transaction.atomic
def region_build(*, code: str, name: str, country: str, count: int, seed: int = 8,
                 districts: int = 12, today: datetime.date | None = None,
                 prefix: str = "syn") -> Region:
    """A region of ``count`` municipalities (registry rows, no schemas) in ``districts``
    okresy and as many ORPs, each with one read-model row of plausible figures; every tenth
    municipality has no figures yet, every fifth no catalogue source."""
    today = today or timezone.localdate()
    rng = random.Random(seed)  # noqa: S311 — plausible figures, not secrets
    level = TerritorialUnit.Level
    kraj = TerritorialUnit.objects.create(country=country, level=level.REGION,
                                          code=f"K{seed % 1000}", name=name)
    area = Region.objects.create(code=code, name=name, kind="region", country=country,
                                 territory=kraj)
    okresy = [TerritorialUnit.objects.create(country=country, level=level.DISTRICT,
                                             code=f"D{seed % 1000}{i:02d}", name=f"Okres {i + 1}",
                                             parent=kraj) for i in range(districts)]
    orps = [TerritorialUnit.objects.create(country=country, level=level.ORP,
                                           code=f"P{seed % 1000}{i:02d}", name=f"ORP {i + 1}",
                                           parent=kraj) for i in range(districts)]
    obce = TerritorialUnit.objects.bulk_create([
        TerritorialUnit(country=country, level=level.MUNICIPALITY,
                        code=f"{seed % 1000:03d}{i:06d}"[-12:], name=f"Obec {i}",
                        parent=okresy[i % districts], orp=orps[i % districts])
        for i in range(count)])
    places = Municipality.objects.bulk_create([
        Municipality(schema_name=f"m_{prefix}{i}", slug=f"{prefix}{i}",
                     name=f"{STEMS[i % len(STEMS)]} {i:05d}",
                     kind="district" if i % 50 == 0 else "town" if i % 7 == 0 else "village",
                     country=country, language=country.lower(),
                     population=(population := rng.randint(150, 80000)),
                     population_65=population // 5 if i % 3 else None,
                     region=area, territory=obce[i])
        for i in range(count)])
    rows = []
    for i, place in enumerate(places):
        if i % 10 == 9:
            continue  # never computed yet
        catalogue = i % 5 != 4
        types = {t: {"beds": rng.randint(0, 60)} for t in ("sk-35", "sk-36", "sk-38")}
        types["sk-41"] = {"clients": rng.randint(0, 40)}
        rows.append(MunicipalityFigures(
            municipality=place, period=today.year, computed_on=today,
            sources={"plans": True, "participation": True, "catalogue": catalogue},
            population=place.population, population_65=place.population_65,
            services=rng.randint(0, 25) if catalogue else None,
            capacity_by_type=types if catalogue else {},
            capacity_totals=capacity_totals(types) if catalogue else {},
            capacity_by_target_group={"seniors": {"beds": rng.randint(0, 80)}}
            if catalogue else {},
            senior_capacity={"beds": rng.randint(0, 80)} if catalogue else {},
            plan_status=rng.choice(["in_force", "in_force", "draft", ""]),
            plan_year_from=2022, plan_year_to=2027,
            plan_valid_to=datetime.date(rng.choice([2026, 2027, 2028]), 12, 31),
            covered_years=[2022, 2023, 2024, 2025, 2026],
            action_plan_years=rng.sample([2025, 2026, 2027], 2),
            evaluation_years=[2024] + ([2025] if rng.random() < .6 else []),
            fulfilment=rng.randint(0, 1000) / 10, fulfilment_year=2025,
            public_comments=rng.randint(0, 40), meetings_held_12m=rng.randint(0, 12),
            group_members=rng.randint(0, 30)))
    MunicipalityFigures.objects.bulk_create(rows, batch_size=2000)
    return area


#: (service type, target group, unit, target, norm per 1,000 or None: the median's turn).
NETWORK_KEYS = [("sk-35", "seniors", "beds", "65+", Decimal("25.00")),
                ("sk-41", "seniors", "clients", "65+", None),
                ("sk-38", "", "beds", "total", Decimal("1.50")),
                ("sk-28", "family", "clients", "0-14", None)]


@transaction.atomic
def network_build(area: Region, *, seed: int = 8) -> int:
    """Network rows (NetworkFigure) for the area's municipalities that have read-model rows,
    figures computed by network.py's formulas; every seventh municipality has no demography
    (n/a), every eleventh no row of the second key. One bulk insert."""
    rng = random.Random(seed)  # noqa: S311
    rows = []
    ids = MunicipalityFigures.objects.filter(municipality__region=area).values_list(
        "municipality_id", "municipality__population")
    for i, (pk, population) in enumerate(ids):
        for k, (service_type, group, unit, target, norm) in enumerate(NETWORK_KEYS):
            if k == 1 and i % 11 == 0:
                continue
            capacity = rng.randint(0, 80)
            people = None if i % 7 == 3 else max(1, population // (5 if target != "total"
                                                                    else 1))
            standard = norm if norm is not None else Decimal(rng.randint(50, 400)) / 10
            required = None if people is None else (standard * people / 1000).quantize(TENTH)
            gap = None if required is None else (required - capacity).quantize(TENTH)
            rows.append(NetworkFigure(
                municipality_id=pk, service_type=service_type, target_group=group, unit=unit,
                target=target, year=2025 if people else None, capacity=capacity,
                wider=rng.choice([None, 0, 5]), population=people,
                per_1000=None if people is None else
                (Decimal(capacity) * 1000 / people).quantize(Decimal("0.01")),
                standard=standard, standard_source="norm" if norm is not None else "median",
                comparables=0 if norm is not None else 12, required=required, gap=gap,
                share=(gap * 100 / required).quantize(TENTH) if required else None))
    NetworkFigure.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


@transaction.atomic
def region_remove(area: Region) -> None:
    """Undo region_build: the municipalities (and with them their read-model rows), the
    units under the area's kraj, the kraj and the area."""
    Municipality.objects.filter(region=area).delete()
    kraj = area.territory
    Region.objects.filter(pk=area.pk).delete()
    if kraj is not None:
        TerritorialUnit.objects.filter(parent__parent=kraj).delete()
        TerritorialUnit.objects.filter(parent=kraj).delete()
        kraj.delete()
