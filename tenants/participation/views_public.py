"""Public pages of working groups and meetings: groups, joining, the schedule (harmonogram),
meeting pages with registration and minutes, and iCalendar feeds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub import ratelimit
from hub.accounts.access import public_page
from hub.form_errors import form_add_service_error
from tenants.common import files
from tenants.participation import calendar, forms, selectors, services


@public_page
def group_list(request):
    return render(request, "participation/public/group_list.html", {
        "groups": selectors.groups_public(), "upcoming": selectors.meetings_upcoming()[:5]})


@public_page
def group_page(request, group_id, form=None):
    group = selectors.group_public_get(group_id)
    return render(request, "participation/public/group.html", {
        "group": group, "sectors": selectors.sectors_of(group),
        "upcoming": selectors.meetings_upcoming(group),
        "past": selectors.meetings_past(group)[:10],
        "form": form or forms.JoinForm()}, status=400 if form is not None else 200)


@public_page
@require_POST
def group_join(request, group_id):
    group = selectors.group_public_get(group_id)
    form = forms.JoinForm(request.POST)
    if form.is_valid():
        if form.caught_bot():
            return redirect("participation:group", group_id=group.pk)  # a bot; say nothing
        if not ratelimit.submission_allowed(request, action="join", subject_id=group.pk):
            form.add_error(None, ratelimit.LIMITS["join"].message)
            return group_page(request, group.pk, form=form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            services.member_request_join(group=group, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. We have sent you an e-mail: follow its link "
                                        "to confirm your address. The municipality will then "
                                        "approve your membership."))
            return redirect("participation:group", group_id=group.pk)
    return group_page(request, group.pk, form=form)


@public_page
def join_confirm(request, token):
    try:
        member = services.member_confirm(token=token)
    except ValidationError as error:
        return render(request, "participation/public/token_result.html",
                      {"ok": False, "text": " ".join(error.messages)}, status=400)
    return render(request, "participation/public/token_result.html", {
        "ok": True, "group": member.group,
        "text": _("Thank you, your e-mail address is confirmed. The municipality will approve "
                  "your membership and let you know.")})


@public_page
def withdraw(request, token):
    if request.method == "POST":
        try:
            services.member_withdraw_by_token(token=token)
        except ValidationError as error:
            return render(request, "participation/public/token_result.html",
                          {"ok": False, "text": " ".join(error.messages)}, status=400)
        return render(request, "participation/public/token_result.html", {
            "ok": True, "text": _("You have left the working group. Your personal data has "
                                  "been erased.")})
    return render(request, "participation/public/withdraw.html", {"token": token})


@public_page
def schedule(request):
    past = Paginator(selectors.meetings_past(), 20).get_page(request.GET.get("page"))
    return render(request, "participation/public/schedule.html", {
        "upcoming": selectors.meetings_upcoming(), "page": past,
        "groups": selectors.groups_public()})


def _ics(meetings, *, name: str, filename: str) -> HttpResponse:
    body = calendar.feed(meetings, municipality=_municipality(), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _municipality():
    from django.db import connection

    return connection.tenant


@public_page
def schedule_ics(request):
    municipality = _municipality()
    return _ics(selectors.meetings_for_feed(), name=f"{municipality.name} — "
                + _("Community planning meetings"), filename=f"{municipality.slug}.ics")


@public_page
def group_ics(request, group_id):
    group = selectors.group_public_get(group_id)
    return _ics(selectors.meetings_for_feed(group), name=group.name,
                filename=f"{_municipality().slug}-group-{group.pk}.ics")


@public_page
def meeting_page(request, meeting_id, form=None):
    meeting = selectors.meeting_get(meeting_id)
    published = meeting.minutes_published_at is not None
    return render(request, "participation/public/meeting.html", {
        "meeting": meeting, "registration_open": services.registration_open(meeting),
        "form": form or forms.RegistrationForm(),
        "files": meeting.files.all() if published else [],
        "attendance": meeting.attendance.count() if published else None,
        "registered": meeting.registrations.count(),
    }, status=400 if form is not None else 200)


@public_page
@require_POST
def meeting_register(request, meeting_id):
    meeting = selectors.meeting_get(meeting_id)
    form = forms.RegistrationForm(request.POST)
    if form.is_valid():
        if form.caught_bot():
            return redirect("participation:meeting", meeting_id=meeting.pk)
        if not ratelimit.submission_allowed(request, action="register",
                                            subject_id=meeting.pk):
            form.add_error(None, ratelimit.LIMITS["register"].message)
            return meeting_page(request, meeting.pk, form=form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            services.registration_submit(meeting=meeting, **data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("You are registered. See you at the meeting."))
            return redirect("participation:meeting", meeting_id=meeting.pk)
    return meeting_page(request, meeting.pk, form=form)


@public_page
def meeting_file(request, meeting_id, file_id):
    meeting = selectors.meeting_get(meeting_id)
    attachment = selectors.meeting_file_public_get(meeting, file_id)
    return files.serve(attachment.file, original_name=attachment.original_name,
                       content_type=attachment.content_type)


@public_page
def registration_cancel(request, token):
    """GET asks (a mail scanner following the link must not cancel); POST cancels."""
    if request.method == "POST":
        try:
            meeting = services.registration_cancel_by_token(token=token)
        except ValidationError as error:
            return render(request, "participation/public/token_result.html",
                          {"ok": False, "text": " ".join(error.messages)}, status=400)
        return render(request, "participation/public/token_result.html", {
            "ok": True, "text": _("Your registration for “%(meeting)s” has been cancelled and "
                                  "your personal data erased.") % {"meeting": meeting.title}})
    return render(request, "participation/public/registration_cancel.html", {"token": token})
