"""Pages of this app on a municipality's subdomain (included at the root by hub/urls_tenant.py):
public catalogue under /catalogue/, staff under /staff/catalogue/, HSDS under /hsds/."""

from django.urls import path

from tenants.catalogue import views_hsds as hsds
from tenants.catalogue import views_imports as imports
from tenants.catalogue import views_public as public
from tenants.catalogue import views_staff as staff

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", public.catalogue, name="public"),
    path("catalogue/services/<uuid:service_id>/", public.service_page, name="public_service"),
    path("catalogue/providers/<uuid:provider_id>/", public.provider_page,
         name="public_provider"),

    path("staff/catalogue/", staff.service_list, name="staff_services"),
    path("staff/catalogue/services/new/", staff.service_form, name="staff_service_create"),
    path("staff/catalogue/services/<uuid:service_id>/", staff.service_form,
         name="staff_service"),
    path("staff/catalogue/services/<uuid:service_id>/delete/", staff.service_delete,
         name="staff_service_delete"),
    path("staff/catalogue/providers/", staff.provider_list, name="staff_providers"),
    path("staff/catalogue/providers/new/", staff.provider_form, name="staff_provider_create"),
    path("staff/catalogue/providers/<uuid:provider_id>/", staff.provider_form,
         name="staff_provider"),
    path("staff/catalogue/providers/<uuid:provider_id>/delete/", staff.provider_delete,
         name="staff_provider_delete"),
    path("staff/catalogue/import/", imports.import_file, name="staff_import"),
    path("staff/catalogue/import/registry/", imports.import_rpss, name="staff_import_rpss"),
    path("staff/catalogue/imports/", imports.import_jobs, name="staff_import_jobs"),
    path("staff/catalogue/imports/<int:job_id>/", imports.import_job, name="staff_import_job"),
    path("staff/catalogue/imports/<int:job_id>/confirm/", imports.import_confirm,
         name="staff_import_confirm"),
    path("staff/catalogue/registry/", imports.registry_page, name="staff_registry"),
    path("staff/catalogue/registry/accept-all/", imports.registry_accept_all,
         name="staff_registry_accept_all"),
    path("staff/catalogue/registry/<str:registry_id>/", imports.registry_offer,
         name="staff_registry_offer"),
    path("staff/catalogue/export.<str:fmt>", staff.export, name="staff_export"),

    path("hsds/", hsds.root, name="hsds_root"),
    path("hsds/profile/", hsds.profile, name="hsds_profile"),
    path("hsds/openapi.json", hsds.openapi, name="hsds_openapi"),
    path("hsds/services", hsds.service_list, name="hsds_services"),
    path("hsds/services/<str:service_id>", hsds.service_detail, name="hsds_service"),
    path("hsds/organizations", hsds.organization_list, name="hsds_organizations"),
    path("hsds/organizations/<str:organization_id>", hsds.organization_detail,
         name="hsds_organization"),
    path("hsds/taxonomies", hsds.taxonomy_list, name="hsds_taxonomies"),
    path("hsds/taxonomy_terms", hsds.taxonomy_term_list, name="hsds_taxonomy_terms"),
    path("hsds/datapackage.zip", hsds.datapackage, name="hsds_datapackage"),
]
