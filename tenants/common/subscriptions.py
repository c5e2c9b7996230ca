"""E-mail subscriptions of residents (news, a working group's meetings, public discussions of
plans): double opt-in, one-click unsubscribe, notifications sent by the worker after commit
and recorded per subscription so nothing is sent twice. Any tenant app asks for a notification
with ``notify``; the pages live in the portal.

Also this app's ``personal_data`` (hub/plugins.py): export, erase and purge of subscriptions.
"""

import datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.common.models import NotificationSent, Subscription
from workers import outbox

CONFIRM_SALT = "common.subscription-confirm"
CONFIRM_DAYS = 7
NEWS, DISCUSSIONS = "news", "discussions"


def group_topic(group_id: int) -> str:
    return f"group:{group_id}"


def topic_name(subscription: Subscription) -> str:
    """What the resident subscribed to, in the active language."""
    if subscription.topic == NEWS:
        return _("News")
    if subscription.topic == DISCUSSIONS:
        return _("Public discussions of plans")
    return _("Meetings of the working group “%(group)s”") % {"group": subscription.label}


@transaction.atomic
def subscribe(*, email: str, topics: dict[str, str]) -> list[Subscription]:
    """Ask for subscriptions; the worker sends one message with a confirmation link. Topics
    already confirmed for the address stay as they are (and are not mentioned). ``topics``:
    topic → its label (a working group's name, else empty)."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    pending = []
    for topic, label in topics.items():
        subscription, _created = Subscription.objects.get_or_create(
            email=email, topic=topic, defaults={"label": label[:200]})
        if subscription.confirmed_at is None:
            pending.append(subscription)
    if pending:
        ids = sorted(s.pk for s in pending)
        outbox.record(task_name="tenants.common.subscription_confirm_mail_task",
                      key=f"common.subscribe:{ids[0]}:{timezone.now().isoformat()}",
                      kwargs={"subscription_ids": ids})
    return pending


def confirm_token(subscriptions: list[Subscription]) -> str:
    return signing.dumps({"ids": [s.pk for s in subscriptions], "e": subscriptions[0].email,
                          "s": connection.schema_name}, salt=CONFIRM_SALT, compress=True)


@transaction.atomic
def confirm(*, token: str) -> int:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT,
                             max_age=datetime.timedelta(days=CONFIRM_DAYS))
    except signing.SignatureExpired:
        raise ValidationError(_("The link has expired. Please subscribe again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("The link is not valid.")) from None
    if data.get("s") != connection.schema_name:
        raise ValidationError(_("The link is not valid."))
    found = Subscription.objects.filter(pk__in=data.get("ids") or [], email=data.get("e"))
    if not found.exists():
        raise ValidationError(_("The link is not valid."))
    found.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
    return found.count()


@transaction.atomic
def unsubscribe(*, token) -> Subscription | None:
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is not None:
        subscription.delete()
    return subscription


def notify(*, topics: list[str], key: str, title: str, path: str,
           due_at: datetime.datetime | None = None) -> None:
    """Tell the confirmed subscribers of ``topics`` about ``title`` (a page at ``path``), after
    commit (or at ``due_at``); ``key`` names the event: asked twice, it is sent once."""
    outbox.record(task_name="tenants.common.subscribers_notify_task",
                  key=f"common.notify:{key}", due_at=due_at,
                  kwargs={"topics": topics, "key": key, "title": title, "path": path})


@transaction.atomic
def notify_claim(*, topics: list[str], key: str) -> list[Subscription]:
    """Choose who is told (one subscription per address among ``topics``, not told before)
    and record them as told, in one short transaction; the worker sends after it, holding no
    lock (a worker killed between the two loses those messages: at most once)."""
    told = set(NotificationSent.objects.filter(key=key).values_list(
        "subscription__email", flat=True))
    chosen = {}
    for subscription in Subscription.objects.filter(
            topic__in=topics, confirmed_at__isnull=False).order_by("pk"):
        if subscription.email not in told and subscription.email not in chosen:
            chosen[subscription.email] = subscription
    NotificationSent.objects.bulk_create(
        [NotificationSent(subscription=s, key=key) for s in chosen.values()],
        ignore_conflicts=True)
    return list(chosen.values())


# personal_data (hub/plugins.py) ------------------------------------------------------------------

def export(email: str) -> list[dict]:
    return [{"kind": "subscription", "topic": s.topic, "email": s.email,
             "created_at": s.created_at.isoformat(),
             "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None}
            for s in Subscription.objects.filter(email__iexact=email.strip()).order_by("pk")]


def erase(email: str) -> int:
    _total, per_model = Subscription.objects.filter(email__iexact=email.strip()).delete()
    return per_model.get(Subscription._meta.label, 0)


def purge(*, today: datetime.date, retention_days: int) -> int:
    """Subscriptions never confirmed go when their confirmation link expires."""
    cutoff = timezone.now() - datetime.timedelta(days=CONFIRM_DAYS)
    _total, per_model = Subscription.objects.filter(confirmed_at__isnull=True,
                                                    created_at__lt=cutoff).delete()
    return per_model.get(Subscription._meta.label, 0)
