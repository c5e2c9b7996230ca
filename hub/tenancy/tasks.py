"""Background upkeep of the spare-schema pool (runs in the public schema by design)."""

from django.core.cache import caches

from hub.tenancy import schemas
from workers.bases import platform_task


@platform_task(name="hub.tenancy.spare_pool_refill_task", ignore_result=True)
def spare_pool_refill_task() -> int:
    # One refill at a time: concurrent ones would overshoot the pool size.
    lock = caches["platform"]
    if not lock.add("lock:spare-pool-refill", 1, 600):
        return 0
    try:
        return schemas.spare_pool_refill()
    finally:
        lock.delete("lock:spare-pool-refill")
