"""Needs analysis pages: staff under /staff/analysis/ (with the optimal network under
/staff/analysis/network-plans/) and /staff/surveys/, the public pages at /analysis/ and
/surveys/."""

from django.urls import path

from tenants.analysis import views
from tenants.analysis.optimal import views as optimal
from tenants.analysis.surveys import views as surveys

app_name = "analysis"
urlpatterns = [
    path("analysis/", views.public_analysis, name="public"),
    path("staff/analysis/", views.staff_analysis, name="staff"),
    path("staff/analysis/import/", views.population_import, name="staff_import"),
    path("staff/analysis/imports/<int:job_id>/", views.import_job, name="staff_import_job"),
    path("staff/analysis/enter/", views.population_enter, name="staff_enter"),
    path("staff/analysis/publish/", views.publish, name="staff_publish"),
    path("staff/analysis/network/", views.staff_network, name="staff_network"),
    path("staff/analysis/norms/", views.norm_save, name="staff_norm_save"),
    path("staff/analysis/norms/<int:norm_id>/delete/", views.norm_delete,
         name="staff_norm_delete"),
    path("staff/analysis/targets/", views.target_save, name="staff_target_save"),
    path("staff/analysis/network-plans/", optimal.description_list, name="network_plans"),
    path("staff/analysis/network-plans/new/", optimal.description_create,
         name="network_plan_create"),
    path("staff/analysis/network-plans/<int:description_id>/", optimal.description_detail,
         name="network_plan"),
    path("staff/analysis/network-plans/<int:description_id>/from-gaps/",
         optimal.items_from_gaps, name="network_plan_from_gaps"),
    path("staff/analysis/network-plans/<int:description_id>/items/new/", optimal.item_form,
         name="network_item_create"),
    path("staff/analysis/network-plans/<int:description_id>/items/<int:item_id>/",
         optimal.item_form, name="network_item"),
    path("staff/analysis/network-plans/<int:description_id>/items/<int:item_id>/delete/",
         optimal.item_delete, name="network_item_delete"),
    path("staff/analysis/network-plans/<int:description_id>/approve/",
         optimal.description_approve, name="network_plan_approve"),
    path("staff/analysis/network-plans/<int:description_id>/new-version/",
         optimal.description_amend, name="network_plan_amend"),
    path("staff/analysis/network-plans/<int:description_id>/delete/",
         optimal.description_delete, name="network_plan_delete"),

    path("surveys/", surveys.public_list, name="surveys"),
    path("surveys/<uuid:key>/", surveys.public_survey, name="survey_public"),
    path("surveys/<uuid:key>/thanks/", surveys.public_thanks, name="survey_thanks"),
    path("surveys/<uuid:key>/results/", surveys.public_results, name="survey_public_results"),
    path("staff/surveys/", surveys.staff_list, name="surveys_staff"),
    path("staff/surveys/new/", surveys.staff_create, name="survey_create"),
    path("staff/surveys/<int:survey_id>/", surveys.staff_detail, name="survey_staff"),
    path("staff/surveys/<int:survey_id>/edit/", surveys.survey_edit, name="survey_edit"),
    path("staff/surveys/<int:survey_id>/state/", surveys.survey_state, name="survey_state"),
    path("staff/surveys/<int:survey_id>/publish/", surveys.survey_publish,
         name="survey_publish"),
    path("staff/surveys/<int:survey_id>/delete/", surveys.survey_delete, name="survey_delete"),
    path("staff/surveys/<int:survey_id>/questions/new/", surveys.question_form,
         name="question_create"),
    path("staff/surveys/<int:survey_id>/questions/<int:question_id>/", surveys.question_form,
         name="question_edit"),
    path("staff/surveys/<int:survey_id>/questions/<int:question_id>/delete/",
         surveys.question_delete, name="question_delete"),
    path("staff/surveys/<int:survey_id>/results/", surveys.staff_results,
         name="survey_results"),
    path("staff/surveys/<int:survey_id>/results/<int:question_id>/", surveys.staff_texts,
         name="survey_texts"),
    path("staff/surveys/<int:survey_id>/export.csv", surveys.export_csv, name="survey_csv"),
    path("staff/surveys/<int:survey_id>/export.xlsx", surveys.export_xlsx,
         name="survey_xlsx"),
]
