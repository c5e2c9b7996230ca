"""The coordinators' comparison of the planning's self-assessments: per municipality its latest
scores by area (read model only: MunicipalityFigures.quality_*), and each area's mean over the
municipalities that have assessed it. Aggregates only — never a criterion, comment or evidence.
"""

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import QuerySet

from hub.regional import table
from hub.regional.models import MunicipalityFigures
from hub.taxonomy import QUALITY_AREAS

PAGE_SIZE = 50


@dataclass
class Comparison:
    areas: list[tuple[str, str]]        # (code, name)
    area_means: list                    # Decimal | None, in the order of ``areas``
    overall_mean: Decimal | None
    assessed: int                       # municipalities with a self-assessment
    total: int
    page: object                        # a Paginator page of rows
    rows: list[dict]                    # {name, slug, year, overall, scores: [score|None]}


def _latest(municipalities: QuerySet):
    return (MunicipalityFigures.objects.filter(municipality__in=municipalities)
            .order_by("municipality_id", "-period").distinct("municipality_id"))


def _mean(values: list) -> Decimal | None:
    if not values:
        return None
    return (sum(Decimal(str(v)) for v in values) / len(values)).quantize(
        Decimal("0.1"), ROUND_HALF_UP)


def _means_read(municipalities: QuerySet) -> dict:
    """Each area's mean and the overall mean over the set's latest assessed rows."""
    codes = [code for code, _name in QUALITY_AREAS]
    by_area = {code: [] for code in codes}
    overall = []
    for row in _latest(municipalities).filter(quality_year__isnull=False).values(
            "quality_overall", "quality_areas").iterator(chunk_size=2000):
        if row["quality_overall"] is not None:
            overall.append(row["quality_overall"])
        for code in codes:
            if (row["quality_areas"] or {}).get(code) is not None:
                by_area[code].append(row["quality_areas"][code])
    return {"area_means": [_mean(by_area[code]) for code in codes],
            "overall_mean": _mean(overall), "assessed": len(overall)}


def _means(municipalities: QuerySet) -> dict:
    """The means from the platform cache while the read model is unchanged (the overview's
    summary is kept the same way): a national coordinator paging through 9,000 municipalities
    reads their rows once, not on every page."""
    key = "regional:quality:" + hashlib.sha256(repr((
        str(municipalities.query), table._fingerprint())).encode()).hexdigest()
    cache = caches["platform"]
    stored = cache.get(key)
    if stored is None:
        stored = _means_read(municipalities)
        cache.set(key, stored, table.CACHE_SECONDS)
    return stored


def comparison(municipalities: QuerySet, *, number=None, size: int = PAGE_SIZE) -> Comparison:
    """The filtered set's means (one pass over its latest rows) and one page of municipalities
    by name with their scores."""
    codes = [code for code, _name in QUALITY_AREAS]
    means = _means(municipalities)
    page = Paginator(municipalities.order_by("name", "pk").values("pk", "name", "slug"),
                     size).get_page(number)
    figures = {f.municipality_id: f for f in _latest([p["pk"] for p in page.object_list])
               .only("municipality_id", "quality_year", "quality_overall", "quality_areas")}
    rows = []
    for place in page.object_list:
        f = figures.get(place["pk"])
        year = f.quality_year if f is not None else None
        scores = (f.quality_areas or {}) if year else {}
        rows.append({"name": place["name"], "slug": place["slug"], "year": year,
                     "overall": f.quality_overall if year else None,
                     "scores": [scores.get(code) for code in codes]})
    return Comparison(areas=[(code, str(name)) for code, name in QUALITY_AREAS],
                      area_means=means["area_means"], overall_mean=means["overall_mean"],
                      assessed=means["assessed"], total=page.paginator.count, page=page,
                      rows=rows)
