"""A round's change history worded for staff: field labels and values in their language."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from tenants.funding.models import Application, Round

EXTRA_LABELS = {"state": _("state"), "scores": _("points"), "allocated": _("allocated"),
                "override": _("amount set by hand"), "reason": _("reason"),
                "criteria": _("criteria"), "criteria from": _("criteria copied from")}
STATES = dict(Round.State.choices)


def _label(subject: str, field: str) -> str:
    model = Application if subject == "funding.application" else Round
    if field in EXTRA_LABELS:
        return str(EXTRA_LABELS[field])
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _value(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if field == "state":
        return str(STATES.get(value, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(f"{row.get('name')} ({row.get('weight')} %)" if isinstance(row, dict)
                         else str(row) for row in value)
    return str(value)


def history_rows(changes) -> list[dict]:
    return [{"change": c, "lines": [(_label(c.subject, field), _value(field, pair[0]),
                                     _value(field, pair[1]))
                                    for field, pair in c.changes.items()]}
            for c in changes]
