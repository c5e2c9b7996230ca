"""Open Referral HSDS 3.0 read-only API of the catalogue, and its Tabular Data Package."""

import functools
import uuid

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from hub import plugins
from hub.accounts.access import public_page
from tenants.catalogue import hsds, hsds_openapi, selectors
from tenants.catalogue.models import Provider, Service


def _prune(value):
    """HSDS schemas type optional fields as strings/numbers, not null: leave unknowns out."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _json(data, status=200):
    return JsonResponse(_prune(data), status=status, json_dumps_params={"ensure_ascii": False})


def _json_404(view):
    """An unknown or unpublished id: a JSON 404 like /api/'s, not the HTML page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"detail": _("No such published item.")}, status=404)

    return wrapper


def _base(request):
    return f"{request.scheme}://{request.get_host()}"


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


@public_page
def root(request):
    return _json(hsds.api_root(_base(request)))


@public_page
def openapi(request):
    municipality = getattr(request, "municipality", None)
    return JsonResponse(hsds_openapi.document(_base(request), getattr(municipality, "name", "")),
                        json_dumps_params={"ensure_ascii": False})


@public_page
def profile(request):
    return _json(hsds.profile())


@public_page
def service_list(request):
    qs = hsds.services_queryset(request.GET)
    full = request.GET.get("full") in ("1", "true", "True")
    if full:
        qs = selectors.service_full(qs)
        return _json(hsds.page(qs, request.GET, hsds.service_object))
    return _json(hsds.page(qs, request.GET, hsds.service_list_object))


@public_page
@_json_404
def service_detail(request, service_id):
    try:
        service = selectors.service_full(hsds.published()).get(uuid=_uuid(service_id))
    except Service.DoesNotExist:
        raise Http404 from None
    return _json(hsds.service_object(service))


@public_page
def organization_list(request):
    qs = selectors.providers_public().order_by("name", "pk")
    return _json(hsds.page(qs, request.GET, hsds.organization_object))


@public_page
@_json_404
def organization_detail(request, organization_id):
    try:
        provider = selectors.providers_public().get(uuid=_uuid(organization_id))
    except Provider.DoesNotExist:
        raise Http404 from None
    data = hsds.organization_object(provider)
    data["services"] = [hsds.service_list_object(s) for s in
                        hsds.published().filter(provider=provider).select_related(
                            "provider").order_by("name")]
    return _json(data)


@public_page
def taxonomy_list(request):
    return _json(hsds.page([hsds.taxonomy_object(k) for k in hsds.taxonomy_keys()],
                           request.GET, lambda item: item))


@public_page
def taxonomy_term_list(request):
    items = hsds.terms(top_only=request.GET.get("top_only") in ("1", "true", "True"),
                       parent_id=request.GET.get("parent_id", ""),
                       taxonomy_id=request.GET.get("taxonomy_id", ""))
    return _json(hsds.page(items, request.GET, lambda item: item))


@public_page
def datapackage(request):
    name = getattr(request, "municipality", None)
    # The licence the municipality chose for its open data (kept by the portal app).
    chosen = [offered() for _config, offered in plugins.offered("open_data_licence")]
    response = HttpResponse(
        hsds.datapackage_zip(getattr(name, "name", ""), *chosen[:1]),
        content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hsds-datapackage.zip"'
    return response
