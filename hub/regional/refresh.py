"""Telling the regional read model that a municipality's figures may have changed.

Tenant apps call `figures_changed()` from their services after a write that moves a figure
(a plan published, a service added, a meeting held …). It is cheap and safe to call often:
after the transaction commits, at most one refresh per municipality is queued at a time
(a Redis ``SET NX`` with a TTL), and it runs after a short countdown so that a burst of writes
is read once. The task clears the mark when it starts reading, so a write that lands while it
runs queues the next refresh instead of being lost.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

#: Safety net: a mark whose task was lost expires after this many seconds.
MARK_TTL = 300


def mark_key(schema_name: str) -> str:
    return f"regional:refresh-queued:{schema_name}"


def figures_changed() -> None:
    """Schedule a refresh of the current municipality's row in the regional read model."""
    schema = connection.schema_name
    if schema == "public":
        return
    # robust: a broker or Redis hiccup must not turn a committed write into an error page;
    # the nightly reconcile catches the refresh up.
    transaction.on_commit(lambda: _enqueue(schema), robust=True)


def _enqueue(schema_name: str) -> bool:
    """Queue one refresh unless one is already waiting; True when a task was sent."""
    if not caches["platform"].add(mark_key(schema_name), 1, timeout=MARK_TTL):
        return False
    from hub.regional.tasks import figures_refresh_task

    try:
        # REGIONAL_REFRESH_DELAY: seconds a queued refresh waits, so a burst is read once.
        figures_refresh_task.apply_async(countdown=settings.REGIONAL_REFRESH_DELAY,
                                         headers={"_schema_name": schema_name})
    except Exception:
        # Nothing was queued: drop the mark, or every write for MARK_TTL would be ignored.
        mark_clear(schema_name)
        raise
    return True


def mark_clear(schema_name: str) -> None:
    caches["platform"].delete(mark_key(schema_name))
