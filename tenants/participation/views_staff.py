"""Staff pages of working groups and meetings: thin views that parse a form, call one service
and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.accounts.access import staff_page
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role
from hub.form_errors import form_add_service_error
from tenants.common import files
from tenants.participation import forms, selectors, services
from tenants.participation.models import Meeting, MeetingFile, Member, WorkingGroup


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _can_edit(request) -> bool:
    return has_role(request_role(request), Role.EDITOR)


# Groups and members ---------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def group_list(request):
    return render(request, "participation/staff/group_list.html", {
        "groups": selectors.groups_for_staff(), "requests": selectors.requests_pending(),
        "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
def group_form(request, group_id=None):
    group = get_object_or_404(WorkingGroup, pk=group_id) if group_id else None
    form = forms.GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_save(user=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The working group has been saved."))
            return redirect("participation:staff_group", group_id=group.pk)
    return render(request, "participation/staff/form.html", {
        "form": form, "title": _("Edit the working group") if group else _("New working group"),
        "back": group and group.pk}, status=_status(form))


@staff_page(Role.VIEWER)
def group_detail(request, group_id):
    group = get_object_or_404(WorkingGroup, pk=group_id)
    return render(request, "participation/staff/group.html", {
        "group": group, "members": selectors.members_of(group),
        "withdrawn": group.members.filter(state=Member.State.WITHDRAWN).count(),
        "meetings": group.meetings.order_by("-date")[:20], "can_edit": _can_edit(request),
        "form": forms.MemberForm()})


@staff_page(Role.EDITOR)
def member_form(request, group_id, member_id=None):
    group = get_object_or_404(WorkingGroup, pk=group_id)
    member = get_object_or_404(group.members.exclude(state=Member.State.WITHDRAWN),
                               pk=member_id) if member_id else None
    form = forms.MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if member:
                services.member_update(user=request.user, member=member, **data)
            else:
                services.member_add(user=request.user, group=group, consent=True, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The member has been saved."))
            return redirect("participation:staff_group", group_id=group.pk)
    return render(request, "participation/staff/member_form.html", {
        "form": form, "group": group, "member": member}, status=_status(form))


@staff_page(Role.EDITOR)
@require_POST
def member_decide(request, member_id):
    member = selectors.member_get(member_id)
    approve = request.POST.get("decision") == "approve"
    try:
        services.member_decide(user=request.user, member=member, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The member has been approved.") if approve
                         else _("The request has been refused and deleted."))
    return redirect("participation:staff_groups")


@staff_page(Role.EDITOR)
def member_withdraw(request, member_id):
    member = selectors.member_get(member_id)
    if request.method == "POST":
        services.member_withdraw(user=request.user, member=member)
        messages.success(request, _("The member has left the group; their personal data has "
                                    "been erased."))
        return redirect("participation:staff_group", group_id=member.group_id)
    return render(request, "staff/confirm.html", {
        "title": _("Remove %(name)s from the group?") % {"name": member},
        "consequence": _("Their name, organisation, e-mail and phone are erased for good. "
                         "Meetings they attended keep an anonymous count."),
        "back": f"/staff/groups/{member.group_id}/", "button": _("Yes, remove and erase")})


# Meetings -----------------------------------------------------------------------------------

@staff_page(Role.VIEWER)
def meeting_list(request):
    page = Paginator(Meeting.objects.prefetch_related("groups").order_by("-date", "-starts_at"),
                     25).get_page(request.GET.get("page"))
    return render(request, "participation/staff/meeting_list.html", {
        "page": page, "can_edit": _can_edit(request)})


@staff_page(Role.EDITOR)
def meeting_form(request, meeting_id=None):
    meeting = get_object_or_404(Meeting, pk=meeting_id) if meeting_id else None
    initial = {}
    if meeting is None and request.GET.get("group"):
        initial["groups"] = WorkingGroup.objects.filter(pk=request.GET["group"]
                                                        if request.GET["group"].isdigit() else 0)
    form = forms.MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(user=request.user, meeting=meeting,
                                            **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("participation:staff_meeting", meeting_id=meeting.pk)
    return render(request, "participation/staff/form.html", {
        "form": form, "title": _("Edit the meeting") if meeting else _("New meeting"),
        "meeting": meeting}, status=_status(form))


@staff_page(Role.VIEWER)
def meeting_detail(request, meeting_id):
    meeting = selectors.meeting_get(meeting_id)
    members = list(Member.objects.filter(group__in=meeting.groups.all()).exclude(
        state__in=[Member.State.UNCONFIRMED, Member.State.CONFIRMED]).select_related("group")
        .order_by("group__position", "-role", "name").distinct())
    present = set(meeting.attendance.values_list("member_id", flat=True))
    return render(request, "participation/staff/meeting.html", {
        "meeting": meeting, "can_edit": _can_edit(request),
        "invitees": services.invitees(meeting).count(),
        "invited": meeting.invitations.count(),
        "registrations": meeting.registrations.all(),
        "members": [(m, m.pk in present) for m in members
                    if m.state != Member.State.WITHDRAWN or m.pk in present],
        "minutes_form": forms.MinutesForm(initial={
            "minutes": meeting.minutes, "public_attendees": meeting.public_attendees,
            "publish": meeting.minutes_published_at is not None}),
        "file_form": forms.FileForm(), "files": meeting.files.all(),
        "statuses": [(s, Meeting.Status(s).label) for s in services.STATUS_STEPS[meeting.status]
                     if s != Meeting.Status.HELD or meeting.date <= timezone.localdate()]})


def _back(meeting_id):
    return redirect("participation:staff_meeting", meeting_id=meeting_id)


@staff_page(Role.EDITOR)
@require_POST
def meeting_status(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state."))
        return _back(meeting.pk)
    try:
        meeting = services.meeting_set_status(user=request.user, meeting=meeting,
                                              status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is now %(state)s.")
                         % {"state": meeting.get_status_display()})
    return _back(meeting.pk)


@staff_page(Role.EDITOR)
@require_POST
def meeting_invite(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    try:
        count = services.meeting_invite(user=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitations are being sent to %(count)s members.")
                         % {"count": count})
    return _back(meeting.pk)


@staff_page(Role.EDITOR)
@require_POST
def meeting_minutes(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_save(user=request.user, meeting=meeting,
                                  minutes=form.cleaned_data["minutes"],
                                  public_attendees=form.cleaned_data["public_attendees"] or 0,
                                  publish=form.cleaned_data["publish"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes have been saved."))
    else:
        messages.error(request, _("Check the number of attendees."))
    return _back(meeting.pk)


@staff_page(Role.EDITOR)
@require_POST
def meeting_attendance(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    ids = [int(v) for v in request.POST.getlist("member") if v.isdigit()]
    try:
        count = services.attendance_record(user=request.user, meeting=meeting, member_ids=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance recorded: %(count)s members.") % {"count": count})
    return _back(meeting.pk)


@staff_page(Role.EDITOR)
@require_POST
def meeting_file_add(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_file_add(user=request.user, meeting=meeting,
                                      title=form.cleaned_data["title"],
                                      upload=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file has been attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(meeting.pk)


@staff_page(Role.EDITOR)
def meeting_file_delete(request, meeting_id, file_id):
    attachment = get_object_or_404(MeetingFile, pk=file_id, meeting_id=meeting_id)
    if request.method == "POST":
        services.meeting_file_delete(user=request.user, attachment=attachment)
        messages.success(request, _("The file has been removed."))
        return _back(meeting_id)
    return render(request, "staff/confirm.html", {
        "title": _("Remove the file “%(title)s”?") % {"title": attachment.title},
        "consequence": _("The file is deleted and disappears from the meeting's page."),
        "back": f"/staff/meetings/{meeting_id}/", "button": _("Yes, remove")})


@staff_page(Role.VIEWER)
def meeting_file_download(request, meeting_id, file_id):
    attachment = get_object_or_404(MeetingFile, pk=file_id, meeting_id=meeting_id)
    return files.serve(attachment.file, original_name=attachment.original_name,
                       content_type=attachment.content_type)
