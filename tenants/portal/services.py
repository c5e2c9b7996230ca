"""Writes of portal content and the worker check."""

from django.db import connection, transaction
from django.utils import timezone

from tenants.portal.models import Introduction, WorkerCheck


def introduction_update(*, heading: str, text: str, user) -> Introduction:
    intro = Introduction.objects.select_for_update().first() or Introduction()
    intro.heading, intro.text, intro.updated_by = heading.strip(), text.strip(), user
    intro.full_clean()
    intro.save()
    return intro


def worker_check_request() -> None:
    """Ask a worker to prove it can reach this municipality's schema (after commit)."""
    from tenants.portal.tasks import worker_check_task

    requested_at = timezone.now().isoformat()
    transaction.on_commit(lambda: worker_check_task.delay(
        source=WorkerCheck.Source.REQUEST, requested_at=requested_at))


def worker_check_record(*, source: str, requested_at) -> WorkerCheck:
    check = WorkerCheck(source=source, requested_at=requested_at,
                        schema_name=connection.schema_name)
    check.full_clean()
    check.save()
    return check
