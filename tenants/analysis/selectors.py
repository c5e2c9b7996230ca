"""Reads of the needs analysis: the municipality's areas, population by band, publication."""

from django.db import connection

from hub.municipalities.models import TerritorialUnit
from hub.municipalities.selectors import area_municipality_units
from tenants.analysis import bands
from tenants.analysis.models import (
    DemographyImport,
    DemographyStamp,
    Norm,
    PopulationCount,
    Publication,
    TypeSetting,
)

#: How an area wider than an obec is marked (the same words in Slovak and Czech).
AREA_SUFFIX = {TerritorialUnit.Level.ORP: "ORP", TerritorialUnit.Level.DISTRICT: "okres",
               TerritorialUnit.Level.REGION: "kraj"}


def areas() -> list[dict]:
    """The municipality's own territorial unit first, then (for an ORP, okres or kraj) the
    obce it is made of: [{code, name, level, own}]. Empty when its unit is not known."""
    tenant = getattr(connection, "tenant", None)
    unit = getattr(tenant, "territory", None) if getattr(tenant, "territory_id", None) else None
    if unit is None:
        return []
    # "Benešov (ORP)" beside the obec Benešov: the whole territory must not read as the town.
    suffix = AREA_SUFFIX.get(unit.level)
    found = [{"code": unit.code, "name": f"{unit.name} ({suffix})" if suffix else unit.name,
              "level": unit.level, "own": True}]
    if unit.level != TerritorialUnit.Level.MUNICIPALITY:
        for member in area_municipality_units(unit).order_by("name", "code"):
            found.append({"code": member.code, "name": member.name, "level": member.level,
                          "own": False})
    return found


def area_names() -> dict[str, str]:
    return {area["code"]: area["name"] for area in areas()}


def is_published() -> bool:
    return Publication.objects.filter(published=True).exists()


def demography_changed_at():
    """When the population counts last changed (services.demography_touched); None before
    the first change since the stamp exists."""
    return DemographyStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()


def has_demo_figures() -> bool:
    return PopulationCount.objects.filter(source=PopulationCount.Source.DEMO).exists()


def years(area_code: str | None = None) -> list[int]:
    counts = PopulationCount.objects.all()
    if area_code:
        counts = counts.filter(area_code=area_code)
    return sorted(set(counts.values_list("year", flat=True)))


def _per_sex(area_code: str, year: int) -> dict:
    return bands.by_sex(PopulationCount.objects.filter(area_code=area_code, year=year).values(
        "sex", "age_from", "age_to", "count"))


def _all_counts(years: set[int] | None = None) -> dict:
    """{(code, year): {sex: {(from, to): count}}}, read once (of ``years`` only, if given)."""
    rows = PopulationCount.objects.all()
    if years is not None:
        rows = rows.filter(year__in=years)
    found: dict = {}
    for row in rows.values("area_code", "year", "sex", "age_from", "age_to", "count"):
        per_sex = found.setdefault((row["area_code"], row["year"]), {})
        per_sex.setdefault(row["sex"], {})[(row["age_from"], row["age_to"])] = row["count"]
    return found


class Demography:
    """Population of the municipality's areas from the counts stored, read once: an area's
    band is its own rows, or the sum over its member obce when every one of them has it.
    ``latest``: read only the counts of each area's latest year (what a network analysis
    needs), not of every year (what the trend needs): a fifth of them with five years.
    ``of_areas``: areas() read already."""

    def __init__(self, *, latest: bool = False, of_areas: list[dict] | None = None):
        self.areas = areas() if of_areas is None else of_areas
        self.members = [a["code"] for a in self.areas if not a["own"]]
        self._bands: dict[tuple, int | None] = {}
        self._years: dict[str, list[int]] = {}
        self._tilings = bands.Tilings()
        self._years_by_code: dict[str, set[int]] | None = None
        self.pairs: set[tuple[str, int]] | None = None
        if latest:
            self.pairs = set(PopulationCount.objects.values_list("area_code", "year")
                             .distinct().order_by())
            self.counts = _all_counts({self.latest_year(a["code"]) for a in self.areas}
                                      - {None})
        else:
            self.counts = _all_counts()

    def band(self, code: str, year: int, age_from, age_to) -> int | None:
        key = (code, year, age_from, age_to)
        if key not in self._bands:
            self._bands[key] = self._band(code, year, age_from, age_to)
        return self._bands[key]

    def _band(self, code: str, year: int, age_from, age_to) -> int | None:
        own = self.counts.get((code, year))
        if own is not None:
            found = bands.total_band(own, age_from, age_to, self._tilings)
            if found is not None:
                return found
        if self.areas and code == self.areas[0]["code"] and self.members:
            parts = [self.band(member, year, age_from, age_to) for member in self.members]
            return None if any(p is None for p in parts) else sum(parts)
        return None

    def target(self, code: str, year: int, target: str) -> int | None:
        return self.band(code, year, *bands.TARGET_RANGES[target])

    def years(self, code: str) -> list[int]:
        if code not in self._years:
            self._years[code] = self._years_of(code)
        return self._years[code]

    def _years_of(self, code: str) -> list[int]:
        by_code = self._year_index()
        own = set(by_code.get(code, ()))
        if self.areas and code == self.areas[0]["code"] and self.members:
            member_years = [by_code.get(m, set()) for m in self.members]
            own |= set.intersection(*member_years) if member_years else set()
        return sorted(own)

    def _year_index(self) -> dict[str, set[int]]:
        """Area code → the years it has counts of, gathered once: looking every area up in all
        pairs, and every obec again for the ORP, was 200 × 500 steps for an ORP of 100 obce."""
        if self._years_by_code is None:
            self._years_by_code = {}
            for c, year in self.counts if self.pairs is None else self.pairs:
                self._years_by_code.setdefault(c, set()).add(year)
        return self._years_by_code

    def latest_year(self, code: str) -> int | None:
        found = self.years(code)
        return found[-1] if found else None

    def standard_bands(self, code: str, year: int) -> list[dict]:
        return [{"label": bands.label(a, b), "count": self.band(code, year, a, b)}
                for a, b in bands.STANDARD] + [
                {"label": "total", "count": self.band(code, year, None, None)}]

    def pyramid(self, code: str, year: int) -> list[dict]:
        """[{label, men, women}] youngest first, from the finest bands men and women share;
        for an area without its own rows, summed over its obce."""
        per_sex = self.counts.get((code, year))
        if per_sex is None and self.areas and code == self.areas[0]["code"] and self.members:
            per_sex = self._summed_by_sex(year)
        if not per_sex:
            return []
        men, women = (dict(bands.finest_bands(per_sex.get(s, {}), self._tilings))
                      for s in ("m", "f"))
        shared = [k for k in men if k in women]
        return [{"label": bands.label(*k), "men": men[k], "women": women[k]} for k in shared]

    def _summed_by_sex(self, year: int) -> dict | None:
        found: dict = {}
        for member in self.members:
            per_sex = self.counts.get((member, year))
            if per_sex is None:
                return None
            for sex, rows in per_sex.items():
                target = found.setdefault(sex, {})
                for key, count in rows.items():
                    target[key] = target.get(key, 0) + count
        # Only bands every obec gave add up to the area's count.
        for sex in list(found):
            found[sex] = {k: v for k, v in found[sex].items()
                          if all(k in (self.counts[(m, year)].get(sex) or {})
                                 for m in self.members)}
        return found

    def trend(self, code: str) -> list[dict]:
        """[{year, seniors (65+), oldest (80+)}] for every year the area has."""
        return [{"year": year, "seniors": self.band(code, year, 65, None),
                 "oldest": self.band(code, year, 80, None)} for year in self.years(code)]


def target_settings() -> dict[str, str]:
    return dict(TypeSetting.objects.values_list("service_type", "target"))


def norms() -> list[Norm]:
    return list(Norm.objects.all())


def norm_by_id(norm_id: int) -> Norm:
    return Norm.objects.get(pk=norm_id)


def recent_imports(limit: int) -> list[DemographyImport]:
    """The latest demography imports, without their stored errors (a list needs none)."""
    return list(DemographyImport.objects.defer("errors")[:limit])


def import_by_id(job_id: int) -> DemographyImport:
    """One import of this municipality (the schema is the boundary); 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(DemographyImport, pk=job_id)
