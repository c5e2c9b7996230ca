"""Staff pages of imports (jobs on the worker) and of the national registry's differences."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.rpss import problems as problem_texts
from hub.rpss import selectors as registry_selectors
from tenants.catalogue import forms, imports, registry, selectors, tabular
from tenants.catalogue.models import ImportJob, Service

RECENT = 30


@staff_page(Role.EDITOR)
def import_file(request):
    """Upload a CSV/XLSX table: it is checked on the worker, then confirmed."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.import_start(user=request.user, kind=ImportJob.Kind.TABLE,
                                   upload=form.cleaned_data["file"])
        return redirect("catalogue:staff_import_job", job_id=job.pk)
    return render(request, "catalogue/staff/import.html", {
        "form": form, "columns": tabular.COLUMNS, "required": tabular.REQUIRED},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def import_rpss(request):
    """Upload the registry's rpss.json: the services of the territory are checked."""
    form = forms.RpssImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.import_start(user=request.user, kind=ImportJob.Kind.REGISTRY_FILE,
                                   upload=form.cleaned_data["file"])
        return redirect("catalogue:staff_import_job", job_id=job.pk)
    return render(request, "catalogue/staff/import_rpss.html", {
        "form": form, "country": selectors.country(),
        "keys": registry_selectors.territory_keys(request.tenant)},
        status=400 if form.is_bound and form.errors else 200)


@staff_page(Role.EDITOR)
def import_jobs(request):
    jobs = ImportJob.objects.select_related(None).order_by("-created_at", "-pk")[:RECENT]
    return render(request, "catalogue/staff/import_jobs.html", {"jobs": jobs})


@staff_page(Role.EDITOR)
def import_job(request, job_id):
    job = get_object_or_404(ImportJob, pk=job_id)
    return render(request, "catalogue/staff/import_job.html", {
        "job": job, "findings": job.result or job.preview,
        "waits_for_workers": imports.waits_for_workers(job),
        "can_confirm": (job.status == ImportJob.Status.CHECKED and job.preview.get("ok")
                        and job.user_id in (None, request.user.pk))})


@staff_page(Role.EDITOR)
@require_POST
def import_confirm(request, job_id):
    job = get_object_or_404(ImportJob, pk=job_id)
    try:
        imports.import_confirm(job=job, user=request.user)
    except imports.NotYours as error:
        messages.error(request, error.messages[0])
    return redirect("catalogue:staff_import_job", job_id=job.pk)


# The registry's differences -------------------------------------------------------------------

def _labels() -> dict:
    return {"name": _("Name"), "service_type": _("Type of service"), "form": _("Form"),
            "capacities": _("Registered capacity"), "target_groups": _("Target groups"),
            "phone": _("Phone"), "email": _("E-mail"), "website": _("Website"),
            "covers": _("Area covered"), "hidden_address": _("Address kept secret"),
            "locations": _("Places"), "status": _("Status")}


def _shown(field: str, value, language: str) -> str:
    from hub import taxonomy
    from tenants.catalogue import capacities, coverage

    if field == "capacities":
        return capacities.render(value, language) or "—"
    if field == "covers":
        return ", ".join(d["label"] for d in coverage.describe(value, language)) or _(
            "your municipality's territory")
    if field in ("service_type", "form"):
        return taxonomy.name(value, language) if value else "—"
    if field == "target_groups":
        return ", ".join(taxonomy.name(v, language) for v in value) or "—"
    if field == "locations":
        return "; ".join(f"{p['address']}, {p['town']}" for p in value) or "—"
    if field == "hidden_address":
        return _("yes") if value else _("no")
    if field == "status":
        return dict(Service.Status.choices).get(value, value)
    return value or "—"


def _summary(offer, language: str) -> list[str]:
    """What a new service is, in a few words: type, registered capacity, places."""
    if offer.kind != "new":
        return []
    new = registry.values(offer.record)
    return [_shown("service_type", new["service_type"], language),
            _shown("capacities", new["capacities"], language),
            _("Address not published") if new["hidden_address"]
            else _shown("locations", new["locations"], language)]


def _offer_view(offer, language: str) -> dict:
    labels = _labels()
    return {"offer": offer, "problems": [problem_texts.text(p) for p in offer.problems],
            "summary": [part for part in _summary(offer, language) if part and part != "—"],
            "changes": [{"field": f, "label": labels[f], "ours": _shown(f, ours, language),
                         "theirs": _shown(f, theirs, language), "conflict": f in offer.conflicts}
                        for f, ours, theirs in offer.changes]}


@staff_page(Role.VIEWER)
def registry_page(request):
    """What the national registry says differently about this territory."""
    from django.utils.translation import get_language

    language = (get_language() or "cs")[:2]
    differences = registry.from_snapshot()
    latest = registry_selectors.latest_file()
    return render(request, "catalogue/staff/registry.html", {
        "differences": differences, "latest": latest,
        "offers": [_offer_view(o, language) for o in differences.offers],
        "blocked": [(r["registry_id"], r["name"], [problem_texts.text(p) for p in r["problems"]
                                                    if p["blocking"]])
                    for r in differences.blocked],
        "applicable": sum(1 for o in differences.offers if not o.conflicts),
        "can_edit": _can_edit(request)})


def _can_edit(request) -> bool:
    from hub.accounts.selectors import has_role, request_role

    return has_role(request_role(request), Role.EDITOR)


@staff_page(Role.EDITOR)
@require_POST
def registry_offer(request, registry_id):
    """Accept (or take the registry's values of a conflict) or ignore one offer."""
    differences = registry.from_snapshot()
    offer = next((o for o in differences.offers if o.registry_id == registry_id), None)
    if offer is None:  # accepted or ignored meanwhile (another tab, a colleague)
        messages.info(request, _("The registry has no change waiting for this service any "
                                 "more."))
        return redirect("catalogue:staff_registry")
    action = request.POST.get("action")
    if action == "ignore":
        registry.ignore(offer)
        messages.success(request, _("The catalogue stays as it is for “%(name)s”.")
                         % {"name": offer.name})
    elif action in ("accept", "take"):
        take = [f for f, _o, _t in offer.changes] if action == "take" else None
        try:
            registry.accept(offer, user=request.user, take=take)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” has been taken from the registry.")
                             % {"name": offer.name})
    return redirect("catalogue:staff_registry")


@staff_page(Role.EDITOR)
@require_POST
def registry_accept_all(request):
    job = imports.import_start(user=request.user, kind=ImportJob.Kind.REGISTRY)
    return redirect("catalogue:staff_import_job", job_id=job.pk)
