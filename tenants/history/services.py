"""Recording changes; called by the services that make them, inside their transaction."""

import datetime
import decimal

from django.db import models

from tenants.history.models import Change


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj, fields) -> dict:
    """The values of ``fields`` on ``obj`` as JSON-able data, for a later diff."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def change_record(*, obj, action: str, user=None, before: dict | None = None,
                  after: dict | None = None, plan_id: int | None = None,
                  extra: dict | None = None) -> Change | None:
    """Write one history row; for updates only the fields that really changed are kept."""
    changes = dict(extra or {})
    if before is not None and after is not None:
        changes.update({k: [before.get(k), v] for k, v in after.items() if before.get(k) != v})
        if action == Change.Action.UPDATED and not changes:
            return None
    return Change.objects.create(
        subject=obj._meta.label_lower, object_id=obj.pk, object_repr=str(obj)[:300],
        plan_id=plan_id, action=action, changes=changes,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
