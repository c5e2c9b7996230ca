"""Models several tenant apps share: timestamps and the target groups of a municipality."""

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
