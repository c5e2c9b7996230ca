"""Reads of the coordinators' network gaps: the network rows of an area's municipalities
(read model only: NetworkFigure) filtered, sorted and paged in SQL, and the area's totals by
service type × target group × unit, each place and each inhabitant counted once.

The totals follow the regional rule (hub/regional/coverage.py): a line counts in the
municipality whose catalogue owns it, so summing every municipality's capacity counts an
ORP-wide service once (in the ORP, never again in its towns); lines covering a wider area
are summed apart and never divided. Inhabitants are counted once too: a municipality whose
territory lies within another municipality of the set (a town within its ORP on the
platform) adds its places to that municipality's group, not its population — the ORP's
target population already holds it. Rates and gaps of the total are over the groups whose
figures are all known; the rest is *n/a*, never 0.

The SQL text is built from table names, column names of a fixed list and placeholders only
(the ``noqa: S608`` lines); every value from a request or data is a parameter.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import caches
from django.db.models import QuerySet

from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.regional import table
from hub.regional.models import NetworkFigure

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
#: The target-group filter's value for the rows of all groups together (a group-wide norm).
ALL_GROUPS = "-"
#: Sortable columns → their SQL; every sort puts the rows without the figure last.
SORTS = {"name": "name_key", "type": "n.service_type", "capacity": "n.capacity",
         "population": "n.population", "per_1000": "n.per_1000", "standard": "n.standard",
         "required": "n.required", "gap": "n.gap", "share": "n.share"}
SORT_DEFAULT = "share"
_FIGURES = ("target", "year", "capacity", "wider", "population", "per_1000", "standard",
            "standard_source", "comparables", "required", "gap", "share")
HUNDREDTH, TENTH = Decimal("0.01"), Decimal("0.1")


@dataclass(frozen=True)
class Filters:
    """The municipalities (name, okres/ORP, kind: table.Filters) and the rows (service type,
    target group, capacity unit). Empty values filter nothing."""

    places: table.Filters = field(default_factory=table.Filters)
    service_type: str = ""
    target_group: str = ""
    unit: str = ""

    @classmethod
    def from_params(cls, params) -> "Filters":
        return cls(places=table.Filters.from_params(params),
                   service_type=params.get("type", "").strip()[:60],
                   target_group=params.get("group", "").strip()[:60],
                   unit=params.get("per", "").strip()[:20])

    def as_params(self) -> dict[str, str]:
        found = {**self.places.as_params(), "type": self.service_type,
                 "group": self.target_group, "per": self.unit}
        return {key: value for key, value in found.items() if value}

    def __bool__(self) -> bool:
        return bool(self.places or self.service_type or self.target_group or self.unit)

    def rows_sql(self) -> tuple[str, list]:
        """AND-conditions on the network rows ``n``."""
        sql, params = "", []
        if self.service_type:
            sql, params = sql + " AND n.service_type = %s", [*params, self.service_type]
        if self.target_group:
            group = "" if self.target_group == ALL_GROUPS else self.target_group
            sql, params = sql + " AND n.target_group = %s", [*params, group]
        if self.unit:
            sql, params = sql + " AND n.unit = %s", [*params, self.unit]
        return sql, params


@dataclass
class Total:
    """The area's total of one service type × target group × unit."""

    service_type: str
    target_group: str
    unit: str
    municipalities: int             # with a row of this key
    capacity: int | None            # every known place, each line once
    wider: int | None               # covering a wider area than its owner: not divided
    population: int | None          # target population, each inhabitant once
    per_1000: Decimal | None
    standard: Decimal | None        # the groups' standards weighted by their population
    standard_sources: list[str]     # "norm" / "median" of the groups counted
    required: Decimal | None
    gap: Decimal | None
    share: Decimal | None
    counted: int                    # groups with every figure known
    groups: int


@dataclass
class Summary:
    area: Region
    filters: Filters
    total: int                      # municipalities of the filtered set
    rows: int                       # lines of the per-municipality table
    totals: list[Total] = field(default_factory=list)
    types: list[str] = field(default_factory=list)     # facets of the set, any key
    groups: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    municipalities: QuerySet | None = None


@dataclass
class Row:
    """One municipality × key of the table; ``key`` None: the municipality has no row."""

    name: str
    slug: str
    stat_code: str
    service_type: str | None
    target_group: str | None
    unit: str | None
    figures: dict


def _ids(municipalities: QuerySet) -> tuple[str, list]:
    sql, params = municipalities.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def _quantize(value, step: Decimal) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(step, ROUND_HALF_UP)


def _int(value) -> int | None:
    return None if value is None else int(value)


def _totals_read(municipalities: QuerySet, filters: Filters) -> list[Total]:
    """One query: each municipality's group (the widest municipality of the set whose
    territory holds its own, else itself), each key's groups, then the area's totals."""
    ids_sql, ids_params = _ids(municipalities)
    rows_sql, rows_params = filters.rows_sql()
    unit = TerritorialUnit._meta.db_table
    query = f"""
        WITH s AS MATERIALIZED (
            SELECT m.id, m.territory_id, t.parent_id AS up1, t.orp_id AS up2,
                   p.parent_id AS up3, o.parent_id AS up4
            FROM {Municipality._meta.db_table} m
            LEFT JOIN {unit} t ON t.id = m.territory_id
            LEFT JOIN {unit} p ON p.id = t.parent_id
            LEFT JOIN {unit} o ON o.id = t.orp_id
            WHERE m.id IN ({ids_sql})),
        up AS (
            SELECT DISTINCT ON (s.id) s.id, coalesce(a.id, s.id) AS top
            FROM s
            LEFT JOIN LATERAL unnest(ARRAY[s.up1, s.up2, s.up3, s.up4]) AS x(unit_id) ON true
            LEFT JOIN s a ON a.territory_id = x.unit_id AND a.id <> s.id
            LEFT JOIN {unit} u ON u.id = a.territory_id
            ORDER BY s.id, a.id IS NULL, u.level = 'region' DESC, a.id),
        g AS (
            SELECT n.*, up.top,
                   bool_or(n.municipality_id = up.top) OVER (
                       PARTITION BY n.service_type, n.target_group, n.unit, up.top) AS has_top
            FROM {NetworkFigure._meta.db_table} n JOIN up ON up.id = n.municipality_id
            WHERE true{rows_sql}),
        grouped AS (
            -- A group whose widest member has no row of this key: each member its own.
            SELECT service_type, target_group, unit,
                   CASE WHEN has_top THEN top ELSE municipality_id END AS grp,
                   count(*) AS members, sum(capacity) AS capacity_known, sum(wider) AS wider,
                   CASE WHEN bool_and(capacity IS NOT NULL) THEN sum(capacity) END AS cap,
                   max(population) FILTER (WHERE municipality_id = top OR NOT has_top) AS pop,
                   max(required) FILTER (WHERE municipality_id = top OR NOT has_top) AS req,
                   max(standard) FILTER (WHERE municipality_id = top OR NOT has_top) AS std,
                   max(standard_source) FILTER (WHERE municipality_id = top OR NOT has_top)
                       AS src
            FROM g GROUP BY 1, 2, 3, 4)
        SELECT service_type, target_group, unit, sum(members), sum(capacity_known),
               sum(wider), sum(pop),
               sum(cap) FILTER (WHERE pop > 0 AND cap IS NOT NULL),
               sum(pop) FILTER (WHERE pop > 0 AND cap IS NOT NULL),
               sum(req) FILTER (WHERE req IS NOT NULL AND pop > 0 AND cap IS NOT NULL),
               sum(cap) FILTER (WHERE req IS NOT NULL AND pop > 0 AND cap IS NOT NULL),
               sum(pop) FILTER (WHERE req IS NOT NULL AND pop > 0 AND cap IS NOT NULL),
               sum(std * pop) FILTER (WHERE req IS NOT NULL AND pop > 0 AND cap IS NOT NULL),
               count(*) FILTER (WHERE req IS NOT NULL AND pop > 0 AND cap IS NOT NULL),
               count(*),
               array_agg(DISTINCT src) FILTER (WHERE req IS NOT NULL AND pop > 0
                                               AND cap IS NOT NULL AND src <> '')
        FROM grouped GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""  # noqa: S608
    with table._cursor() as cursor:
        cursor.execute(query, ids_params + rows_params)
        found = cursor.fetchall()
    totals = []
    for (service_type, group, unit_, members, capacity, wider, population, rate_cap, rate_pop,
         required, required_cap, required_pop, weighted, counted, groups, sources) in found:
        per_1000 = _quantize(Decimal(rate_cap) * 1000 / rate_pop, HUNDREDTH) \
            if rate_pop else None
        gap = _quantize(required - required_cap, TENTH) if counted else None
        totals.append(Total(
            service_type=service_type, target_group=group, unit=unit_,
            # sum() of integers comes as numeric: whole numbers again, for JSON too.
            municipalities=int(members), capacity=_int(capacity), wider=_int(wider),
            population=_int(population),
            per_1000=per_1000,
            standard=_quantize(weighted / required_pop, HUNDREDTH) if counted else None,
            standard_sources=sorted(sources or []),
            required=_quantize(required, TENTH) if counted else None, gap=gap,
            share=_quantize(gap * 100 / required, TENTH) if counted and required else None,
            counted=counted, groups=groups))
    return totals


def _counts_and_facets(municipalities: QuerySet, filters: Filters) -> dict:
    """The set's size, the table's lines and the keys its municipalities have (any key, for
    the filter's choices): one query."""
    ids_sql, ids_params = _ids(municipalities)
    rows_sql, rows_params = filters.rows_sql()
    table_name = NetworkFigure._meta.db_table
    query = f"""
        WITH s AS MATERIALIZED (SELECT m.id FROM {Municipality._meta.db_table} m
                                WHERE m.id IN ({ids_sql}))
        SELECT (SELECT count(*) FROM s),
               (SELECT count(*) FROM s LEFT JOIN {table_name} n
                    ON n.municipality_id = s.id{rows_sql}),
               ARRAY(SELECT DISTINCT n.service_type FROM {table_name} n JOIN s
                     ON s.id = n.municipality_id),
               ARRAY(SELECT DISTINCT n.target_group FROM {table_name} n JOIN s
                     ON s.id = n.municipality_id),
               ARRAY(SELECT DISTINCT n.unit FROM {table_name} n JOIN s
                     ON s.id = n.municipality_id)"""  # noqa: S608
    with table._cursor() as cursor:
        cursor.execute(query, ids_params + rows_params)
        total, rows, types, groups, units = cursor.fetchone()
    return {"total": total, "rows": rows, "types": sorted(types), "groups": sorted(groups),
            "units": sorted(units)}


def summary(area: Region, *, filters: Filters | None = None) -> Summary:
    """The filtered set's totals, size and facets, from the platform cache while the read
    model is unchanged (keyed by its fingerprint, as the overview's summary): paging and
    sorting read them once. Redis down: read every time."""
    filters = filters or Filters()
    municipalities = table.filtered_municipalities(area, filters.places)
    key = "regional:gaps:" + hashlib.sha256(repr((
        area.pk, area.kind, filters, table._fingerprint())).encode()).hexdigest()
    cache = caches["platform"]
    stored = cache.get(key)
    if stored is None:
        stored = {**_counts_and_facets(municipalities, filters),
                  "totals": _totals_read(municipalities, filters)}
        cache.set(key, stored, table.CACHE_SECONDS)
    return Summary(area=area, filters=filters, municipalities=municipalities, **stored)


def _select(where: str) -> str:
    figures = ", ".join(f"n.{name}" for name in _FIGURES)
    return f"""
        SELECT m.name, m.slug, coalesce(t.code, ''), n.service_type, n.target_group, n.unit,
               {figures}, unaccent(lower(m.name)) AS name_key
        FROM {Municipality._meta.db_table} m
        LEFT JOIN {TerritorialUnit._meta.db_table} t ON t.id = m.territory_id
        LEFT JOIN {NetworkFigure._meta.db_table} n ON n.municipality_id = m.id{{rows}}
        WHERE {where}"""  # noqa: S608


def _row(values: tuple) -> Row:
    name, slug, code, service_type, group, unit = values[:6]
    return Row(name=name, slug=slug, stat_code=code, service_type=service_type,
               target_group=group, unit=unit,
               figures=dict(zip(_FIGURES, values[6:6 + len(_FIGURES)], strict=True)))


def sort_key(requested: str) -> str:
    return requested if requested in SORTS else SORT_DEFAULT


def page_rows(found: Summary, *, sort: str, descending: bool, number, size: int = PAGE_SIZE
              ) -> table.Page:
    """One page of the table: every municipality of the set with each of its rows that pass
    the filter (one line with *n/a* when it has none), in the order asked; one query."""
    number = table.page_number(number, size, found.rows)
    ids_sql, ids_params = _ids(found.municipalities)
    rows_sql, rows_params = found.filters.rows_sql()
    direction = "DESC" if descending else "ASC"
    by = SORTS[sort_key(sort)]
    order = f"{by} {direction}" if by == "name_key" else \
        f"{by} {direction} NULLS LAST, name_key"
    query = (_select(f"m.id IN ({ids_sql})").replace("{rows}", rows_sql)
             + f" ORDER BY {order}, m.id, n.service_type, n.target_group, n.unit"
               f" LIMIT {int(size)} OFFSET {int((number - 1) * size)}")
    with table._cursor() as cursor:
        cursor.execute(query, rows_params + ids_params)
        rows = [_row(values) for values in cursor.fetchall()]
    return table.Page(number=number, size=size, total=found.rows, rows=rows)


def iter_rows(found: Summary, *, chunk: int = 500):
    """Every line of the table by municipality name, a chunk of municipalities at a time
    (exports stream it)."""
    rows_sql, rows_params = found.filters.rows_sql()
    query = (_select("m.id = ANY(%s)").replace("{rows}", rows_sql)
             + " ORDER BY name_key, m.id, n.service_type, n.target_group, n.unit")
    ids = found.municipalities.order_by("name", "pk").values_list("pk", flat=True)
    batch = []
    for pk in ids.iterator(chunk_size=chunk):
        batch.append(pk)
        if len(batch) == chunk:
            yield from _batch(query, rows_params, batch)
            batch = []
    if batch:
        yield from _batch(query, rows_params, batch)


def _batch(query: str, params: list, ids: list[int]):
    with table._cursor() as cursor:
        cursor.execute(query, [*params, ids])
        found = cursor.fetchall()
    return [_row(values) for values in found]
