"""Coordinator pages and the residents' regional catalogue, on the platform domain.

A coordinator reaches only the areas they coordinate (anything else is 404) and sees only
aggregates from the public-schema read model; these views never enter a tenant schema.
"""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.accounts.access import coordinator_page, public_page
from hub.accounts.selectors import coordinated_areas
from hub.municipalities.models import Municipality
from hub.regional import charts, metrics, present, selectors
from hub.tenancy.urls import municipality_url

SORT_DEFAULT = "name"


def _comparison(request, code):
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return selectors.area_comparison(area, today=timezone.localdate())


@coordinator_page
def areas(request):
    found = list(coordinated_areas(user=request.user))
    if len(found) == 1:
        return redirect("regional:overview", code=found[0].code)
    return render(request, "regional/areas.html", {"areas": found})


@coordinator_page
def overview(request, code):
    comparison = _comparison(request, code)
    sort = request.GET.get("sort", SORT_DEFAULT)
    if sort != "name" and comparison.column(sort) is None:
        sort = SORT_DEFAULT
    descending = request.GET.get("dir") == "desc"
    rows = metrics.sort_rows(comparison.rows, sort, descending)
    body = present.table_body(rows, comparison.columns, comparison.area.code)
    medians = [present.number(comparison.medians[c.key], c.kind) if c.numeric else ""
               for c in comparison.columns]
    return render(request, "regional/overview.html", {
        "comparison": comparison, "area": comparison.area, "body": body, "medians": medians,
        "sort": sort, "descending": descending, "tab": "overview",
    })


@coordinator_page
def chart(request, code):
    comparison = _comparison(request, code)
    numeric = [c for c in comparison.columns if c.numeric]
    column = comparison.column(request.GET.get("figure", "")) or numeric[0]
    if not column.numeric:
        column = numeric[0]
    rows = metrics.sort_rows(comparison.rows, column.key, True)
    bars = []
    for row in rows:
        if metrics.is_unavailable(row, column):
            bars.append((row.name, None, "na"))
        else:
            bars.append((row.name, row.values.get(column.key), row.outliers.get(column.key, "")))
    svg = charts.bar_chart(
        title=f"{column.label} — {comparison.area.name}", bars=bars,
        median=comparison.medians.get(column.key), median_label=_("median"),
        missing_label=_("not available"), fmt=lambda v: present.number(v, column.kind))
    return render(request, "regional/chart.html", {
        "comparison": comparison, "area": comparison.area, "columns": numeric,
        "column": column, "svg": svg, "tab": "chart",
    })


@coordinator_page
def profile(request, code, slug):
    comparison = _comparison(request, code)
    row = selectors.comparison_row(comparison, slug)
    figures = [{"column": c, "cell": present.cell(row, c),
                "median": present.number(comparison.medians.get(c.key), c.kind)
                if c.numeric else ""} for c in comparison.columns]
    by_type = by_group = senior = []
    if row.figures is not None and "catalogue" not in row.unavailable:
        by_type = [(taxonomy.name(code_), units) for code_, units in
                   sorted(row.figures.capacity_by_type.items())]
        by_group = [(taxonomy.name(code_), units) for code_, units in
                    sorted(row.figures.capacity_by_target_group.items())]
        senior = sorted(row.figures.senior_capacity.items())
    watch = [(metrics.DEADLINE_CHECKS[check], item)
             for check, items in metrics.deadlines([row], comparison.today).items()
             for item in items]
    return render(request, "regional/profile.html", {
        "comparison": comparison, "area": comparison.area, "place": row, "figures": figures,
        "by_type": by_type, "by_group": by_group, "senior": senior, "watch": watch,
        "unit_labels": {u: metrics.unit_label(u) for u in _units(row)},
        "site_url": municipality_url(Municipality.objects.prefetch_related("domains").get(
            slug=row.slug)), "tab": "overview",
        "population_65": present.number(row.values.get("population_65")),
    })


def _units(row) -> set[str]:
    if row.figures is None:
        return set()
    units = set(row.figures.senior_capacity)
    for mapping in (row.figures.capacity_by_type, row.figures.capacity_by_target_group):
        for values in mapping.values():
            units.update(values)
    return units


@coordinator_page
def deadline_watch(request, code):
    comparison = _comparison(request, code)
    found = metrics.deadlines(comparison.rows, comparison.today)
    sections = [(check, metrics.DEADLINE_CHECKS[check], found[check]) for check in found]
    unavailable = [r for r in comparison.rows if r.figures is None or "plans" in r.unavailable]
    return render(request, "regional/deadlines.html", {
        "comparison": comparison, "area": comparison.area, "sections": sections,
        "unavailable": unavailable, "tab": "deadlines",
        # One reverse() instead of one per listed municipality.
        "profile_base": reverse("regional:profile", args=[comparison.area.code, "x"])[:-2],
    })


def _filename(comparison, extension: str) -> str:
    return f"{slugify(comparison.area.code)}-{comparison.today.isoformat()}.{extension}"


@coordinator_page
def export_csv(request, code):
    comparison = _comparison(request, code)
    header, rows = present.export_table(comparison)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([present.csv_value(v) for v in row])
    # A byte-order mark so that spreadsheet programs read the diacritics as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(comparison, "csv")}"'
    return response


@coordinator_page
def export_xlsx(request, code):
    from openpyxl import Workbook  # imported on demand: only exports need it

    comparison = _comparison(request, code)
    header, rows = present.export_table(comparison)
    book = Workbook()
    sheet = book.active
    sheet.title = comparison.area.name[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(comparison, "xlsx")}"'
    return response


# JSON API (session of a signed-in coordinator) ------------------------------------------

def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return float(value)


@coordinator_page
def api_areas(request):
    return JsonResponse({"areas": [
        {"code": a.code, "name": a.name, "kind": a.kind, "country": a.country}
        for a in coordinated_areas(user=request.user)]})


@coordinator_page
def api_area(request, code):
    comparison = _comparison(request, code)
    keys = [c.key for c in comparison.columns]
    return JsonResponse({
        "area": {"code": comparison.area.code, "name": comparison.area.name,
                 "kind": comparison.area.kind},
        "date": comparison.today.isoformat(),
        "figures": [{"key": c.key, "label": c.label, "kind": c.kind, "source": c.source}
                    for c in comparison.columns],
        "median": {k: _json_value(v) for k, v in comparison.medians.items()},
        "municipalities": [{
            "slug": r.slug, "name": r.name, "kind": r.kind, "stat_code": r.stat_code,
            "values": {k: (None if metrics.is_unavailable(r, comparison.column(k))
                           else _json_value(r.values.get(k))) for k in keys},
            "not_available": sorted(r.unavailable),
            "outliers": r.outliers,
            "capacity_by_type": r.figures.capacity_by_type if r.figures else None,
            "capacity_by_target_group": r.figures.capacity_by_target_group if r.figures else None,
            "refreshed_at": _json_value(r.figures.refreshed_at) if r.figures else None,
        } for r in comparison.rows],
    })


@coordinator_page
def api_deadlines(request, code):
    comparison = _comparison(request, code)
    found = metrics.deadlines(comparison.rows, comparison.today)
    return JsonResponse({"area": comparison.area.code, "date": comparison.today.isoformat(),
                         "checks": {check: [{"slug": d.slug, "name": d.name, "detail": d.detail,
                                             "due": _json_value(d.due)} for d in items]
                                    for check, items in found.items()}})


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
