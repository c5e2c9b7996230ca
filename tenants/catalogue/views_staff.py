"""Staff pages of the catalogue: services and providers, import and export."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from hub.text import fold
from tenants.catalogue import forms, selectors, services, tabular
from tenants.catalogue.models import Provider, Service

PER_PAGE = 25


def _language():
    return (get_language() or "sk")[:2]


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


def _get(qs, value):
    try:
        return qs.get(uuid=value)
    except (Provider.DoesNotExist, Service.DoesNotExist):
        raise Http404 from None


# Services ----------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def service_list(request):
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    qs = Service.objects.select_related("provider").order_by("name", "pk")
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    if status in Service.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    language = _language()
    rows = [(s, taxonomy.name(s.service_type, language)) for s in page]
    total = Service.objects.count()
    return render(request, "catalogue/staff/service_list.html", {
        "page": page, "rows": rows, "query": query, "status": status,
        "params": urlencode({"q": query, "status": status}),
        "can_edit": _can_edit(request), "total": total,
        "providers": Provider.objects.count(),
        "registry_offer": _registry_offer(request, total)})


def _registry_offer(request, total: int) -> int:
    """Onboarding: how many registry services could fill an empty Czech catalogue (those an
    import can take, not those it would report as blocked)."""
    if total or selectors.country() != "CZ":
        return 0
    from hub.rpss.selectors import offerable_for

    return offerable_for(request.tenant).count()


def _provider_from_query(value: str | None) -> Provider | None:
    """The provider a "new service" link names; nothing (not an error) for a bad id."""
    try:
        return Provider.objects.filter(uuid=uuid.UUID(value)).first() if value else None
    except ValueError:
        return None


@staff_page(Role.EDITOR)
def service_form(request, service_id=None):
    language = _language()
    service = _get(Service.objects.all(), service_id) if service_id else None
    initial = forms.ServiceForm.initial_for(service, language) if service else {
        "status": "active", "provider": _provider_from_query(request.GET.get("provider"))}
    form = forms.ServiceForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data["locations"] = services.first_place(service, data.pop("place"))
        try:
            saved = services.service_save(user=request.user, service=service, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The service has been saved."))
            return redirect("catalogue:staff_service", service_id=saved.uuid)
    return render(request, "catalogue/staff/service_form.html", {
        "form": form, "service": service,
        "extra_places": [str(loc) for loc in service.locations.all()[1:]] if service else []},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def service_delete(request, service_id):
    service = _get(Service.objects.all(), service_id)
    if request.method == "POST":
        services.service_delete(user=request.user, service=service)
        messages.success(request, _("The service has been deleted."))
        return redirect("catalogue:staff_services")
    return render(request, "catalogue/staff/confirm_delete.html", {
        "object": service, "cancel": "catalogue:staff_service", "cancel_id": service.uuid})


# Providers ---------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def provider_list(request):
    query = request.GET.get("q", "").strip()[:100]
    qs = Provider.objects.annotate(n=Count("services")).order_by("name", "pk")
    for word in fold(query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "catalogue/staff/provider_list.html", {
        "page": page, "query": query, "can_edit": _can_edit(request),
        "params": urlencode({"q": query})})


@staff_page(Role.EDITOR)
def provider_form(request, provider_id=None):
    provider = _get(Provider.objects.all(), provider_id) if provider_id else None
    form = forms.ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.provider_save(user=request.user, provider=provider,
                                           **{k: form.cleaned_data[k] for k in form.fields})
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The provider has been saved."))
            return redirect("catalogue:staff_provider", provider_id=saved.uuid)
    return render(request, "catalogue/staff/provider_form.html", {
        "form": form, "provider": provider,
        "services": provider.services.all() if provider else []},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def provider_delete(request, provider_id):
    provider = _get(Provider.objects.all(), provider_id)
    if request.method == "POST":
        try:
            services.provider_delete(user=request.user, provider=provider)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("catalogue:staff_provider", provider_id=provider.uuid)
        messages.success(request, _("The provider has been deleted."))
        return redirect("catalogue:staff_providers")
    return render(request, "catalogue/staff/confirm_delete.html", {
        "object": provider, "cancel": "catalogue:staff_provider", "cancel_id": provider.uuid,
        "blocked": provider.services.exists()})


# Export ---------------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def export(request, fmt):
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(tabular.export_xlsx(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    else:
        response = HttpResponse(tabular.export_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.{fmt}"'
    return response
