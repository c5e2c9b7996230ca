"""Fan-out: one dispatcher sends a task to every municipality, spread over a window (jitter)."""

import hashlib

from django.conf import settings
from django_tenants.utils import get_tenant_model

from workers.bases import platform_task
from workers.celery import app


def jitter_seconds(*, schema_name: str, task_name: str, window: int) -> int:
    """A stable offset in [0, window): the same tenant lands at the same time every run,
    and tenants spread evenly instead of all firing at the same instant."""
    if window <= 0:
        return 0
    digest = hashlib.sha256(f"{task_name}:{schema_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % window


@platform_task(name="workers.fan_out_task")
def fan_out_task(*, task_name: str, task_kwargs: dict | None = None,
                 window: int | None = None) -> int:
    """Send ``task_name`` once into every municipality's schema; returns how many were sent.
    The municipalities are the tenant model named in settings (TENANT_MODEL)."""
    window = settings.FANOUT_WINDOW_SECONDS if window is None else window
    sent = 0
    schemas = get_tenant_model().objects.order_by("pk").values_list("schema_name", flat=True)
    for schema_name in schemas.iterator(chunk_size=500):
        app.send_task(
            task_name, kwargs=task_kwargs or {},
            headers={"_schema_name": schema_name},
            countdown=jitter_seconds(schema_name=schema_name, task_name=task_name, window=window),
        )
        sent += 1
    return sent
