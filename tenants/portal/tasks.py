"""Portal tasks; they run in the schema of the municipality that sent them."""

from django.utils.dateparse import parse_datetime

from tenants.portal.services import worker_check_record
from workers.bases import tenant_task


@tenant_task(name="tenants.portal.worker_check_task")
def worker_check_task(*, source: str = "schedule", requested_at: str | None = None) -> str:
    from django.utils import timezone

    when = parse_datetime(requested_at) if requested_at else timezone.now()
    return worker_check_record(source=source, requested_at=when).schema_name


@tenant_task(name="tenants.portal.privacy_link_mail_task")
def privacy_link_mail_task(*, request_id: int) -> int:
    """E-mail a resident the link to their personal data (export or erasure)."""
    from tenants.portal import mail, privacy

    request = privacy.link_request_claim(request_id=request_id)
    if request is None or not privacy.holds_anything(request.email):
        return 0
    return mail.privacy_link(request.email).send()


@tenant_task(name="tenants.portal.privacy_purge_task")
def privacy_purge_task(*, today: str | None = None) -> int:
    """Nightly: delete personal data kept past the municipality's retention period."""
    import datetime

    from tenants.portal import privacy

    return privacy.personal_data_purge(
        today=datetime.date.fromisoformat(today) if today else None)
