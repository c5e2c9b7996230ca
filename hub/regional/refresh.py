"""Telling the regional read model that a municipality's figures may have changed.

Tenant apps call `figures_changed()` from their services after a write that moves a figure
(a plan published, a service added, a meeting held …). It is cheap and safe to call often:
after the transaction commits, the municipality's refresh is recorded in the outbox
(workers/outbox.py) — one row per municipality, so a burst of writes while a refresh waits
is one refresh — and sent with a short countdown (REGIONAL_REFRESH_DELAY seconds). A write
that lands while the refresh runs asks for it again, and the run that ends sends the next
one, so no write is left unread. With Redis down the row waits for the sweeper.
"""

from django.conf import settings
from django.db import connection, transaction

from workers import outbox

TASK = "hub.regional.figures_refresh_task"
KEY = "regional.refresh"


def figures_changed() -> None:
    """Schedule a refresh of the current municipality's row in the regional read model."""
    schema = connection.schema_name
    if schema == "public":
        return
    # After commit, in its own short statement: municipality writes never wait on the
    # outbox row's lock; robust, so a hiccup never turns a committed write into an error
    # page (the nightly reconcile catches the refresh up).
    transaction.on_commit(lambda: request_refresh(schema), robust=True)


def request_refresh(schema_name: str) -> None:
    """Record (and send, unless one is already waiting) a refresh of one municipality."""
    outbox.record(task_name=TASK, key=KEY, schema_name=schema_name, again=True,
                  countdown=settings.REGIONAL_REFRESH_DELAY)
