"""Fan-out: one dispatcher records a task for every municipality in the outbox, each due at
its own slot of a window; the outbox sweeper sends each minute's slice (no ETA on Redis)."""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone
from django_tenants.utils import get_tenant_model

from workers.bases import platform_task
from workers.models import Dispatch

BATCH = 1000


def jitter_seconds(*, schema_name: str, task_name: str, window: int) -> int:
    """A stable offset in [0, window): the same tenant lands at the same time every run,
    and tenants spread evenly instead of all firing at the same instant."""
    if window <= 0:
        return 0
    digest = hashlib.sha256(f"{task_name}:{schema_name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % window


def fan_out(*, task_name: str, task_kwargs: dict | None = None, window: int | None = None,
            run: str | None = None, now=None, schemas=None) -> int:
    """Record ``task_name`` once for every municipality, due at start + its jitter; returns
    how many municipalities it covers. ``run`` names this round (default: today's date), so a fan-out
    sent twice the same day — beat restarted, a message redelivered — adds nothing."""
    window = settings.FANOUT_WINDOW_SECONDS if window is None else window
    now = now or timezone.now()
    key = f"fanout:{task_name}:{run or now.date().isoformat()}"
    if schemas is None:  # every municipality (bench/outbox.py passes names of its own)
        schemas = get_tenant_model().objects.order_by("pk").values_list(
            "schema_name", flat=True).iterator(chunk_size=BATCH)
    count, rows = 0, []
    for schema_name in schemas:
        due = now + datetime.timedelta(seconds=jitter_seconds(
            schema_name=schema_name, task_name=task_name, window=window))
        rows.append(Dispatch(schema_name=schema_name, task_name=task_name, key=key,
                             kwargs=task_kwargs or {}, due_at=due))
        count += 1
        if len(rows) >= BATCH:
            Dispatch.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Dispatch.objects.bulk_create(rows, ignore_conflicts=True)
    return count


@platform_task(name="workers.fan_out_task", time_limit=300, soft_time_limit=280)
def fan_out_task(*, task_name: str, task_kwargs: dict | None = None,
                 window: int | None = None, run: str | None = None) -> int:
    """Record ``task_name`` for every municipality (the municipalities are the tenant model
    named in settings, TENANT_MODEL); the first minute's slice is sent at once."""
    from workers.sweeper import outbox_sweep_task

    count = fan_out(task_name=task_name, task_kwargs=task_kwargs, window=window, run=run)
    outbox_sweep_task.delay()
    return count
