"""Telling the regional read model that a municipality's figures may have changed.

Tenant apps call `figures_changed()` from their services after a write that moves a figure
(a plan published, a service added, a meeting held …). It is cheap and safe to call often:
the refresh runs in a worker after the transaction commits, debounced per municipality.
"""

from django.db import connection, transaction


def figures_changed() -> None:
    """Schedule a refresh of the current municipality's row in the regional read model."""
    schema = connection.schema_name
    transaction.on_commit(lambda: _enqueue(schema))


def _enqueue(schema_name: str) -> None:
    # Filled in by the regional coordination work (debounced worker task); a no-op until then.
    return None
