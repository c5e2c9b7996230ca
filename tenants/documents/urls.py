"""Pages of this app on a municipality's subdomain (included at the root by hub/urls_tenant.py)."""

from django.urls import path

from tenants.documents import views

app_name = "documents"
urlpatterns = [
    path("publications/", views.publication_list, name="public_list"),
    path("publications/<slug:kind>.pdf", views.publication_download, name="public_download"),
    path("publications/<slug:kind>/<int:subject_id>.pdf", views.plan_publication_download,
         name="public_plan_download"),
    path("staff/documents/", views.document_list, name="staff_list"),
    path("staff/documents/generate/", views.document_generate, name="staff_generate"),
    path("staff/documents/settings/", views.settings_update, name="staff_settings"),
    path("staff/documents/<int:document_id>/", views.document_detail, name="staff_document"),
    path("staff/documents/jobs/<int:job_id>/", views.job_detail, name="staff_job"),
    path("staff/documents/versions/<int:version_id>/download/", views.version_download,
         name="staff_download"),
]
