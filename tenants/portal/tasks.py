"""Portal tasks; they run in the schema of the municipality that sent them."""

from django.utils.dateparse import parse_datetime

from tenants.portal.services import worker_check_record
from workers.bases import tenant_task


@tenant_task(name="tenants.portal.worker_check_task")
def worker_check_task(*, source: str = "schedule", requested_at: str | None = None) -> str:
    from django.utils import timezone

    when = parse_datetime(requested_at) if requested_at else timezone.now()
    return worker_check_record(source=source, requested_at=when).schema_name
