"""Plan pages on a municipality's subdomain: public under /plan(s)/, staff under /staff/."""

from django.urls import path

from tenants.plans import views_public as public
from tenants.plans import views_staff as staff

app_name = "plans"
urlpatterns = [
    path("plan/", public.plan_in_force, name="public_in_force"),
    path("plans/", public.plan_list, name="public_plans"),
    path("plans/<int:plan_id>/", public.plan_page, name="public_plan"),
    path("plans/<int:plan_id>/comment/", public.comment_submit, name="public_comment"),
    path("plans/<int:plan_id>/evaluations/<int:year>/", public.evaluation_page,
         name="public_evaluation"),

    path("staff/plans/", staff.plan_list, name="staff_plans"),
    path("staff/plans/new/", staff.plan_create, name="staff_plan_create"),
    path("staff/plans/<int:plan_id>/", staff.plan_detail, name="staff_plan"),
    path("staff/plans/<int:plan_id>/edit/", staff.plan_edit, name="staff_plan_edit"),
    path("staff/plans/<int:plan_id>/transition/", staff.plan_transition,
         name="staff_plan_transition"),
    path("staff/plans/<int:plan_id>/amend/", staff.plan_amend, name="staff_plan_amend"),
    path("staff/plans/<int:plan_id>/delete/", staff.plan_delete, name="staff_plan_delete"),
    path("staff/plans/<int:plan_id>/history/", staff.plan_history, name="staff_plan_history"),
    path("staff/plans/<int:plan_id>/sections/<slug:kind>/", staff.section_edit,
         name="staff_section"),
    path("staff/plans/<int:plan_id>/priorities/new/", staff.priority_form,
         name="staff_priority_create"),
    path("staff/plans/<int:plan_id>/priorities/<int:priority_id>/", staff.priority_form,
         name="staff_priority"),
    path("staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/new/",
         staff.measure_form, name="staff_measure_create"),
    path("staff/plans/<int:plan_id>/priorities/<int:priority_id>/measures/<int:measure_id>/",
         staff.measure_form, name="staff_measure"),
    path("staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/new/",
         staff.activity_form, name="staff_activity_create"),
    path("staff/plans/<int:plan_id>/measures/<int:measure_id>/activities/<int:activity_id>/",
         staff.activity_form, name="staff_activity"),
    path("staff/plans/<int:plan_id>/delete/<slug:kind>/<int:object_id>/", staff.tree_delete,
         name="staff_tree_delete"),
    path("staff/plans/<int:plan_id>/action-plans/new/", staff.action_plan_create,
         name="staff_action_plan_create"),
    path("staff/plans/<int:plan_id>/action-plans/<int:year>/", staff.action_plan_detail,
         name="staff_action_plan"),
    path("staff/plans/<int:plan_id>/action-plans/<int:year>/next-year/",
         staff.action_plan_next_year, name="staff_action_plan_next_year"),
    path("staff/plans/<int:plan_id>/evaluations/new/", staff.evaluation_create,
         name="staff_evaluation_create"),
    path("staff/plans/<int:plan_id>/evaluations/<int:year>/", staff.evaluation_detail,
         name="staff_evaluation"),
    path("staff/plans/<int:plan_id>/evaluations/<int:year>/publish/", staff.evaluation_publish,
         name="staff_evaluation_publish"),
    path("staff/plans/<int:plan_id>/comments/", staff.comment_list, name="staff_comments"),
    path("staff/plans/<int:plan_id>/comments/<int:comment_id>/", staff.comment_moderate,
         name="staff_comment_moderate"),
    path("staff/target-groups/", staff.target_groups, name="staff_target_groups"),
]
