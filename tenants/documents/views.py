"""Pages of generated documents: staff generate and download under /staff/documents/,
residents download the latest catalogue and leaflets under /publications/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import public_page, staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from tenants.documents import forms, selectors, services


def _pdf_response(version, *, attachment: bool):
    try:
        handle = default_storage.open(version.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="application/pdf", as_attachment=attachment,
                            filename=version.filename())
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Staff -------------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def document_list(request):
    role = request_role(request)
    rows = selectors.document_rows()
    return render(request, "documents/staff/list.html", {
        "catalogue_rows": [r for r in rows if r.group == "catalogue"],
        "plan_rows": [r for r in rows if r.group == "plans"],
        "can_edit": has_role(role, Role.EDITOR), "can_admin": has_role(role, Role.ADMIN),
        "settings_form": forms.SettingsForm(instance=services.document_settings_get()),
    })


@require_POST
@staff_page(Role.EDITOR)
def document_generate(request):
    form = forms.GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document to generate."))
        return redirect("documents:staff_list")
    try:
        job = services.document_generate(user=request.user, kind=form.cleaned_data["kind"],
                                         subject_id=form.cleaned_data["subject_id"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("documents:staff_list")
    return redirect("documents:staff_job", job_id=job.pk)


@staff_page(Role.VIEWER)
def job_detail(request, job_id: int):
    job = selectors.job_get(job_id)
    return render(request, "documents/staff/job.html", {
        "job": job, "waits_for_workers": selectors.job_waits_for_workers(job)})


@staff_page(Role.VIEWER)
def document_detail(request, document_id: int):
    document = selectors.document_get(document_id)
    jobs = Paginator(document.jobs.select_related("requested_by", "version"), 20)
    return render(request, "documents/staff/document.html", {
        "document": document, "versions": document.versions.all(),
        "jobs": jobs.get_page(request.GET.get("page"))})


@staff_page(Role.VIEWER)
def version_download(request, version_id: int):
    return _pdf_response(selectors.version_get(version_id), attachment=True)


@require_POST
@staff_page(Role.ADMIN)
def settings_update(request):
    form = forms.SettingsForm(request.POST, instance=services.document_settings_get())
    if form.is_valid():
        services.document_settings_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("The schedule has been saved."))
    else:
        messages.error(request, _("Choose how often each kind of document is regenerated."))
    return redirect("documents:staff_list")


# Public ------------------------------------------------------------------------------------

@public_page
def publication_list(request):
    return render(request, "documents/public/list.html",
                  {"publications": selectors.publications(),
                   "plan_publications": selectors.plan_publications()})


@public_page
def publication_download(request, kind: str):
    return _pdf_response(selectors.publication_latest(kind), attachment=False)


@public_page
def plan_publication_download(request, kind: str, subject_id: int):
    return _pdf_response(selectors.publication_of_subject(kind, subject_id), attachment=False)
