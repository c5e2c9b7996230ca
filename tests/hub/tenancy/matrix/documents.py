"""Isolation-matrix rows of generated documents (staff pages and public downloads)."""

PAGES = [
    ("/publications/", "/publications/", "get", "public", None),
    ("/publications/<slug:kind>.pdf", "/publications/catalogue.pdf", "get", "public", None),
    ("/publications/<slug:kind>/<int:subject_id>.pdf", "/publications/plan/{plan}.pdf", "get",
     "public", None),
    ("/staff/documents/", "/staff/documents/", "get", "viewer", None),
    ("/staff/documents/generate/", "/staff/documents/generate/", "post", "editor",
     {"kind": "plan", "subject_id": "{plan}"}),
    ("/staff/documents/settings/", "/staff/documents/settings/", "post", "admin",
     {"catalogue_cadence": "never", "leaflets_cadence": "never", "plans_cadence": "never"}),
    ("/staff/documents/<int:document_id>/", "/staff/documents/{gendoc}/", "get", "viewer",
     None),
    ("/staff/documents/jobs/<int:job_id>/", "/staff/documents/jobs/{genjob}/", "get", "viewer",
     None),
    ("/staff/documents/versions/<int:version_id>/download/",
     "/staff/documents/versions/{genversion}/download/", "get", "viewer", None),
]
API_READS = []
MARKERS = ["Tajný dokument Alfa", "alfa-secret-job-error"]


def objects(municipality):
    """Alfa's catalogue with one version (a file in alfa's storage) and a failed job."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from tenants.documents.models import Document, DocumentJob, DocumentVersion

    document = Document.objects.create(kind="catalogue", title="Tajný dokument Alfa")
    name = default_storage.save("documents/catalogue/matrix.pdf",
                                ContentFile(b"%PDF-1.7 Tajny dokument Alfa"))
    version = DocumentVersion.objects.create(document=document, number=1, file=name, size=28,
                                             pages=1, input_hash="x" * 64)
    job = DocumentJob.objects.create(document=document, state="failed",
                                     error="alfa-secret-job-error")
    return {"gendoc": document.pk, "genversion": version.pk, "genjob": job.pk}


def state():
    from tenants.documents.models import Document, DocumentJob, DocumentSettings, DocumentVersion

    return (Document.objects.count(), DocumentVersion.objects.count(),
            sorted(DocumentJob.objects.values_list("pk", "state")),
            list(DocumentSettings.objects.values_list("catalogue_cadence", "leaflets_cadence",
                                                      "plans_cadence")))
