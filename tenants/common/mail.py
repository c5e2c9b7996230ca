"""E-mails of subscriptions: the confirmation (double opt-in) and a notification, each with a
one-click unsubscribe (RFC 8058 List-Unsubscribe headers), in the municipality's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from hub.tenancy.urls import municipality_url
from tenants.common import subscriptions


def _message(*, to: str, template: str, context: dict, unsubscribe: str) -> EmailMessage:
    municipality = connection.tenant
    with translation.override(municipality.language):
        context = {"municipality": municipality, "unsubscribe": unsubscribe, **context}
        subject = render_to_string(f"common/mail/{template}_subject.txt", context)
        body = render_to_string(f"common/mail/{template}.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[to],
        from_email=f"{municipality.name} <{settings.DEFAULT_FROM_EMAIL}>",
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    if municipality.kpss_email:
        message.reply_to = [municipality.kpss_email]
    return message


def unsubscribe_url(subscription) -> str:
    return municipality_url(connection.tenant, reverse(
        "portal:unsubscribe", kwargs={"token": subscription.token}))


def confirmation(pending: list, topic_names: list[str]) -> EmailMessage:
    link = municipality_url(connection.tenant, reverse(
        "portal:subscription_confirm", kwargs={"token": subscriptions.confirm_token(pending)}))
    return _message(to=pending[0].email, template="subscription_confirm",
                    context={"link": link, "topics": topic_names,
                             "days": subscriptions.CONFIRM_DAYS},
                    unsubscribe=unsubscribe_url(pending[0]))


def notification(subscription, *, title: str, path: str) -> EmailMessage:
    return _message(to=subscription.email, template="notification",
                    context={"title": title,
                             "page": municipality_url(connection.tenant, path)},
                    unsubscribe=unsubscribe_url(subscription))
