"""Public catalogue: search (diacritics and case ignored) with filters, service and provider
pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.accounts.access import public_page
from tenants.catalogue import capacities, coverage, forms, maps, selectors
from tenants.catalogue.models import Provider, Service

PER_PAGE = 20


def _language():
    return (get_language() or "sk")[:2]


@public_page
@maps.tiles_allowed
def catalogue(request):
    language = _language()
    form = forms.SearchForm(request.GET or None, language=language, towns=selectors.towns())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"query": data["q"], "service_type": data["type"],
                   "target_group": data["target_group"], "form": data["form"],
                   "town": data["town"]}
    results = selectors.services_public(**filters).prefetch_related("locations")
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    rows = [(s, taxonomy.name(s.service_type, language),
             [] if s.hidden_address else [f"{loc.address}, {loc.town}"
                                          for loc in s.locations.all()]) for s in page]
    # The map shows the services of this page: the list stays what the reader pages through.
    markers, unmapped = maps.points(page)
    return render(request, "catalogue/public/catalogue.html", {
        "form": form, "filters": _filters(form), "page": page, "rows": rows, "params": params.urlencode(),
        "searched": any(filters.values()), "language": language,
        "updated_at": selectors.catalogue_updated_at(),
        "map": maps.config(markers, label=_("Map of the services on this page")),
        "unmapped": unmapped})


def _filters(form):
    """The filter selects as plain data: rendering Django's Select widgets option by option
    through templates cost more than the whole search."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    out = []
    for name in ("type", "target_group", "form", "town"):
        field = form.fields[name]
        chosen = data.get(name, "")
        options, groups = [], []
        for value, label in field.choices:
            if isinstance(label, (list, tuple)):
                groups.append((value, [(v, text, v == chosen) for v, text in label]))
            else:
                options.append((value, label, value == chosen))
        out.append({"name": name, "id": f"id_{name}", "label": field.label,
                    "options": options, "groups": groups})
    return out


def _uuid_get(qs, value):
    try:
        return qs.get(uuid=value)
    except (Provider.DoesNotExist, Service.DoesNotExist):
        raise Http404 from None


@public_page
@maps.tiles_allowed
def service_page(request, service_id):
    service = _uuid_get(selectors.service_full().filter(status=Service.Status.ACTIVE), service_id)
    language = _language()
    type_term = taxonomy.term(service.service_type)
    group_term = taxonomy.term(type_term.group) if type_term else None
    markers, _unmapped = maps.points([service], link=False)
    return render(request, "catalogue/public/service.html", {
        "service": service, "language": language, "type_term": type_term,
        "type_name": taxonomy.name(service.service_type, language),
        "group_term": group_term,
        "group_name": group_term.name(language) if group_term else "",
        "form_name": taxonomy.name(service.form, language),
        "target_groups": [taxonomy.name(c, language) for c in service.target_groups],
        "capacity_lines": [capacities.render([line], language) for line in service.capacities],
        "covers": [d["label"] for d in coverage.describe(service.covers, language)]
        or [request.tenant.name],
        "map": maps.config(markers, label=_("Map of the service's places"))})


@public_page
def provider_page(request, provider_id):
    provider = _uuid_get(selectors.providers_public(), provider_id)
    language = _language()
    services = [(s, taxonomy.name(s.service_type, language)) for s in
                provider.services.filter(status=Service.Status.ACTIVE).prefetch_related(
                    "locations")]
    return render(request, "catalogue/public/provider.html", {
        "provider": provider, "services": services})
