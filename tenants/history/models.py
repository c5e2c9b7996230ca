"""A change record: one row per create, update, delete or state change of a tracked object."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("changed")
        DELETED = "deleted", _("deleted")
        STATE = "state", _("state changed")

    # "plans.plan" etc.; with object_id it finds the object's whole history.
    subject = models.CharField(max_length=60)
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=300)
    # The plan the object belongs to, so a plan's page can list its whole tree's history.
    plan_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    # {"field": [old, new]} for updates; {"state": [old, new]} for state changes.
    changes = models.JSONField(default=dict, blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+", db_constraint=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject", "object_id"])]

    def __str__(self):
        return f"{self.subject}#{self.object_id} {self.action}"
