"""Worker tasks that keep the regional read model fresh (after writes, and nightly)."""

from django.db import connection

from workers.bases import tenant_task


@tenant_task(name="hub.regional.figures_refresh_task", time_limit=120, soft_time_limit=100)
def figures_refresh_task() -> int:
    """Recompute this municipality's figures and listings into the public-schema read model.

    Idempotent: it rewrites the municipality's row for the current period whole. Sent after a
    write (debounced through the outbox, `hub.regional.refresh`) and nightly to every
    municipality by the fan-out.
    """
    from hub.regional.services import figures_refresh

    row = figures_refresh(schema_name=connection.schema_name)
    return row.pk
