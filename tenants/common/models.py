"""Models several tenant apps share: timestamps and the target groups of a municipality."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TargetGroup(TimeStamped):
    """A group of people the plan serves (seniors, persons with disabilities, …); working
    groups are formed per target group. Edited on the plans' staff pages and API."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.name


class Subscription(models.Model):
    """A resident's e-mail subscription to one topic of the municipality: ``news``,
    ``group:<id>`` (a working group's meetings) or ``discussions`` (plans in public
    discussion). Double opt-in: nothing is sent before ``confirmed_at``."""

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=40)
    # A working group's name when subscribed (news and discussions are named by the code).
    label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The unsubscribe link's secret (one per subscription, no expiry).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["email", "topic"],
                                               name="one_subscription_per_topic")]

    def __str__(self):
        # No address: this text may reach logs.
        return f"subscription {self.pk} to {self.topic}"


class NotificationSent(models.Model):
    """One notification (``key``, e.g. ``news:12``) recorded as sent to one subscription, so a
    repeated run sends nothing twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="notifications")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscription", "key"],
                                               name="notified_once")]

    def __str__(self):
        return f"{self.key} to subscription {self.subscription_id}"
