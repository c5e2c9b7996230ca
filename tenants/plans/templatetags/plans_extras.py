"""Template filters for plan pages."""

from django import template

from tenants.plans.models import Measure

register = template.Library()


@register.filter
def get_item_pair(entries, obj):
    """The evaluation entry of a measure or activity from {(measure_id, activity_id): entry}."""
    key = (obj.pk, None) if isinstance(obj, Measure) else (None, obj.pk)
    return entries.get(key)


def _labels():
    """Field names and stored choice values → what people read, in the active language."""
    from tenants.plans import models

    labels = {}
    for model in (models.Plan, models.PlanSection, models.Priority, models.Measure,
                  models.Activity, models.ActionPlan, models.ActionItem, models.Evaluation,
                  models.EvaluationEntry):
        for field in model._meta.fields:
            labels.setdefault(field.name, field.verbose_name)
    labels["published"] = models.Evaluation._meta.get_field("published_at").verbose_name
    return labels


def _values():
    from tenants.plans import models

    return {**dict(models.Plan.Status.choices), **dict(models.Status.choices),
            **dict(models.ActionPlan.Status.choices)}


@register.filter
def change_field(key: str) -> str:
    """'status' → 'stav'; '1.1 Title: status' → '1.1 Title: stav'."""
    head, sep, field = key.rpartition(": ")
    label = str(_labels().get(field, field))
    return f"{head}{sep}{label}" if sep else label


@register.filter
def change_value(value):
    from django.utils.translation import gettext

    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if value in (None, ""):
        return "—"
    return _values().get(value, value)
