"""Funding pages on a municipality's subdomain: public under /funding/, staff under /staff/
(the planning's self-assessment under /staff/quality/)."""

from django.urls import path

from tenants.funding import views_provider as provider
from tenants.funding import views_public as public
from tenants.funding import views_quality as quality
from tenants.funding import views_staff as staff

app_name = "funding"
urlpatterns = [
    path("funding/", public.round_list, name="public_rounds"),
    path("funding/<int:round_id>/", public.round_page, name="public_round"),
    path("funding/<int:round_id>/results.csv", public.round_csv, name="public_round_csv"),

    path("funding/apply/<str:token>/", provider.provider_applications,
         name="provider_applications"),

    path("staff/funding/", staff.round_list, name="staff_rounds"),
    path("staff/funding/new/", staff.round_create, name="staff_round_create"),
    path("staff/funding/<int:round_id>/", staff.round_detail, name="staff_round"),
    path("staff/funding/<int:round_id>/edit/", staff.round_edit, name="staff_round_edit"),
    path("staff/funding/<int:round_id>/delete/", staff.round_delete, name="staff_round_delete"),
    path("staff/funding/<int:round_id>/step/", staff.round_transition,
         name="staff_round_transition"),
    path("staff/funding/<int:round_id>/criteria/", staff.criteria_edit,
         name="staff_criteria"),
    path("staff/funding/<int:round_id>/allocate/", staff.round_allocate,
         name="staff_round_allocate"),
    path("staff/funding/<int:round_id>/links/", staff.provider_links,
         name="staff_provider_links"),
    path("staff/funding/<int:round_id>/history/", staff.round_history,
         name="staff_round_history"),
    path("staff/funding/<int:round_id>/applications/new/", staff.application_form,
         name="staff_application_create"),
    path("staff/funding/<int:round_id>/applications/<int:application_id>/",
         staff.application_form, name="staff_application"),
    path("staff/funding/<int:round_id>/applications/<int:application_id>/delete/",
         staff.application_delete, name="staff_application_delete"),
    path("staff/funding/<int:round_id>/applications/<int:application_id>/score/",
         staff.application_score, name="staff_application_score"),
    path("staff/funding/<int:round_id>/applications/<int:application_id>/override/",
         staff.application_override, name="staff_application_override"),

    path("staff/quality/", quality.assessment_list, name="staff_quality_list"),
    path("staff/quality/new/", quality.assessment_create, name="staff_quality_create"),
    path("staff/quality/<int:assessment_id>/", quality.assessment_detail,
         name="staff_quality"),
    path("staff/quality/<int:assessment_id>/edit/", quality.assessment_edit,
         name="staff_quality_edit"),
    path("staff/quality/<int:assessment_id>/delete/", quality.assessment_delete,
         name="staff_quality_delete"),
]
