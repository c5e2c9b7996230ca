"""Staff pages of the optimal network under /staff/analysis/network-plans/: the descriptions
of the plans, one description with its gaps, items and PDF, the item form. Thin: parse, call
one service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub import numbers
from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.analysis.models import NetworkDescription
from tenants.analysis.optimal import forms, present, selectors, services


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


def _detail(description_id: int) -> str:
    return reverse("analysis:network_plan", args=[description_id])


def _confirm(request, *, title, consequence, button, back):
    return render(request, "staff/confirm.html", {
        "title": title, "consequence": consequence, "button": button, "back": back})


def _fail(request, error: ValidationError, description_id: int):
    messages.error(request, " ".join(error.messages))
    return redirect(_detail(description_id))


@staff_page(Role.VIEWER)
def description_list(request, form=None):
    return render(request, "analysis/optimal/list.html", {
        "descriptions": selectors.descriptions(), "can_edit": _can_edit(request),
        "form": form or forms.DescriptionForm(plans=selectors.plans_for_choice()),
    }, status=400 if form is not None else 200)


@staff_page(Role.EDITOR)
@require_POST
def description_create(request):
    form = forms.DescriptionForm(request.POST, plans=selectors.plans_for_choice())
    if form.is_valid():
        try:
            description = services.description_create(
                user=request.user, plan=selectors.plan_get(form.cleaned_data["plan"]),
                title=form.cleaned_data["title"], note=form.cleaned_data["note"])
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The description has been created. Start from the "
                                        "gaps of the network analysis."))
            return redirect(_detail(description.pk))
    return description_list(request, form=form)


@staff_page(Role.VIEWER)
def description_detail(request, description_id: int):
    description = selectors.description_get(description_id)
    items = list(selectors.items_of(description))
    gaps = selectors.gaps_now()
    gap_rows = present.gap_rows(gaps, {i.gap_key for i in items})
    return render(request, "analysis/optimal/detail.html", {
        "description": description, "plan": description.plan,
        "groups": present.grouped(items, gaps), "count": len(items),
        "total_cost": present.total_cost(items), "gaps": gaps, "gap_rows": gap_rows,
        "open_gaps": sum(1 for r in gap_rows if r["missing"] and not r["answered"]),
        "chart": present.gap_chart(gap_rows), "can_edit": _can_edit(request),
        "editable": description.status == NetworkDescription.Status.DRAFT,
        "public": selectors.is_public(description),
        "approve_form": forms.ApproveForm(initial={"approved_on": timezone.localdate()}),
    })


@staff_page(Role.EDITOR)
@require_POST
def items_from_gaps(request, description_id: int):
    description = selectors.description_get(description_id)
    try:
        made = services.items_from_gaps(user=request.user, description=description,
                                        country=request.municipality.country)
    except ValidationError as error:
        return _fail(request, error, description.pk)
    if made:
        messages.success(request, _("%(n)s gaps added as items. Check each one: the place, "
                                    "the provider, the year and the cost.") % {"n": len(made)})
    else:
        messages.info(request, _("No gap is left without an item."))
    return redirect(_detail(description.pk) + "#items")


def _item_form(request, description, item=None, data=None, initial=None):
    gaps = selectors.gaps_now()
    country = request.municipality.country
    return forms.ItemForm(
        data, initial=initial, country=country, plan=description.plan,
        measures=selectors.measures_of(description.plan), providers=selectors.providers(),
        gaps=[(key, present.key_label(key)) for key in gaps.rows],
        currency=numbers.CURRENCY.get(country, "€"))


def _initial(request, description, item) -> dict:
    if item is not None:
        return {"action": item.action, "service_type": item.service_type,
                "target_group": item.target_group, "capacity": item.capacity,
                "unit": item.unit, "place": item.place, "provider": item.provider_id or "",
                "year": item.year, "cost": item.cost, "gap_key": item.gap_key,
                "note": item.note, "measures": [link.measure_id for link in item.links.all()]}
    parts = selectors.split_key(request.GET.get("gap", ""))
    initial = {"year": description.plan.year_from, "action": "create"}
    if parts:
        initial.update(service_type=parts[0], target_group=parts[1], unit=parts[2],
                       gap_key=request.GET["gap"])
    return initial


@staff_page(Role.EDITOR)
def item_form(request, description_id: int, item_id: int | None = None):
    description = selectors.description_get(description_id)
    item = selectors.item_get(description, item_id) if item_id else None
    if request.method == "POST":
        form = _item_form(request, description, item, data=request.POST)
        if form.is_valid():
            try:
                services.item_save(user=request.user, description=description, item=item,
                                   country=request.municipality.country,
                                   **form.service_values())
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The item has been saved."))
                return redirect(_detail(description.pk) + "#items")
        status = 400
    else:
        form = _item_form(request, description, item,
                          initial=_initial(request, description, item))
        status = 200
    return render(request, "analysis/optimal/item_form.html", {
        "description": description, "item": item, "form": form,
        "editable": description.status == NetworkDescription.Status.DRAFT}, status=status)


@staff_page(Role.EDITOR)
def item_delete(request, description_id: int, item_id: int):
    description = selectors.description_get(description_id)
    item = selectors.item_get(description, item_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete the item “%(item)s”?") % {
            "item": present.item_row(item)["type_name"]},
            consequence=_("The item and its links to plan measures are removed from this "
                          "version."),
            button=_("Yes, delete the item"), back=_detail(description.pk) + "#items")
    try:
        services.item_delete(user=request.user, item=item)
    except ValidationError as error:
        return _fail(request, error, description.pk)
    messages.success(request, _("The item has been deleted."))
    return redirect(_detail(description.pk) + "#items")


@staff_page(Role.EDITOR)
@require_POST
def description_approve(request, description_id: int):
    description = selectors.description_get(description_id)
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the day the council approved it."))
        return redirect(_detail(description.pk) + "#approve")
    try:
        services.description_approve(user=request.user, description=description,
                                     **form.cleaned_data)
    except ValidationError as error:
        return _fail(request, error, description.pk)
    messages.success(request, _("The approval has been recorded."))
    return redirect(_detail(description.pk))


@staff_page(Role.EDITOR)
@require_POST
def description_amend(request, description_id: int):
    description = selectors.description_get(description_id)
    try:
        new = services.description_amend(user=request.user, description=description)
    except ValidationError as error:
        return _fail(request, error, description.pk)
    messages.success(request, _("Version %(n)s has been made as a draft.") % {"n": new.version})
    return redirect(_detail(new.pk))


@staff_page(Role.EDITOR)
def description_delete(request, description_id: int):
    description = selectors.description_get(description_id)
    if request.method != "POST":
        return _confirm(request, title=_("Delete “%(d)s”?") % {"d": description},
                        consequence=_("The draft and all its items are deleted for good."),
                        button=_("Yes, delete the draft"), back=_detail(description.pk))
    try:
        services.description_delete(user=request.user, description=description)
    except ValidationError as error:
        return _fail(request, error, description.pk)
    messages.success(request, _("The draft has been deleted."))
    return redirect("analysis:network_plans")
