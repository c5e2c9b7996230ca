"""The deadline watch in SQL: which municipalities of an area's filtered set each check finds,
counted, sorted and paged in the database — never every row read into Python.

Each check's condition here is metrics.deadlines()'s for one row (the plan's state on the day
as metrics.plan_state_on), so a page's 50 rows are still described by that one Python path
(tests/hub/regional/test_watch.py holds the two equal). The SQL text is constant apart from
placeholders (the ``noqa: S608`` lines); every value from data or a request is a parameter.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.cache import caches

from hub.municipalities.models import Region
from hub.regional import metrics, table

#: The checks in the order the page lists them, then the municipalities without plan figures.
UNAVAILABLE = "not_available"
CHECKS = [*metrics.DEADLINE_CHECKS, UNAVAILABLE]
#: Checks whose items carry a day; these sort by it unless asked otherwise.
DATED = ("plan_expired", "plan_expiring", "no_plan")
SORTED_BY_DAY = ("plan_expired", "plan_expiring")

_STATE = """CASE
    WHEN coalesce(f.plan_status, '') NOT IN ('approved', 'in_force') THEN f.plan_status
    WHEN f.plan_valid_to < %s THEN 'expired'
    WHEN f.plan_in_force_from > %s THEN 'approved'
    WHEN f.plan_in_force_from IS NOT NULL OR f.plan_status = 'in_force' THEN 'in_force'
    ELSE f.plan_status END"""


@dataclass
class Watch:
    """One check's page of an area's filtered set, with every check's count (the tabs)."""

    area: Region
    today: datetime.date
    filters: table.Filters
    check: str
    sort: str
    descending: bool
    counts: dict[str, int]
    total: int                       # municipalities in the filtered set
    page: table.Page
    refreshed_at: datetime.datetime | None = None
    items: list = field(default_factory=list)   # (Deadline or None, metrics.Row)


def default_sort(check: str) -> str:
    return "due" if check in SORTED_BY_DAY else "name"


def watch(area: Region, *, today: datetime.date, filters: table.Filters | None = None,
          check: str = "", sort: str = "", descending: bool = False, number=1,
          size: int = table.PAGE_SIZE) -> Watch:
    """The counts of every check and one page of ``check`` (the first check that finds
    anything when not given or unknown). Every check's whole order is read in one query
    and cached with the summaries' fingerprint (9,000 ids are 70 kB), so another check or
    page is a slice; the page's rows are two more queries."""
    filters = filters or table.Filters()
    found = _orders(area, today, filters, sort, descending)
    counts = {name: len(ids) for name, ids in found["ids"].items()}
    if check not in CHECKS:
        check = next((c for c in CHECKS if counts[c]), CHECKS[0])
    number = table.page_number(number, size, counts[check])
    ids = found["ids"][check][(number - 1) * size:number * size]
    rows = table.rows_for(table.Summary(area=area, today=today, filters=filters,
                                        total=found["total"], columns=[]), ids)
    items = []
    for row in rows:
        listed = metrics.deadlines([row], today).get(check, [])
        items.append((listed[0] if listed else None, row))
    return Watch(area=area, today=today, filters=filters, check=check,
                 sort=_sort_of(check, sort), descending=descending, counts=counts,
                 total=found["total"], refreshed_at=found["refreshed_at"],
                 page=table.Page(number=number, size=size, total=counts[check], rows=rows),
                 items=items)


def _sort_of(check: str, sort: str) -> str:
    if sort not in ("name", "due") or (sort == "due" and check not in DATED):
        return default_sort(check)
    return sort


def _orders(area: Region, today: datetime.date, filters: table.Filters, sort: str,
            descending: bool) -> dict:
    """{"total", "refreshed_at", "ids": {check: ids in its order}} of the filtered set,
    from the platform cache while the read model has not changed (Redis down: read)."""
    sort = sort if sort in ("name", "due") else ""
    key = "regional:watch:" + hashlib.sha256(repr((
        area.pk, area.kind, today.isoformat(), filters, sort, descending,
        table._fingerprint())).encode()).hexdigest()
    cache = caches["platform"]
    found = cache.get(key)
    if found is None:
        found = _orders_read(area, today, filters, sort, descending)
        cache.set(key, found, table.CACHE_SECONDS)
    return found


def _matches(area: Region, today: datetime.date, filters: table.Filters) -> tuple[str, list]:
    """``WITH c AS (…)``: one row per (municipality, check it is found by) of the filtered
    set, with the day it is due and its folded name; and the parameters."""
    sql, params = table._from(table.filtered_municipalities(area, filters))
    # The text's placeholders in order: state (twice today), next year, last year twice,
    # the horizon and the year's last day; then the set's own.
    values = [today, today, today.year + 1, today.year - 1, today.year - 1,
              today + datetime.timedelta(days=365), datetime.date(today.year, 12, 31)]
    plans = table._Sql.available("plans")
    query = f"""
        s AS MATERIALIZED (
            SELECT m.id, unaccent(lower(m.name)) AS name_key, f.refreshed_at,
                   (f.id IS NOT NULL AND {plans}) AS known,
                   ({_STATE}) AS state, f.plan_valid_to, f.plan_in_force_from,
                   coalesce(f.action_plan_years @> to_jsonb(%s::int), false) AS next_plan,
                   coalesce(f.covered_years @> to_jsonb(%s::int)
                            AND NOT f.evaluation_years @> to_jsonb(%s::int), false)
                       AS evaluation_due,
                   %s::date AS horizon, %s::date AS year_end
            {sql}),
        c AS (
            SELECT s.id, s.name_key, v.name AS check_name, v.due
            FROM s, LATERAL (VALUES
                ('plan_expired', s.plan_valid_to,
                 s.known AND s.state IN ('expired', 'superseded')),
                ('no_plan', s.plan_in_force_from,
                 s.known AND s.state NOT IN ('in_force', 'expired', 'superseded')),
                ('plan_expiring', s.plan_valid_to,
                 s.known AND s.state = 'in_force' AND s.plan_valid_to <= s.horizon),
                ('action_plan_missing', s.year_end, s.known AND NOT s.next_plan),
                ('evaluation_missing', NULL::date, s.known AND s.evaluation_due),
                ('{UNAVAILABLE}', NULL::date, NOT s.known)) AS v(name, due, found)
            WHERE v.found)"""  # noqa: S608
    return query, values + list(params)


def _orders_read(area: Region, today: datetime.date, filters: table.Filters, sort: str,
                 descending: bool) -> dict:
    """One query: the set's size and oldest refresh, and each check's ids in its order — by
    day (those without one last) or by name; then by name and id so pages never overlap."""
    matches, params = _matches(area, today, filters)
    direction = "DESC" if descending else "ASC"
    arrays = []
    for check in CHECKS:
        order = (f"due {direction} NULLS LAST, name_key, id" if _sort_of(check, sort) == "due"
                 else f"name_key {direction}, id {direction}")
        arrays.append(f"ARRAY(SELECT id FROM c WHERE check_name = %s ORDER BY {order})")  # noqa: S608
    with table._cursor() as cursor:
        cursor.execute(f"""WITH {matches}
            SELECT (SELECT count(*) FROM s), (SELECT min(refreshed_at) FROM s),
                   {", ".join(arrays)}""", [*params, *CHECKS])  # noqa: S608
        total, refreshed_at, *ids = cursor.fetchone()
    return {"total": total, "refreshed_at": refreshed_at, "ids": dict(zip(CHECKS, ids,
                                                                          strict=True))}
