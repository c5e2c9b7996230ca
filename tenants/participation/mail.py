"""The e-mails of working groups: join confirmation, meeting invitation and cancellation.

One message per recipient (nobody sees another member's address), in the municipality's
language, rendered from templates; sent by worker tasks through Django's configured backend.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hub.tenancy.urls import municipality_url
from tenants.participation import calendar, services


def _from(municipality) -> str:
    return f"{municipality.name} <{settings.DEFAULT_FROM_EMAIL}>"


def _message(municipality, *, to: str, template: str, context: dict) -> EmailMessage:
    with translation.override(municipality.language):
        context = {"municipality": municipality, **context}
        subject = render_to_string(f"participation/mail/{template}_subject.txt", context)
        body = render_to_string(f"participation/mail/{template}.txt", context)
    message = EmailMessage(subject=" ".join(subject.split()), body=body,
                           from_email=_from(municipality), to=[to])
    if municipality.kpss_email:
        message.reply_to = [municipality.kpss_email]
    return message


def join_confirmation(member) -> EmailMessage:
    municipality = connection.tenant
    link = municipality_url(municipality, reverse(
        "participation:join_confirm", kwargs={"token": services.join_token(member)}))
    return _message(municipality, to=member.email, template="join_confirmation", context={
        "member": member, "group": member.group, "link": link,
        "days": services.JOIN_TOKEN_DAYS})


def member_decision(*, email: str, name: str, group: str, approved: bool) -> EmailMessage:
    municipality = connection.tenant
    page = municipality_url(municipality, reverse("participation:groups"))
    return _message(municipality, to=email,
                    template="member_approved" if approved else "member_refused",
                    context={"name": name, "group": group, "page": page})


def registration_confirmation(registration) -> EmailMessage:
    municipality = connection.tenant
    meeting = registration.meeting
    page = municipality_url(municipality, reverse("participation:meeting", args=[meeting.pk]))
    cancel = municipality_url(municipality, reverse(
        "participation:registration_cancel",
        kwargs={"token": services.registration_cancel_token(registration)}))
    message = _message(municipality, to=registration.email, template="registration",
                       context={"registration": registration, "meeting": meeting,
                                "page": page, "cancel": cancel})
    message.attach("meeting.ics", calendar.feed([meeting], municipality=municipality,
                                                name=meeting.title),
                   "text/calendar; charset=utf-8")
    return message


def invitation(meeting, member, *, cancelled: bool = False) -> EmailMessage:
    municipality = connection.tenant
    withdraw = municipality_url(municipality, reverse(
        "participation:withdraw", kwargs={"token": services.withdraw_token(member)}))
    page = municipality_url(municipality, reverse("participation:meeting",
                                                  args=[meeting.pk]))
    message = _message(municipality, to=member.email,
                       template="cancellation" if cancelled else "invitation",
                       context={"meeting": meeting, "member": member, "page": page,
                                "withdraw": withdraw,
                                "groups": ", ".join(g.name for g in meeting.groups.all())})
    message.attach("meeting.ics", calendar.feed([meeting], municipality=municipality,
                                                name=meeting.title),
                   "text/calendar; charset=utf-8")
    return message
