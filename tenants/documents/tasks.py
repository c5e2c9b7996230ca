"""Document tasks: on the ``documents`` queue, served by its own worker (tech.md §3, §6)."""

from django.db import InterfaceError, OperationalError

from tenants.documents import services
from workers.bases import tenant_task

SOFT_TIME_LIMIT = 240
TIME_LIMIT = 300


@tenant_task(name="tenants.documents.document_render_task",  # → "documents" queue
             bind=True, reject_on_worker_lost=True,
             soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT,
             # Only a lost database connection is worth retrying; a render that fails
             # ends as a failed job with its message, never a retry loop. Short countdowns
             # only (no long ETA waits on Redis); a longer outage is the outbox sweeper's.
             autoretry_for=(OperationalError, InterfaceError), retry_backoff=2,
             retry_backoff_max=8, retry_jitter=True, max_retries=5)
def document_render_task(self, *, job_id: int) -> str | None:
    try:
        job = services.document_job_run(job_id=job_id)
    except (OperationalError, InterfaceError):
        if self.request.retries >= self.max_retries:
            try:
                services.document_job_give_up(job_id=job_id)
            except (OperationalError, InterfaceError):
                pass  # still unreachable: the outbox sweeper sends the job again
        raise
    return job.state if job else None


@tenant_task(name="tenants.documents.documents_regenerate_due_task", time_limit=300,
             soft_time_limit=280)
def documents_regenerate_due_task(**_kwargs) -> int:
    """Per municipality, from the daily fan-out: regenerate what is due and changed."""
    return len(services.documents_regenerate_due())
