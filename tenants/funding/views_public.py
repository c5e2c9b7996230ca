"""Public pages of funding: published rounds only, with who got how much and why (+ CSV)."""

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub import csv_locale
from hub.accounts.access import public_page
from tenants.funding import explain, selectors


@public_page
def round_list(request):
    return render(request, "funding/public/round_list.html",
                  {"rounds": selectors.rounds_published()})


def _lines(round_):
    return [{"application": a, "explanation": explain.explanation_text(a)}
            for a in selectors.results(round_)]


@public_page
def round_page(request, round_id):
    round_ = selectors.round_published_get(round_id)
    return render(request, "funding/public/round.html", {
        "round": round_, "lines": _lines(round_), "criteria": round_.criteria.all(),
        "total": sum(a.allocated or 0 for a in round_.applications.all())})


@public_page
def round_csv(request, round_id):
    """The results for a spreadsheet, in the reader's conventions (hub/csv_locale.py)."""
    round_ = selectors.round_published_get(round_id)
    dialect = csv_locale.Dialect()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="funding-{round_.year}-{round_.pk}.csv"'
    response.write(dialect.BOM)
    writer = csv.writer(response, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([_("service"), _("provider"), _("amount requested"), _("score"),
                     _("allocated"), _("why")])
    for line in _lines(round_):
        a = line["application"]
        writer.writerow([csv_locale.formula_safe(a.service_name),
                         csv_locale.formula_safe(a.provider_name), dialect.value(a.requested),
                         dialect.value(a.score), dialect.value(a.allocated),
                         csv_locale.formula_safe(line["explanation"])])
    return response
