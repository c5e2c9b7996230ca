"""The coordinators' network gaps tab, its exports and its JSON (read model only, like every
coordinator page: hub/regional/gaps.py)."""

import csv
import tempfile
from types import SimpleNamespace

from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub import csv_locale, taxonomy
from hub.accounts.access import coordinator_api, coordinator_page
from hub.regional import gaps, metrics, selectors, views
from hub.regional.models import NetworkFigure

SOURCE_LABELS = {"norm": gettext_lazy("norm of the municipality"),
                 "region": gettext_lazy("norm of the region"),
                 "median": gettext_lazy("median of comparable municipalities")}


def _found(request, code) -> gaps.Summary:
    area = selectors.area_for_coordinator(user=request.user, code=code)
    return gaps.summary(area, filters=gaps.Filters.from_params(request.GET))


def _sort(request) -> tuple[str, bool]:
    sort = gaps.sort_key(request.GET.get("sort", "")[:20])
    asked = request.GET.get("dir")
    # By default the largest shortage first; a name from A.
    descending = asked == "desc" if asked in ("asc", "desc") else sort != "name"
    return sort, descending


def _group_name(code: str | None) -> str:
    if code is None:
        return ""
    return taxonomy.name(code) if code else _("all target groups")


def _target_name(target: str | None) -> str:
    if not target:
        return ""
    return _("whole population") if target == "total" else \
        _("aged %(band)s") % {"band": target}


def _number(value, places: int = 0) -> str:
    """n/a for a figure whose data is missing (the read model's None), never 0."""
    if value is None:
        return _("n/a")
    return formats.number_format(value, decimal_pos=places, use_l10n=True,
                                 force_grouping=True)


def _sources_text(sources: list[str]) -> str:
    return ", ".join(str(SOURCE_LABELS[s]) for s in sources if s in SOURCE_LABELS) or _("n/a")


def _total_cells(total: gaps.Total) -> dict:
    return {"type": taxonomy.name(total.service_type), "type_code": total.service_type,
            "group": _group_name(total.target_group), "unit": metrics.unit_label(total.unit),
            "municipalities": total.municipalities, "capacity": _number(total.capacity),
            "wider": _number(total.wider) if total.wider else "—",
            "population": _number(total.population), "per_1000": _number(total.per_1000, 2),
            "standard": _number(total.standard, 2),
            "sources": _sources_text(total.standard_sources),
            "required": _number(total.required, 1), "gap": _number(total.gap, 1),
            "share": _number(total.share, 1), "short": (total.gap or 0) > 0,
            "counted": total.counted, "groups": total.groups}


def _row_cells(row: gaps.Row) -> dict:
    f = row.figures
    if row.service_type is None:
        return {"name": row.name, "slug": row.slug, "missing": True}
    return {"name": row.name, "slug": row.slug, "missing": False,
            "type": taxonomy.name(row.service_type), "group": _group_name(row.target_group),
            "unit": metrics.unit_label(row.unit), "target": _target_name(f["target"]),
            "year": f["year"], "capacity": _number(f["capacity"]),
            "wider": _number(f["wider"]) if f["wider"] else "",
            "population": _number(f["population"]), "per_1000": _number(f["per_1000"], 2),
            "standard": _number(f["standard"], 2),
            "source": str(SOURCE_LABELS.get(f["standard_source"], _("n/a"))),
            "comparables": f["comparables"], "required": _number(f["required"], 1),
            "gap": _number(f["gap"], 1), "share": _number(f["share"], 1),
            "short": (f["gap"] or 0) > 0}


def _choices(found: gaps.Summary) -> dict:
    groups = [(gaps.ALL_GROUPS if code == "" else code, _group_name(code))
              for code in found.groups]
    return {"type_choices": sorted(((c, taxonomy.name(c)) for c in found.types),
                                   key=lambda pair: pair[1]),
            "group_choices": groups,
            "per_choices": [(u, metrics.unit_label(u)) for u in found.units]}


@coordinator_page
def gaps_page(request, code):
    """The area's totals by service type × target group × unit and, a page at a time, every
    municipality's rows with the standard used and its source."""
    found = _found(request, code)
    sort, descending = _sort(request)
    page = gaps.page_rows(found, sort=sort, descending=descending,
                          number=request.GET.get("page"))
    filters = found.filters.as_params()
    headers = []
    # The gap first: on a phone it is what shows beside the name without scrolling.
    for key, label in [("name", _("Municipality")), ("gap", _("Gap")),
                       ("share", _("Gap, per cent")), ("capacity", _("Capacity")),
                       ("population", _("Target population")), ("per_1000", _("Per 1,000")),
                       ("standard", _("Standard")), ("required", _("Required"))]:
        flip = "asc" if sort == key and descending else "desc"
        headers.append({"key": key, "label": label, "sorted": sort == key,
                        "href": "?" + views._query(**filters, sort=key, dir=flip)})
    here = {**filters, "sort": sort, "dir": "desc" if descending else "asc"}
    # The municipality filters' choices as on the other tabs; those tabs' links carry only
    # these filters, the gap filters stay here.
    context = views._filter_context(SimpleNamespace(filters=found.filters.places,
                                                    area=found.area))
    context.update({
        # The tabs' header counts municipalities: "filtered" only when they are.
        "summary": SimpleNamespace(total=found.total, filters=found.filters.places,
                                   refreshed_at=None),
        "area": found.area, "tab": "gaps",
        "gap_filters": found.filters, "gap_query": views._query(**filters),
        "totals": [_total_cells(t) for t in found.totals],
        "rows": [_row_cells(r) for r in page.rows], "page": page,
        "page_query": views._query(**here), "headers": headers, "descending": descending,
        "profile_base": reverse("regional:profile", args=[found.area.code, "x"])[:-2],
        **_choices(found),
    })
    return render(request, "regional/gaps.html", context)


def _export_spec() -> list[tuple]:
    """(header, getter) of an export line: raw numbers, "n/a" where data is missing."""
    na = _("n/a")

    def figure(name):
        return lambda r: na if r.service_type is None or r.figures[name] is None \
            else r.figures[name]

    return [
        (_("Municipality"), lambda r: r.name), (_("Subdomain"), lambda r: r.slug),
        (_("Statistical code"), lambda r: r.stat_code),
        (_("Service type"), lambda r: taxonomy.name(r.service_type) if r.service_type else na),
        (_("Service type code"), lambda r: r.service_type or na),
        (_("Target group"), lambda r: _group_name(r.target_group) if r.service_type else na),
        (_("Unit"), lambda r: metrics.unit_label(r.unit) if r.unit else na),
        (_("Target population"), lambda r: _target_name(r.figures["target"]) or na),
        (_("Year of the demography"), figure("year")),
        (_("Capacity"), figure("capacity")),
        (_("Capacity covering a wider area, not counted"), figure("wider")),
        (_("Target population (inhabitants)"), figure("population")),
        (_("Per 1,000"), figure("per_1000")), (_("Standard per 1,000"), figure("standard")),
        (_("Source of the standard"), lambda r: str(SOURCE_LABELS.get(
            r.figures["standard_source"], na))),
        (_("Comparable municipalities"), lambda r: r.figures["comparables"]
         if r.service_type else na),
        (_("Required places"), figure("required")), (_("Gap (places)"), figure("gap")),
        (_("Gap, per cent"), figure("share")),
    ]


def _filename(found: gaps.Summary, extension: str) -> str:
    return f"{slugify(found.area.code)}-network-gaps.{extension}"


@coordinator_page
def gaps_csv(request, code):
    found = _found(request, code)
    spec = _export_spec()
    dialect = csv_locale.Dialect()
    writer = csv.writer(views._Echo(), delimiter=dialect.delimiter)

    def lines():
        yield dialect.BOM + writer.writerow([str(h) for h, _g in spec])
        for row in gaps.iter_rows(found):
            yield writer.writerow([csv_locale.formula_safe(dialect.value(getter(row)))
                                   for _h, getter in spec])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "csv")}"'
    return response


@coordinator_page
def gaps_xlsx(request, code):
    from openpyxl import Workbook  # imported on demand: only exports need it

    found = _found(request, code)
    spec = _export_spec()
    book = Workbook(write_only=True)  # rows to a temporary file as they come, as the overview
    totals = book.create_sheet(_("Area total")[:31])
    totals.append([_("Service type"), _("Service type code"), _("Target group"), _("Unit"),
                   _("Municipalities"), _("Capacity"),
                   _("Capacity covering a wider area, not counted"),
                   _("Target population (inhabitants)"), _("Per 1,000"),
                   _("Standard per 1,000"), _("Source of the standard"), _("Required places"),
                   _("Gap (places)"), _("Gap, per cent")])
    for t in found.totals:
        totals.append([taxonomy.name(t.service_type), t.service_type,
                       _group_name(t.target_group), metrics.unit_label(t.unit),
                       t.municipalities, *(_xlsx(v) for v in (
                           t.capacity, t.wider, t.population, t.per_1000, t.standard)),
                       _sources_text(t.standard_sources),
                       *(_xlsx(v) for v in (t.required, t.gap, t.share))])
    sheet = book.create_sheet(_("Municipalities")[:31])
    sheet.freeze_panes = "B2"
    sheet.append([str(h) for h, _g in spec])
    for row in gaps.iter_rows(found):
        sheet.append([_xlsx(getter(row)) for _h, getter in spec])
    handle = tempfile.TemporaryFile()
    book.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=_filename(found, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _xlsx(value):
    if value is None:
        return _("n/a")
    if isinstance(value, str) and value[:1] in csv_locale.FORMULA_STARTS:
        return "'" + value  # a name is never run as a spreadsheet formula
    return float(value) if hasattr(value, "as_tuple") else value


def _json(value):
    return None if value is None else float(value) if hasattr(value, "as_tuple") else value


@coordinator_api
def api_gaps(request, code):
    found = _found(request, code)
    sort, descending = _sort(request)
    size = views._page_size(request)
    page = gaps.page_rows(found, sort=sort, descending=descending,
                          number=request.GET.get("page"), size=size)
    here = {**found.filters.as_params(), "sort": sort, "dir": "desc" if descending else "asc",
            "page_size": size if size != gaps.PAGE_SIZE else ""}

    def link(number):
        return request.build_absolute_uri(f"?{views._query(**here, page=number)}")

    return JsonResponse({
        "area": {"code": found.area.code, "name": found.area.name, "kind": found.area.kind},
        "filters": found.filters.as_params(), "sort": sort,
        "dir": "desc" if descending else "asc", "municipalities_count": found.total,
        "count": page.total, "page": page.number, "pages": page.num_pages, "page_size": size,
        "next": link(page.next_page_number) if page.has_next else None,
        "previous": link(page.previous_page_number) if page.has_previous else None,
        "standard_sources": [choice for choice, _label in NetworkFigure.Source.choices
                             if choice],
        "totals": [{
            "service_type": t.service_type, "target_group": t.target_group, "unit": t.unit,
            "municipalities": t.municipalities, "capacity": t.capacity, "wider": t.wider,
            "population": t.population, "per_1000": _json(t.per_1000),
            "standard": _json(t.standard), "standard_sources": t.standard_sources,
            "required": _json(t.required), "gap": _json(t.gap), "share": _json(t.share),
            "groups_counted": t.counted, "groups": t.groups} for t in found.totals],
        "rows": [{
            "slug": r.slug, "name": r.name, "stat_code": r.stat_code,
            "service_type": r.service_type, "target_group": r.target_group, "unit": r.unit,
            **{k: _json(v) for k, v in r.figures.items()}} for r in page.rows],
    })
