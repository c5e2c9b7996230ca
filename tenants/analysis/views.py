"""Pages of the needs analysis: the staff analysis (demography, network, norms) and the public
page once published. Thin: parse, call one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.analysis import (
    forms,
    import_jobs,
    network,
    network_cache,
    present,
    selectors,
    services,
)
from tenants.analysis.models import Norm


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


#: Imports listed on the demography page.
RECENT_IMPORTS = 10


def _staff_context(request, **extra) -> dict:
    can_edit = _can_edit(request)
    return {**present.demography_view(), "can_edit": can_edit,
            "imports": selectors.recent_imports(RECENT_IMPORTS) if can_edit else [],
            "published": selectors.is_published(),
            "import_form": extra.pop("import_form", None) or forms.ImportForm(),
            "entry_form": extra.pop("entry_form", None) or forms.EntryForm(
                areas=selectors.areas()), **extra}


@staff_page(Role.VIEWER)
def staff_analysis(request):
    return render(request, "analysis/staff.html", _staff_context(request))


@staff_page(Role.EDITOR)
@require_POST
def population_import(request):
    """Keep the file and hand it to the worker; the job's page follows it."""
    form = forms.ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            job = import_jobs.demography_import_start(
                user=request.user, upload=form.cleaned_data["file"],
                language=request.LANGUAGE_CODE)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            return redirect("analysis:staff_import_job", job_id=job.pk)
    return render(request, "analysis/staff.html", _staff_context(request, import_form=form),
                  status=400)


@staff_page(Role.EDITOR)
def import_job(request, job_id: int):
    job = selectors.import_by_id(job_id)
    return render(request, "analysis/import_job.html", {
        "job": job, "waits_for_workers": import_jobs.waits_for_workers(job)})


@staff_page(Role.EDITOR)
@require_POST
def population_enter(request):
    form = forms.EntryForm(request.POST, areas=selectors.areas())
    if form.is_valid():
        try:
            services.population_enter(area_code=form.cleaned_data["area_code"],
                                      year=form.cleaned_data["year"], counts=form.counts())
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The population counts have been saved."))
            return redirect("analysis:staff")
    return render(request, "analysis/staff.html", _staff_context(request, entry_form=form),
                  status=400)


@staff_page(Role.EDITOR)
@require_POST
def publish(request):
    published = request.POST.get("published") == "1"
    services.analysis_publish(published=published)
    messages.success(request, _("The analysis is public now.") if published
                     else _("The analysis is no longer public."))
    return redirect("analysis:staff")


def _network(request) -> dict:
    """The own area's rows and those of the one obec chosen (?area=), never all of them."""
    chosen = request.GET.get("area", "")
    return present.network_view(network.network_analysis(
        members=[chosen] if chosen else [], inputs=network_cache.network_inputs()),
        chosen=chosen)


def _network_context(request, **extra) -> dict:
    country = request.municipality.country
    return {**_network(request), "norms": present.norms_view(),
            "can_edit": _can_edit(request),
            "norm_form": extra.pop("norm_form", None) or forms.NormForm(country=country),
            "target_form": extra.pop("target_form", None) or forms.TargetForm(country=country),
            "targets": present.targets_view(), **extra}


@staff_page(Role.VIEWER)
def staff_network(request):
    return render(request, "analysis/network.html", _network_context(request))


@staff_page(Role.EDITOR)
@require_POST
def norm_save(request):
    country = request.municipality.country
    form = forms.NormForm(request.POST, country=country)
    if form.is_valid():
        data = form.cleaned_data
        existing = Norm.objects.filter(service_type=data["service_type"],
                                       target_group=data["target_group"],
                                       unit=data["unit"]).first()
        try:
            services.norm_save(country=country, norm=existing, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The norm has been saved."))
            return redirect("analysis:staff_network")
    return render(request, "analysis/network.html", _network_context(request, norm_form=form),
                  status=400)


@staff_page(Role.EDITOR)
@require_POST
def norm_delete(request, norm_id: int):
    services.norm_delete(norm=get_object_or_404(Norm, pk=norm_id))
    messages.success(request, _("The norm has been deleted."))
    return redirect("analysis:staff_network")


@staff_page(Role.EDITOR)
@require_POST
def target_save(request):
    country = request.municipality.country
    form = forms.TargetForm(request.POST, country=country)
    if form.is_valid():
        services.target_set(country=country, service_type=form.cleaned_data["service_type"],
                            target=form.cleaned_data["target"] or None)
        messages.success(request, _("The target population has been saved."))
        return redirect("analysis:staff_network")
    return render(request, "analysis/network.html",
                  _network_context(request, target_form=form), status=400)


@public_page
def public_analysis(request):
    if not selectors.is_published():
        return render(request, "analysis/public.html", {"published": False})
    return render(request, "analysis/public.html", {
        "published": True, **present.demography_view(),
        **_network(request)})
