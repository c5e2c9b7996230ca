"""Coordinator pages and the residents' regional catalogue, on the platform domain.

A coordinator reaches only the areas they coordinate (anything else is 404) and sees only
aggregates from the public-schema read model; these views never enter a tenant schema.
"""

import csv
import tempfile
from urllib.parse import urlencode

from django.core.cache import caches
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub import csv_locale, taxonomy
from hub.accounts import coordinator_tokens
from hub.accounts.access import coordinator_api, coordinator_page, public_page
from hub.accounts.selectors import coordinated_areas
from hub.municipalities.models import Municipality, TerritorialUnit
from hub.regional import charts, metrics, openapi, present, quality, selectors, table, watch
from hub.tenancy.urls import municipality_url

SORT_DEFAULT = "name"
#: Above this many municipalities a chart shows the distribution and the ends, not every bar.
CHART_BARS_MAX = 60
CHART_ENDS = 10


def _summary(request, code, **options) -> table.Summary:
    """The area (404/403 as area_for_coordinator), filtered as the request asks."""
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return table.summary(area, today=timezone.localdate(),
                         filters=table.Filters.from_params(request.GET), **options)


def _summary_with_page(request, code, size: int = table.PAGE_SIZE, rows: bool = True):
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return table.summary_with_page(
        area, today=timezone.localdate(), filters=table.Filters.from_params(request.GET),
        sort=request.GET.get("sort", SORT_DEFAULT)[:80],
        descending=request.GET.get("dir") == "desc", number=request.GET.get("page"), size=size,
        rows=rows)


def _table_body(found: table.Summary, page: table.Page) -> str:
    """The page's rows as HTML, cached as long as the summary is (table.page_key): paging
    back, re-sorting to a seen order or coming back to the tab reads neither the page's
    places and figures nor builds its ~800 cells again."""
    cache = caches["platform"]
    key = table.page_key(found, page, "body")
    body = cache.get(key)
    if body is None:
        body = str(present.table_body(table.rows_for(found, page.ids), found.columns,
                                      found.area.code))
        cache.set(key, body, table.CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 — built by present.table_body, every value escaped


def _scope(request, code) -> table.Summary:
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return table.scope(area, today=timezone.localdate(),
                       filters=table.Filters.from_params(request.GET))


def _query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


@coordinator_page
def areas(request):
    found = list(coordinated_areas(user=request.user))
    if len(found) == 1:
        return redirect("regional:overview", code=found[0].code)
    return render(request, "regional/areas.html", {"areas": found})


def _unit_choices(area) -> list[tuple[str, str]]:
    """(code, label) of the filter's units, cached like the summaries (a kraj of 9,000 obce
    has ~200 units to read and label on every page otherwise)."""
    key = (f"regional:units:{area.pk}:{translation.get_language()}:"
           f"{table._fingerprint()}")
    cache = caches["platform"]
    found = cache.get(key)
    if found is None:
        levels = dict(TerritorialUnit.Level.choices)
        found = [(u.code, f"{u.name} ({levels[u.level]})") for u in table.area_units(area)]
        cache.set(key, found, table.CACHE_SECONDS)
    return found


def _filter_context(found: table.Summary, **keep) -> dict:
    """The filter form's choices; ``keep`` are the page's own parameters (sort, figure) the
    form and its "Clear" link carry along."""
    kept = {k: v for k, v in keep.items() if v}
    return {
        "filters": found.filters, "filter_query": _query(**found.filters.as_params()),
        # (code, label) built here: a kraj of 9,000 obce has ~200 okresy and ORPs, and four
        # template lookups with a translated level each were a third of the page's time.
        "units": (units := _unit_choices(found.area)),
        # The ~200 options written here, not by the template's loop (a fifth of the page).
        "unit_options": format_html_join("", '<option value="{}"{}>{}</option>', (
            (code, mark_safe(" selected") if code == found.filters.unit else "", label)
            for code, label in units)),
        "kinds": list(Municipality.Kind.choices),
        "keep": list(kept.items()), "clear_query": _query(**kept),
    }


@coordinator_page
def overview(request, code):
    found, page = _summary_with_page(request, code, rows=False)
    sort = table.sort_key(found, request.GET.get("sort", SORT_DEFAULT))
    descending = request.GET.get("dir") == "desc"
    body = _table_body(found, page)
    medians = [present.number(found.medians[c.key], c.kind) if c.numeric else ""
               for c in found.columns]
    by_kind = _kind_medians(found)
    filters = found.filters.as_params()
    headers = []
    for key, label in [("name", _("Municipality"))] + [(c.key, c.label) for c in found.columns]:
        flip = "desc" if sort != key or not descending else ""
        headers.append({"key": key, "label": label, "sorted": sort == key,
                        "href": "?" + _query(**filters, sort=key, dir=flip)})
    here = {**filters, "sort": sort if sort != SORT_DEFAULT else "",
            "dir": "desc" if descending else ""}
    return render(request, "regional/overview.html", {
        "summary": found, "area": found.area, "body": body, "medians": medians,
        "headers": headers, "sort": sort, "descending": descending, "tab": "overview",
        "kind_medians": [(label, [present.number(medians_.get(c.key), c.kind) if c.numeric
                                  else "" for c in found.columns])
                         for label, medians_ in by_kind],
        "page": page, "page_query": _query(**here),
        **_filter_context(found, sort=here["sort"], dir=here["dir"]),
    })


def _kind_medians(found: table.Summary) -> list[tuple[str, dict]]:
    """(kind's label, its medians) for each kind in a set of several kinds: an ORP is
    compared with ORPs, a town with towns. Empty when the set is of one kind."""
    kinds = found.kinds
    if len(kinds) < 2:
        return []
    labels = dict(Municipality.Kind.choices)
    return [(str(labels[kind]), table.summary(
        found.area, today=found.today,
        filters=table.Filters(found.filters.query, found.filters.unit, kind)).medians)
        for kind in kinds]


@coordinator_page
def chart(request, code):
    area = selectors.area_for_coordinator(user=request.user, code=code)
    filters = table.Filters.from_params(request.GET)
    key = request.GET.get("figure", "")[:80]
    # Read with the summary: every row when they are few, else the ten at each end and the
    # values for the histogram. A figure the set does not have falls back to the first one.
    ends = (table.Order(key, True, CHART_ENDS), table.Order(key, False, CHART_ENDS),
            table.Order(key, True, None))
    found = table.summary(area, today=timezone.localdate(), filters=filters, orders=ends,
                          values_of=key)
    numeric = found.numeric
    column = found.column(key) or numeric[0]
    if not column.numeric:
        column = numeric[0]
    if column.key != key:
        found = table.summary(area, today=found.today, filters=filters, values_of=column.key,
                              orders=tuple(table.Order(column.key, o.descending, o.limit)
                                           for o in ends))
    top_ids, bottom_ids, all_ids = found.ids

    def fmt(value):
        return present.number(value, column.kind)

    median = found.medians.get(column.key)
    context = {"summary": found, "area": found.area, "columns": numeric, "column": column,
               "tab": "chart", **_filter_context(found, figure=column.key)}
    if found.total <= CHART_BARS_MAX:
        rows = table.rows_for(found, all_ids)
        context["svg"] = charts.bar_chart(
            title=f"{column.label} — {found.area.name}", bars=_bars(rows, column), median=median,
            median_label=_("median"), missing_label=_("not available"), fmt=fmt)
        return render(request, "regional/chart.html", context)
    values = found.values
    bins = charts.bins_of(values)
    top = table.rows_for(found, top_ids)
    bottom = table.rows_for(found, bottom_ids)

    def count(n):
        return ngettext("%(n)s municipality", "%(n)s municipalities", n) % {"n": n}

    context.update({
        "aggregated": True, "with_value": len(values), "ends": CHART_ENDS,
        "svg": charts.histogram(
            title=f"{column.label} — {found.area.name}", bins=bins, median=median,
            median_label=_("median"), count_label=count, fmt=fmt),
        "bins": [(fmt(lo), fmt(hi), n) for lo, hi, n in bins],
        "top_svg": charts.bar_chart(
            title=_("The %(ends)s highest") % {"ends": CHART_ENDS},
            bars=_bars([r for r in top if r.values.get(column.key) is not None], column),
            median=median, median_label=_("median"), missing_label=_("not available"), fmt=fmt),
        "bottom_svg": charts.bar_chart(
            title=_("The %(ends)s lowest") % {"ends": CHART_ENDS},
            bars=_bars([r for r in bottom if r.values.get(column.key) is not None], column),
            median=median, median_label=_("median"), missing_label=_("not available"), fmt=fmt),
    })
    return render(request, "regional/chart.html", context)


def _bars(rows, column) -> list[tuple]:
    bars = []
    for row in rows:
        if metrics.is_unavailable(row, column):
            bars.append((row.name, None, "na"))
        else:
            bars.append((row.name, row.values.get(column.key), row.outliers.get(column.key, "")))
    return bars


@coordinator_page
def profile(request, code, slug):
    area = selectors.area_for_coordinator(user=request.user, code=code)
    found = table.summary(area, today=timezone.localdate())
    row = selectors.area_row(found, slug)
    # The median of its own kind: an ORP beside ORPs, a town beside towns.
    same_kind = table.summary(area, today=found.today, filters=table.Filters(kind=row.kind))
    figures = [{"column": c, "cell": present.cell(row, c),
                "median": present.number(same_kind.medians.get(c.key), c.kind)
                if c.numeric else ""} for c in found.columns]
    by_type = by_group = senior = []
    if row.figures is not None and "catalogue" not in row.unavailable:
        by_type = [(taxonomy.name(code_), units) for code_, units in
                   sorted(row.figures.capacity_by_type.items())]
        by_group = [(taxonomy.name(code_), units) for code_, units in
                    sorted(row.figures.capacity_by_target_group.items())]
        senior = sorted(row.figures.senior_capacity.items())
    watch = [(metrics.DEADLINE_CHECKS[check], item)
             for check, items in metrics.deadlines([row], found.today).items()
             for item in items]
    return render(request, "regional/profile.html", {
        "summary": found, "area": area, "place": row, "figures": figures,
        "by_type": by_type, "by_group": by_group, "senior": senior, "watch": watch,
        "registry_data": present.registry_data(row),
        "kind_label": dict(Municipality.Kind.choices).get(row.kind, row.kind),
        "wider": sorted(row.figures.capacity_wider.items())
        if row.figures is not None and "catalogue" not in row.unavailable else [],
        "unit_labels": {u: metrics.unit_label(u) for u in _units(row)},
        "site_url": municipality_url(Municipality.objects.prefetch_related("domains").get(
            slug=row.slug)), "tab": "overview",
        "quality": [(str(name), row.figures.quality_areas.get(code_))
                    for code_, name in taxonomy.QUALITY_AREAS]
        if row.figures is not None and row.figures.quality_year else [],
        "population_65": present.number(row.values.get("population_65")),
    })


def _units(row) -> set[str]:
    if row.figures is None:
        return set()
    units = set(row.figures.senior_capacity) | set(row.figures.capacity_wider)
    for mapping in (row.figures.capacity_by_type, row.figures.capacity_by_target_group):
        for values in mapping.values():
            units.update(values)
    return units


def _watch(request, code, size: int = table.PAGE_SIZE) -> watch.Watch:
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return watch.watch(area, today=timezone.localdate(),
                       filters=table.Filters.from_params(request.GET),
                       check=request.GET.get("check", "")[:40],
                       sort=request.GET.get("sort", "")[:10],
                       descending=request.GET.get("dir") == "desc",
                       number=request.GET.get("page"), size=size)


@coordinator_page
def deadline_watch(request, code):
    found = _watch(request, code)
    filters = found.filters.as_params()
    default = watch.default_sort(found.check)
    here = {**filters, "check": found.check,
            "sort": found.sort if found.sort != default else "",
            "dir": "desc" if found.descending else ""}

    def header(key):
        flip = "desc" if found.sort != key or not found.descending else ""
        return "?" + _query(**filters, check=found.check, sort=key, dir=flip)

    return render(request, "regional/deadlines.html", {
        "watch": found, "summary": found, "area": found.area, "tab": "deadlines",
        "checks": [(check, _check_label(check), found.counts[check], "?" + _query(
            **filters, check=check)) for check in watch.CHECKS],
        "label": _check_label(found.check), "page": found.page, "page_query": _query(**here),
        "name_href": header("name"),
        "due_href": header("due") if found.check in watch.DATED else "",
        # One reverse() instead of one per listed municipality.
        "profile_base": reverse("regional:profile", args=[found.area.code, "x"])[:-2],
        **_filter_context(found, check=found.check),
    })


@coordinator_page
def quality_comparison(request, code):
    """The self-assessments of the planning's quality: each area's mean and, a page at a time,
    every municipality's latest scores by area."""
    found = _scope(request, code)
    compared = quality.comparison(found.municipalities, number=request.GET.get("page"))
    found.total = compared.total

    def fmt(value):
        return present.number(value, "percent")

    bars = [(name, mean, "") for (_code, name), mean in zip(compared.areas,
                                                            compared.area_means, strict=True)]
    return render(request, "regional/quality.html", {
        "summary": found, "area": found.area, "tab": "quality", "compared": compared,
        "svg": charts.bar_chart(
            title=_("Mean score of the areas — %(area)s") % {"area": found.area.name},
            bars=bars, median=None, median_label="", missing_label=_("not available"),
            fmt=fmt) if compared.assessed else "",
        "page": compared.page, "page_query": _query(**found.filters.as_params()),
        "profile_base": reverse("regional:profile", args=[found.area.code, "x"])[:-2],
        **_filter_context(found),
    })


def _check_label(check: str) -> str:
    if check == watch.UNAVAILABLE:
        return _("No plan figures yet")
    return str(metrics.DEADLINE_CHECKS[check])


def _filename(found, extension: str) -> str:
    return f"{slugify(found.area.code)}-{found.today.isoformat()}.{extension}"


class _Echo:
    """A file-like object whose write() returns what it is given: csv.writer's lines go
    straight into the response stream instead of a buffer of the whole file."""

    def write(self, value):
        return value


@coordinator_page
def export_csv(request, code):
    found = _scope(request, code)
    spec = present.export_spec(*table.capacity_keys(found))
    # The coordinator's conventions (hub/csv_locale.py): ";" and "7,5" in sk/cs.
    dialect = csv_locale.Dialect()
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter)

    def lines():
        yield dialect.BOM + writer.writerow(present.export_header(spec))
        for row in table.iter_rows(found):
            yield writer.writerow([dialect.value(v) for v in present.export_row(spec, row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "csv")}"'
    return response


@coordinator_page
def export_xlsx(request, code):
    from openpyxl import Workbook  # imported on demand: only exports need it

    found = _scope(request, code)
    spec = present.export_spec(*table.capacity_keys(found))
    # Write-only: rows go to a temporary file as they come, not into a workbook in memory;
    # the finished file is then streamed from disk.
    book = Workbook(write_only=True)
    sheet = book.create_sheet(found.area.name[:31])
    sheet.freeze_panes = "B2"
    sheet.append(present.export_header(spec))
    for row in table.iter_rows(found):
        sheet.append(present.export_row(spec, row))
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename(found, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# JSON API (session of a signed-in coordinator; 401/404 as JSON) ------------------------------------------

def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return float(value)


@coordinator_api
def api_areas(request):
    return JsonResponse({"areas": [
        {"code": a.code, "name": a.name, "kind": a.kind, "country": a.country}
        for a in coordinator_tokens.request_areas(request)]})


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", table.PAGE_SIZE))
    except ValueError:
        size = table.PAGE_SIZE
    return min(max(size, 1), table.MAX_PAGE_SIZE)


def _kind_medians_by_code(found: table.Summary) -> list[tuple[str, dict]]:
    return [(kind, table.summary(
        found.area, today=found.today,
        filters=table.Filters(found.filters.query, found.filters.unit, kind)).medians)
        for kind in found.kinds]


@coordinator_api
def api_area(request, code):
    size = _page_size(request)
    found, page = _summary_with_page(request, code, size)
    sort = table.sort_key(found, request.GET.get("sort", SORT_DEFAULT))
    descending = request.GET.get("dir") == "desc"
    keys = [c.key for c in found.columns]
    here = {**found.filters.as_params(), "sort": sort, "dir": "desc" if descending else "",
            "page_size": size if size != table.PAGE_SIZE else ""}

    def link(number):
        return request.build_absolute_uri(f"?{_query(**here, page=number)}")

    return JsonResponse({
        "area": {"code": found.area.code, "name": found.area.name, "kind": found.area.kind},
        "date": found.today.isoformat(),
        "filters": found.filters.as_params(), "sort": sort,
        "dir": "desc" if descending else "asc",
        "count": found.total, "page": page.number, "pages": page.num_pages, "page_size": size,
        "next": link(page.next_page_number) if page.has_next else None,
        "previous": link(page.previous_page_number) if page.has_previous else None,
        "figures": [{"key": c.key, "label": c.label, "kind": c.kind, "source": c.source}
                    for c in found.columns],
        # Of the whole filtered set, not of this page; and of each kind in it.
        "median": {k: _json_value(v) for k, v in found.medians.items()},
        "median_by_kind": {kind: {k: _json_value(v) for k, v in medians.items()}
                           for kind, medians in _kind_medians_by_code(found)},
        "municipalities": [{
            "slug": r.slug, "name": r.name, "kind": r.kind, "stat_code": r.stat_code,
            "values": {k: (None if metrics.is_unavailable(r, found.column(k))
                           else _json_value(r.values.get(k))) for k in keys},
            "not_available": sorted(r.unavailable),
            "outliers": r.outliers,
            "capacity_by_type": r.figures.capacity_by_type if r.figures else None,
            "capacity_by_target_group": r.figures.capacity_by_target_group if r.figures else None,
            # "registry" = capacities from the national registry ("registry data", #19.4).
            "capacity_source": (r.figures.capacity_source or None) if r.figures else None,
            "capacity_wider": r.figures.capacity_wider if r.figures else None,
            "refreshed_at": _json_value(r.figures.refreshed_at) if r.figures else None,
        } for r in page.rows],
    })


@coordinator_api
def api_deadlines(request, code):
    size = _page_size(request)
    found = _watch(request, code, size)
    here = {**found.filters.as_params(), "check": found.check, "sort": found.sort,
            "dir": "desc" if found.descending else "",
            "page_size": size if size != table.PAGE_SIZE else ""}

    def link(number):
        return request.build_absolute_uri(f"?{_query(**here, page=number)}")

    page = found.page
    return JsonResponse({
        "area": found.area.code, "date": found.today.isoformat(),
        "filters": found.filters.as_params(), "counts": found.counts, "check": found.check,
        "sort": found.sort, "dir": "desc" if found.descending else "asc",
        "count": page.total, "page": page.number, "pages": page.num_pages, "page_size": size,
        "next": link(page.next_page_number) if page.has_next else None,
        "previous": link(page.previous_page_number) if page.has_previous else None,
        "items": [{"slug": row.slug, "name": row.name,
                   "detail": item.detail if item else "",
                   "due": _json_value(item.due) if item else None}
                  for item, row in found.items]})


@public_page
def api_schema(request):
    """The description of the JSON above (public: it names no data)."""
    return JsonResponse(openapi.document(f"{request.scheme}://{request.get_host()}"))


# The residents' regional catalogue ---------------------------------------------------------

@public_page
def catalogue_areas(request):
    return render(request, "regional/catalogue_areas.html",
                  {"areas": selectors.catalogue_areas()})


@public_page
def catalogue(request, code):
    area = selectors.catalogue_area_get(code)
    query = request.GET.get("q", "").strip()[:100]
    service_type = request.GET.get("type", "")[:60]
    target_group = request.GET.get("group", "")[:60]
    place = request.GET.get("municipality", "")[:40]
    listings = selectors.listings_search(area, query=query, service_type=service_type,
                                         target_group=target_group, municipality=place)
    page, grouped = selectors.listings_page_grouped(listings, request.GET.get("page"))
    facets = selectors.listing_facets(area)
    entries = []
    for items in grouped:
        first = items[0]
        groups = list(dict.fromkeys(g for item in items for g in item.target_groups))
        towns = sorted({t for item in items for t in item.towns})
        entries.append({"listing": first, "type": taxonomy.name(first.service_type),
                        "groups": [taxonomy.name(g) for g in groups], "towns": towns,
                        "url": municipality_url(first.municipality, first.path),
                        "places": [(item.municipality.name,
                                    municipality_url(item.municipality, item.path))
                                   for item in items]})
    return render(request, "regional/catalogue.html", {
        "area": area, "page": page, "entries": entries, "query": query,
        "service_type": service_type, "target_group": target_group, "place": place,
        "types": [(c, taxonomy.name(c)) for c in facets["types"]],
        "groups": [(c, taxonomy.name(c)) for c in facets["target_groups"]],
        "municipalities": selectors.area_municipalities(area).values_list("slug", "name"),
        "filtered": bool(query or service_type or target_group or place),
    })
