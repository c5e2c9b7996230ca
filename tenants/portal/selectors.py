"""Reads of portal content."""

from tenants.portal.models import Introduction, WorkerCheck


def introduction_get() -> Introduction | None:
    return Introduction.objects.first()


def worker_check_latest() -> WorkerCheck | None:
    return WorkerCheck.objects.order_by("-completed_at").first()
