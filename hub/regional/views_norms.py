"""The coordinators' norms tab: the standards a region (kraj) sets for all its municipalities
(hub/regional/norms.py), which a municipality's network analysis uses where it has no own."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.accounts.access import coordinator_page
from hub.municipalities.models import Region
from hub.regional import metrics, norms, selectors
from hub.regional.forms import RegionNormForm


def _group_name(code: str) -> str:
    return taxonomy.name(code) if code else _("all target groups")


def _listed(area: Region) -> list[dict]:
    return [{"id": n.id, "type": taxonomy.name(n.service_type), "type_code": n.service_type,
             "paragraph": getattr(taxonomy.term(n.service_type), "paragraph", ""),
             "group": _group_name(n.target_group), "unit": metrics.unit_label(n.unit),
             "per_1000": n.per_1000, "note": n.note, "updated_at": n.updated_at,
             "updated_by": n.updated_by.email if n.updated_by else ""}
            for n in selectors.area_norms(area)]


def _save(request, form: RegionNormForm, area: Region, norm=None) -> bool:
    """The service's refusals land on the form's fields, translated."""
    if not form.is_valid():
        return False
    try:
        norms.region_norm_save(area=area, user=request.user, norm=norm, **form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    return True


def _page(request, area: Region, form, template="regional/norms.html", **extra):
    context = {"area": area, "tab": "norms", "form": form,
               "summary": SimpleNamespace(total=selectors.area_municipalities(area).count(),
                                          filters=None, refreshed_at=None),
               "region": selectors.norms_area(area), "norms": _listed(area),
               "editable": area.kind == Region.Kind.REGION, **extra}
    return render(request, template, context, status=400 if form and form.errors else 200)


@coordinator_page
def norms_page(request, code):
    """The region's norms and the form to add one (a district shows its kraj's, to read)."""
    area = selectors.area_for_coordinator(user=request.user, code=code)
    form = None
    if area.kind == Region.Kind.REGION:
        form = RegionNormForm(request.POST or None, country=area.country)
        if request.method == "POST" and _save(request, form, area):
            messages.success(request, _("The norm was added."))
            return redirect("regional:norms", area.code)
    return _page(request, area, form)


@coordinator_page
def norm_edit(request, code, norm_id):
    norm = selectors.norm_for_coordinator(user=request.user, code=code, norm_id=norm_id)
    form = RegionNormForm(request.POST or None, country=norm.area.country, initial={
        "service_type": norm.service_type, "target_group": norm.target_group,
        "unit": norm.unit, "per_1000": norm.per_1000, "note": norm.note})
    if request.method == "POST" and _save(request, form, norm.area, norm):
        messages.success(request, _("The norm was changed."))
        return redirect("regional:norms", norm.area.code)
    return _page(request, norm.area, form, "regional/norm_edit.html", norm=norm)


@coordinator_page
def norm_delete(request, code, norm_id):
    """Asks first; the municipalities' analyses fall back to their norm or the median."""
    norm = selectors.norm_for_coordinator(user=request.user, code=code, norm_id=norm_id)
    if request.method == "POST":
        norms.region_norm_delete(norm=norm)
        messages.success(request, _("The norm was deleted."))
        return redirect("regional:norms", norm.area.code)
    return _page(request, norm.area, None, "regional/norm_delete.html", norm=norm,
                 norm_name=f"{taxonomy.name(norm.service_type)} · "
                           f"{_group_name(norm.target_group)} · "
                           f"{metrics.unit_label(norm.unit)}")
