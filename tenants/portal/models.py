"""Portal content owned by one municipality (lives in its schema)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Introduction(models.Model):
    """The home page's introduction: what community planning is here and how to take part."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("introduction")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="introduction_singleton"),
        ]

    def __str__(self):
        return self.heading


class WorkerCheck(models.Model):
    """A background worker reached this municipality's schema: proof the queue works here."""

    class Source(models.TextChoices):
        REQUEST = "request", _("asked by staff")
        SCHEDULE = "schedule", _("scheduled")

    source = models.CharField(max_length=10, choices=Source.choices)
    requested_at = models.DateTimeField()
    completed_at = models.DateTimeField(auto_now_add=True)
    # The schema the task found itself in, written by the task; must equal this schema.
    schema_name = models.CharField(max_length=63)

    class Meta:
        ordering = ["-completed_at"]
        get_latest_by = "completed_at"
