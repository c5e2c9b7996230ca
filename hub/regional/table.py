"""The comparison in SQL: an area's municipalities filtered, sorted and paged in the database,
medians and quartiles of the whole filtered set by ``percentile_cont`` — never from a page.

Each figure of metrics.columns_for() has one SQL expression here that computes what
metrics.row_values() computes in Python for a row already read (the same rounding, ``NULL``
where the source is not available), so sorting and medians over 9,000 rows stay in
PostgreSQL while the 50 rows of a page are still written by the one Python path.

The SQL text is built here from table names, constant expressions and placeholders only (the
``noqa: S608`` lines); every value that comes from data or a request is a parameter.
"""

import datetime
import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import translation

from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.regional import metrics
from hub.regional.models import MunicipalityFigures

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
#: Municipality kinds a coordinator can compare among themselves (a town with towns …).
KINDS = [choice for choice, _label in Municipality.Kind.choices]


@dataclass(frozen=True)
class Filters:
    """What narrows an area's municipalities: words of the name, a territorial unit's code
    (kraj, okres or ORP) and a kind. Empty values filter nothing."""

    query: str = ""
    unit: str = ""
    kind: str = ""

    @classmethod
    def from_params(cls, params) -> "Filters":
        kind = params.get("kind", "")
        return cls(query=" ".join(params.get("q", "")[:100].split()),
                   unit=params.get("unit", "").strip()[:12].upper(),
                   kind=kind if kind in KINDS else "")

    def as_params(self) -> dict[str, str]:
        found = {"q": self.query, "unit": self.unit, "kind": self.kind}
        return {key: value for key, value in found.items() if value}

    def __bool__(self) -> bool:
        return bool(self.query or self.unit or self.kind)


def area_scope(area: Region) -> Q:
    field_ = "region" if area.kind == Region.Kind.REGION else "district"
    return Q(**{field_: area})


def filtered_municipalities(area: Region, filters: Filters) -> QuerySet[Municipality]:
    """The area's municipalities that pass the filters; the area is always the outer bound,
    so a filter can only narrow it (another region's unit code finds nothing)."""
    found = Municipality.objects.filter(area_scope(area))
    # unaccent on both sides and case-insensitive: "benesov" finds "Benešov" (text.fold's rule).
    for word in filters.query.split()[:8]:
        found = found.filter(name__unaccent__icontains=word)
    if filters.unit:
        code = filters.unit
        found = found.filter(Q(territory__code=code) | Q(territory__parent__code=code)
                             | Q(territory__orp__code=code)
                             | Q(territory__parent__parent__code=code)
                             | Q(territory__orp__parent__code=code))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return found


def area_units(area: Region) -> list[TerritorialUnit]:
    """The okresy and ORPs of the area's kraj (one indexed query) when the area is a known
    unit; else the kraje, okresy and ORPs its municipalities lie in (a scan of the area)."""
    levels = [TerritorialUnit.Level.DISTRICT, TerritorialUnit.Level.ORP]
    if area.territory_id is not None:
        return list(TerritorialUnit.objects.filter(parent_id=area.territory_id, level__in=levels)
                    .order_by("level", "name"))
    unit = TerritorialUnit._meta.db_table
    ids_sql, ids_params = (Municipality.objects.filter(area_scope(area))
                           .exclude(territory=None).values("territory_id").query.sql_with_params())
    # Table names from the models, the ids' subquery from the ORM: no input in the text.
    sql = f"""
        SELECT DISTINCT x FROM {unit} t
        LEFT JOIN {unit} p ON p.id = t.parent_id
        LEFT JOIN {unit} o ON o.id = t.orp_id,
        unnest(ARRAY[t.id, t.parent_id, t.orp_id, p.parent_id, o.parent_id]) AS x
        WHERE t.id IN ({ids_sql}) AND x IS NOT NULL"""  # noqa: S608
    with _cursor() as cursor:
        cursor.execute(sql, ids_params)
        ids = [row[0] for row in cursor.fetchall()]
    return list(TerritorialUnit.objects.filter(pk__in=ids, level__in=levels)
                .order_by("level", "name"))


# The filtered set as SQL ------------------------------------------------------------------

@contextmanager
def _cursor():
    """A cursor for a query over the whole set, without JIT: the planner's row estimates of
    jsonb functions are 100× too high, so it JIT-compiles queries that run in milliseconds —
    measured 0.1 s at 1,144 rows and 2 s at 9,000 of compiling (bench/regional.py)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


class _Sql:
    """Builds the expressions of one query; every value from data (unit names, years) goes
    in as a parameter, never into the text."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.params: list = []

    def param(self, value) -> str:
        self.params.append(value)
        return "%s"

    @staticmethod
    def available(source: str) -> str:
        # Source names are the read model's own constants (services.SOURCES), not input.
        return f"coalesce((f.sources ->> '{source}')::boolean, false)"

    def expression(self, column: metrics.Column) -> str:
        key = column.key
        if key == "population":
            return "m.population"
        if key == "name":
            return "unaccent(lower(m.name))"
        if key.startswith("capacity_per_1000:"):
            unit = self.param(key.split(":", 1)[1])
            value = (f"round((f.capacity_totals ->> {unit})::numeric * 1000"
                     f" / nullif(m.population, 0), 1)")
        elif key.startswith("senior_per_1000_65:"):
            unit = self.param(key.split(":", 1)[1])
            value = (f"round((f.senior_capacity ->> {unit})::numeric * 1000"
                     f" / nullif(m.population_65, 0), 1)")
        elif key in ("action_plan_this_year", "action_plan_next_year"):
            year = self.today.year + (key == "action_plan_next_year")
            value = f"(f.action_plan_years @> to_jsonb({self.param(year)}::int))"
        elif key in _PLAIN:
            value = f"f.{key}"
        else:
            raise KeyError(key)
        return f"(CASE WHEN {self.available(column.source)} THEN {value} END)" \
            if column.source else value


#: Figures stored as they are shown (a column of MunicipalityFigures of the same name).
_PLAIN = {"services", "plan_status", "plan_valid_to", "fulfilment", "public_comments",
          "meetings_held_12m", "group_members", "catalogue_updated_at"}


def _from(municipalities: QuerySet[Municipality], also: str = "") -> tuple[str, list]:
    """FROM … WHERE of the filtered set, each municipality with its latest figures row;
    ``also`` adds set-returning items over ``f`` (constant text, no parameters)."""
    ids_sql, ids_params = municipalities.order_by().values("pk").query.sql_with_params()
    return (f"""
        FROM {Municipality._meta.db_table} m
        LEFT JOIN LATERAL (
            SELECT * FROM {MunicipalityFigures._meta.db_table} x
            WHERE x.municipality_id = m.id ORDER BY x.period DESC LIMIT 1) f ON true{also}
        WHERE m.id IN ({ids_sql})""", list(ids_params))  # noqa: S608


def units_found(municipalities: QuerySet[Municipality]) -> tuple[list[str], list[str]]:
    """Capacity units of the filtered set (from available catalogues) and senior units, in
    one pass: the capacity columns exist per unit found, as in the Python comparison."""
    sql, params = _from(municipalities, f""",
        LATERAL (SELECT 'c' || k FROM jsonb_object_keys(CASE WHEN {_Sql.available("catalogue")}
                                    THEN f.capacity_totals ELSE '{{}}' END) AS k
                 UNION ALL SELECT 's' || k FROM jsonb_object_keys(f.senior_capacity) AS k)
            AS keys(key)""")  # noqa: S608
    with _cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT keys.key {sql}", params)
        keys = sorted(row[0] for row in cursor.fetchall())
    return [k[1:] for k in keys if k[0] == "c"], [k[1:] for k in keys if k[0] == "s"]


def _exact(value: float) -> Decimal:
    """percentile_cont answers in floating point: 3.15 may come as 3.1499999999999995.
    The figures have one decimal, so six places hold every true quantile exactly."""
    return Decimal(repr(value)).quantize(Decimal("0.000001"), ROUND_HALF_UP)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return _exact(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Summary:
    """What the whole filtered set amounts to: its size, figures, medians and the fences
    beyond which a value is an outlier (Tukey's, as metrics.outlier_bounds); and the ids of
    the orderings asked for with it (a page, the top ten …)."""

    area: Region
    today: datetime.date
    filters: Filters
    total: int
    columns: list[metrics.Column]
    medians: dict = field(default_factory=dict)
    bounds: dict = field(default_factory=dict)
    refreshed_at: datetime.datetime | None = None
    municipalities: QuerySet | None = None
    ids: list[list[int]] = field(default_factory=list)
    values: list = field(default_factory=list)
    #: {kind: fences} when the set has municipalities of several kinds: each row is judged
    #: against its own kind (an ORP with ORPs, a town with towns), never the mixed set.
    kind_bounds: dict = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # of the set, in Municipality.Kind's order

    def column(self, key: str) -> metrics.Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def numeric(self) -> list[metrics.Column]:
        return [c for c in self.columns if c.numeric]


@dataclass(frozen=True)
class Order:
    """One ordering of the filtered set to read with the summary: ids of rows offset … limit."""

    sort: str = "name"
    descending: bool = False
    limit: int | None = PAGE_SIZE
    offset: int = 0


def _order_by(sort_value: str | None, descending: bool) -> str:
    """Those without the figure last whichever the direction, then by name."""
    direction = "DESC" if descending else "ASC"
    if sort_value is None:
        return f"name_key {direction}, id {direction}"
    return f"{sort_value} {direction} NULLS LAST, name_key, id"


#: Seconds a summary is kept; a refresh of any figure changes the key sooner (_fingerprint).
CACHE_SECONDS = 300


class _RequestMemo(threading.local):
    """The fingerprint read once per request: an overview asks for its summary and one per
    kind of municipality, each keyed by it; one count over the read model is enough. Only
    inside a request (reset when one starts and ends) — a task or shell reads every time."""

    active = False
    value: str | None = None


_memo = _RequestMemo()


def _request_started(**_kwargs) -> None:
    _memo.active, _memo.value = True, None


def _request_finished(**_kwargs) -> None:
    _memo.active, _memo.value = False, None


request_started.connect(_request_started, dispatch_uid="regional-fingerprint-start")
request_finished.connect(_request_finished, dispatch_uid="regional-fingerprint-end")


def _fingerprint() -> str:
    """Changes whenever a read-model row is written or removed: its key of the cache. Edits
    of a municipality's name or population reach the summaries within CACHE_SECONDS."""
    if _memo.active and _memo.value is not None:
        return _memo.value
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), max(refreshed_at) "  # noqa: S608
                       f"FROM {MunicipalityFigures._meta.db_table}")
        count, last = cursor.fetchone()
    found = f"{count}:{last.timestamp() if last else 0}"
    if _memo.active:
        _memo.value = found
    return found


def summary(area: Region, *, today: datetime.date, filters: Filters = Filters(),
            orders: tuple[Order, ...] = (), values_of: str = "") -> Summary:
    """The summary (_summary_read) from the platform cache when the read model has not
    changed since it was computed: a coordinator paging, sorting back and forth or switching
    between the overview and a chart reads the set once. Redis down: read every time."""
    key = "regional:summary:" + hashlib.sha256(repr((
        area.pk, area.kind, today.isoformat(), filters, orders, values_of, _fingerprint(),
        translation.get_language())).encode()).hexdigest()
    cache = caches["platform"]
    stored = cache.get(key)
    if stored is None:
        found = _summary_read(area, today=today, filters=filters, orders=orders,
                              values_of=values_of)
        cache.set(key, {name: getattr(found, name) for name in _KEPT}, CACHE_SECONDS)
        return found
    return Summary(area=area, today=today, filters=filters,
                   municipalities=filtered_municipalities(area, filters), **stored)


#: What a cached summary holds: plain values (never the queryset, which pickling would run).
_KEPT = ("total", "columns", "medians", "bounds", "refreshed_at", "ids", "values",
         "kind_bounds", "kinds")


def _summary_read(area: Region, *, today: datetime.date, filters: Filters = Filters(),
                  orders: tuple[Order, ...] = (), values_of: str = "") -> Summary:
    """Count, medians, quartiles and the oldest refresh of the filtered set, the ids of each
    ordering asked for and, with ``values_of``, that figure's values: one query over the set
    (each row's figures computed once, in a materialised CTE) after one for its units."""
    municipalities = filtered_municipalities(area, filters)
    columns = metrics.columns_for(*units_found(municipalities))
    numeric = [c for c in columns if c.numeric]
    build = _Sql(today)
    computed = {c.key: f"c{i}" for i, c in enumerate(columns) if c.numeric}
    fields = [f"{build.expression(c)} AS {computed[c.key]}" for c in numeric]
    for order in orders:  # a non-numeric sort (plan status, dates) is computed for it alone
        column = columns_by_key(columns).get(order.sort)
        if column is not None and column.key not in computed:
            computed[column.key] = f"c{len(computed) + 100}"
            fields.append(f"{build.expression(column)} AS {computed[column.key]}")
    sql, params = _from(municipalities)
    outputs = ["count(*)", "min(refreshed_at)", "ARRAY(SELECT DISTINCT kind FROM s)"]
    for column in numeric:
        name = computed[column.key]
        outputs.append(f"percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY {name})")
        outputs.append(f"count({name})")
    for order in orders:
        page = "" if order.limit is None else \
            f" LIMIT {int(order.limit)} OFFSET {int(order.offset)}"
        by = _order_by(computed.get(order.sort), order.descending)
        outputs.append(f"ARRAY(SELECT id FROM s ORDER BY {by}{page})")  # noqa: S608
    if values_of in computed:
        name = computed[values_of]
        outputs.append(f"ARRAY(SELECT {name} FROM s WHERE {name} IS NOT NULL)")  # noqa: S608
    per_row = "".join(", " + f for f in fields)
    query = f"""WITH s AS MATERIALIZED (
        SELECT m.id, m.kind, unaccent(lower(m.name)) AS name_key, f.refreshed_at{per_row}
        {sql})
        SELECT {", ".join(outputs)} FROM s"""  # noqa: S608
    with _cursor() as cursor:
        cursor.execute(query, build.params + params)
        found = list(cursor.fetchone())
    result = Summary(area=area, today=today, filters=filters, total=found[0], columns=columns,
                     refreshed_at=found[1], municipalities=municipalities,
                     kinds=[kind for kind in KINDS if kind in found[2]])
    at = 3
    for column in numeric:
        quartiles, count = found[at], found[at + 1]
        at += 2
        result.medians[column.key] = _round(quartiles[1]) if count else None
        if count >= 4:
            q1, q3 = _exact(quartiles[0]), _exact(quartiles[2])
            spread = q3 - q1
            result.bounds[column.key] = (q1 - Decimal("1.5") * spread,
                                         q3 + Decimal("1.5") * spread)
    result.ids = found[at:at + len(orders)]
    if values_of in computed:
        result.values = found[at + len(orders)]
    if not filters.kind and len(result.kinds) > 1:
        result.kind_bounds = {kind: summary(area, today=today, filters=Filters(
            filters.query, filters.unit, kind)).bounds for kind in result.kinds}
    return result


def scope(area: Region, *, today: datetime.date, filters: Filters = Filters()) -> Summary:
    """The filtered set without its figures read (exports: they need the rows, no medians)."""
    return Summary(area=area, today=today, filters=filters, total=0, columns=[],
                   municipalities=filtered_municipalities(area, filters))


def columns_by_key(columns: list[metrics.Column]) -> dict[str, metrics.Column]:
    return {c.key: c for c in columns}


def sort_key(found: Summary, requested: str) -> str:
    return requested if requested == "name" or found.column(requested) else "name"


def ordered_ids(found: Summary, *, sort: str, descending: bool, limit: int | None,
                offset: int = 0) -> list[int]:
    """Municipality ids of the filtered set in the order asked (a query of its own)."""
    build = _Sql(found.today)
    sort_value = None if sort == "name" else build.expression(found.column(sort))
    sql, params = _from(found.municipalities)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with _cursor() as cursor:
        cursor.execute(f"SELECT m.id, unaccent(lower(m.name)) AS name_key {sql} "
                       f"ORDER BY {_order_by(sort_value, descending)}{page}",
                       params + build.params)
        return [row[0] for row in cursor.fetchall()]


PLACE_FIELDS = ("pk", "slug", "name", "kind", "country", "population", "population_65",
                "territory__code")


def rows_for(found: Summary, ids: list[int]) -> list[metrics.Row]:
    """The rows of these municipalities, in this order, outliers marked against the whole
    filtered set (its municipalities of the row's kind): two queries (places, figures)."""
    places = {p["pk"]: p for p in Municipality.objects.filter(pk__in=ids).values(*PLACE_FIELDS)}
    figures = latest_figures(ids)
    rows = []
    for pk in ids:
        place = places[pk]
        row = row_of(place, figures.get(pk), found.today)
        mark_outliers(row, found)
        rows.append(row)
    return rows


def latest_figures(ids) -> dict[int, MunicipalityFigures]:
    found = (MunicipalityFigures.objects.filter(municipality_id__in=ids)
             .order_by("municipality_id", "-period").distinct("municipality_id"))
    return {row.municipality_id: row for row in found}


def row_of(place: dict, figures, today: datetime.date) -> metrics.Row:
    values, unavailable = metrics.row_values(
        figures, population=place["population"], population_65=place["population_65"],
        today=today)
    return metrics.Row(slug=place["slug"], name=place["name"], kind=place["kind"],
                       country=place["country"], figures=figures, values=values,
                       stat_code=place["territory__code"] or "", unavailable=unavailable)


def mark_outliers(row: metrics.Row, found: Summary) -> None:
    """Outliers against the row's own kind when the set mixes kinds, else the set's."""
    bounds = found.kind_bounds.get(row.kind, {}) if found.kind_bounds else found.bounds
    for key, (low, high) in bounds.items():
        column = found.column(key)
        value = row.values.get(key)
        if value is None or metrics.is_unavailable(row, column):
            continue
        if Decimal(value) > high:
            row.outliers[key] = "high"
        elif Decimal(value) < low:
            row.outliers[key] = "low"


@dataclass
class Page:
    """One page of the filtered set: its rows and where it sits among the pages."""

    number: int
    size: int
    total: int
    rows: list = field(default_factory=list)
    ids: list = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return 0 if not self.total else (self.number - 1) * self.size + 1

    @property
    def end_index(self) -> int:
        return min(self.total, self.number * self.size)


def page_number(value, size: int, total: int) -> int:
    """A page number from input: out of range or not a number is the nearest real page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    last = max(1, -(-total // size))
    return min(max(number, 1), last)


def summary_with_page(area: Region, *, today: datetime.date, filters: Filters, sort: str,
                      descending: bool, number, size: int = PAGE_SIZE,
                      rows: bool = True) -> tuple[Summary, Page]:
    """The summary and one page of it. The whole order is read with the summary (9,000 ids
    are 70 kB) and cached with it, so the next page or the way back is a slice. ``rows``
    False: the page's ids only (``Page.ids``), for a caller that caches what it makes of
    the rows (page_key)."""
    order = Order(sort=sort, descending=descending, limit=None)
    found = summary(area, today=today, filters=filters, orders=(order,))
    if sort_key(found, sort) != sort:  # a figure this set does not have: by name
        return summary_with_page(area, today=today, filters=filters, sort="name",
                                 descending=descending, number=number, size=size, rows=rows)
    number = page_number(number, size, found.total)
    ids = found.ids[0][(number - 1) * size:number * size]
    return found, Page(number=number, size=size, total=found.total, ids=ids,
                       rows=rows_for(found, ids) if rows else [])


def page_key(found: Summary, page: Page, what: str) -> str:
    """A cache key for something made of one page's rows: the same municipalities in the same
    order, of the same filtered set (its outlier bounds and columns), on the same read model
    (_fingerprint) and day, in the same language — so as fresh as the summary itself."""
    return f"regional:{what}:" + hashlib.sha256(repr((
        found.area.pk, found.today.isoformat(), found.filters, tuple(page.ids),
        _fingerprint(), translation.get_language())).encode()).hexdigest()


def iter_rows(found: Summary, *, chunk: int = 500):
    """Every row of the filtered set by name, read a chunk at a time (exports stream it)."""
    places = (found.municipalities.order_by("name", "pk").values(*PLACE_FIELDS)
              .iterator(chunk_size=chunk))
    batch = []
    for place in places:
        batch.append(place)
        if len(batch) == chunk:
            yield from _rows_of_batch(batch, found)
            batch = []
    if batch:
        yield from _rows_of_batch(batch, found)


def _rows_of_batch(batch: list[dict], found: Summary):
    figures = latest_figures([p["pk"] for p in batch])
    for place in batch:
        row = row_of(place, figures.get(place["pk"]), found.today)
        mark_outliers(row, found)
        yield row


def capacity_keys(found: Summary) -> tuple[set, set, set, set]:
    """(type, unit) and (target group, unit) pairs, senior units and units of capacity covering
    a wider area of the filtered set: the export's columns, known before its first row is written."""
    available = _Sql.available("catalogue")
    by_type, params = _from(found.municipalities, ", jsonb_each(f.capacity_by_type) AS e(k, v),"
                                                  " jsonb_object_keys(v) AS u")
    by_group, _same = _from(found.municipalities, ", jsonb_each(f.capacity_by_target_group)"
                                                  " AS e(k, v), jsonb_object_keys(v) AS u")
    senior, _same = _from(found.municipalities, ", jsonb_object_keys(f.senior_capacity) AS u")
    wider, _same = _from(found.municipalities, ", jsonb_object_keys(f.capacity_wider) AS u")
    with _cursor() as cursor:
        cursor.execute(f"""
            SELECT ARRAY(SELECT DISTINCT ARRAY[k, u] {by_type} AND {available}),
                   ARRAY(SELECT DISTINCT ARRAY[k, u] {by_group} AND {available}),
                   ARRAY(SELECT DISTINCT u {senior}),
                   ARRAY(SELECT DISTINCT u {wider} AND {available})""", params * 4)
        types, groups, units, wider_units = cursor.fetchone()
    return ({tuple(p) for p in types}, {tuple(p) for p in groups}, set(units),
            set(wider_units))


def kind_medians(area: Region, *, today: datetime.date, filters: Filters,
                 key: str) -> dict[str, Decimal | None]:
    """{kind: median of one figure} over the filtered set's municipalities of each kind: an
    ORP is compared with ORPs, a town with towns (the regional rule, README)."""
    kinds = summary(area, today=today, filters=filters).kinds  # cached with the set's summary
    return {kind: summary(area, today=today, filters=Filters(filters.query, filters.unit, kind))
            .medians.get(key) for kind in kinds}
