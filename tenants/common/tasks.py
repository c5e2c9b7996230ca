"""Subscription e-mails; they run in the schema of the municipality that asked for them."""

from workers.bases import tenant_task


@tenant_task(name="tenants.common.subscription_confirm_mail_task")
def subscription_confirm_mail_task(*, subscription_ids: list[int]) -> int:
    from tenants.common import mail, subscriptions
    from tenants.common.models import Subscription

    pending = list(Subscription.objects.filter(pk__in=subscription_ids,
                                               confirmed_at__isnull=True).order_by("pk"))
    if not pending:
        return 0
    return mail.confirmation(pending, [subscriptions.topic_name(s) for s in pending]).send()


@tenant_task(name="tenants.common.subscribers_notify_task")
def subscribers_notify_task(*, topics: list[str], key: str, title: str, path: str) -> int:
    from tenants.common import mail, subscriptions

    sent = 0
    for subscription in subscriptions.notify_claim(topics=topics, key=key):
        sent += mail.notification(subscription, title=title, path=path).send()
    return sent
