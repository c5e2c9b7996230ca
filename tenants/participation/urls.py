"""Pages of this app on a municipality's subdomain (included at the root by hub/urls_tenant.py)."""

from django.urls import path

from tenants.participation import views_public as public
from tenants.participation import views_staff as staff

app_name = "participation"
urlpatterns = [
    path("groups/", public.group_list, name="groups"),
    path("groups/<int:group_id>/", public.group_page, name="group"),
    path("groups/<int:group_id>/join/", public.group_join, name="group_join"),
    path("groups/<int:group_id>/schedule.ics", public.group_ics, name="group_ics"),
    path("groups/confirm/<str:token>/", public.join_confirm, name="join_confirm"),
    path("groups/withdraw/<str:token>/", public.withdraw, name="withdraw"),
    path("schedule/", public.schedule, name="schedule"),
    path("schedule.ics", public.schedule_ics, name="schedule_ics"),
    path("meetings/<int:meeting_id>/", public.meeting_page, name="meeting"),
    path("meetings/<int:meeting_id>/register/", public.meeting_register, name="meeting_register"),
    path("meetings/registration/cancel/<str:token>/", public.registration_cancel,
         name="registration_cancel"),
    path("meetings/<int:meeting_id>/files/<int:file_id>/", public.meeting_file,
         name="meeting_file"),

    path("staff/groups/", staff.group_list, name="staff_groups"),
    path("staff/groups/new/", staff.group_form, name="staff_group_create"),
    path("staff/groups/<int:group_id>/", staff.group_detail, name="staff_group"),
    path("staff/groups/<int:group_id>/edit/", staff.group_form, name="staff_group_edit"),
    path("staff/groups/<int:group_id>/members/new/", staff.member_form,
         name="staff_member_create"),
    path("staff/groups/<int:group_id>/members/<int:member_id>/", staff.member_form,
         name="staff_member"),
    path("staff/members/<int:member_id>/decide/", staff.member_decide, name="staff_member_decide"),
    path("staff/members/<int:member_id>/withdraw/", staff.member_withdraw,
         name="staff_member_withdraw"),
    path("staff/meetings/", staff.meeting_list, name="staff_meetings"),
    path("staff/meetings/new/", staff.meeting_form, name="staff_meeting_create"),
    path("staff/meetings/<int:meeting_id>/", staff.meeting_detail, name="staff_meeting"),
    path("staff/meetings/<int:meeting_id>/edit/", staff.meeting_form, name="staff_meeting_edit"),
    path("staff/meetings/<int:meeting_id>/status/", staff.meeting_status,
         name="staff_meeting_status"),
    path("staff/meetings/<int:meeting_id>/invite/", staff.meeting_invite,
         name="staff_meeting_invite"),
    path("staff/meetings/<int:meeting_id>/minutes/", staff.meeting_minutes,
         name="staff_meeting_minutes"),
    path("staff/meetings/<int:meeting_id>/attendance/", staff.meeting_attendance,
         name="staff_meeting_attendance"),
    path("staff/meetings/<int:meeting_id>/files/", staff.meeting_file_add,
         name="staff_meeting_file_add"),
    path("staff/meetings/<int:meeting_id>/files/<int:file_id>/", staff.meeting_file_download,
         name="staff_meeting_file"),
    path("staff/meetings/<int:meeting_id>/files/<int:file_id>/delete/", staff.meeting_file_delete,
         name="staff_meeting_file_delete"),
]
