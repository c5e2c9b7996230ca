"""The portal's e-mails (the personal-data link), one message per recipient, in the
municipality's language; sent by worker tasks through Django's configured backend."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hub.tenancy.urls import municipality_url
from tenants.portal import privacy


def message(municipality, *, to: str, template: str, context: dict) -> EmailMessage:
    with translation.override(municipality.language):
        context = {"municipality": municipality, **context}
        subject = render_to_string(f"portal/mail/{template}_subject.txt", context)
        body = render_to_string(f"portal/mail/{template}.txt", context)
    mail = EmailMessage(subject=" ".join(subject.split()), body=body,
                        from_email=f"{municipality.name} <{settings.DEFAULT_FROM_EMAIL}>",
                        to=[to])
    if municipality.kpss_email:
        mail.reply_to = [municipality.kpss_email]
    return mail


def privacy_link(email: str) -> EmailMessage:
    municipality = connection.tenant
    link = municipality_url(municipality, reverse(
        "portal:my_data", kwargs={"token": privacy.link_token(email)}))
    return message(municipality, to=email, template="privacy_link",
                   context={"link": link, "days": privacy.LINK_DAYS})
