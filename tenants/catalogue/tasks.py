"""Worker tasks of the catalogue: the steps of an import job."""

from workers.bases import tenant_task


@tenant_task(name="tenants.catalogue.import_step_task", acks_late=True, time_limit=600,
             soft_time_limit=570)
def import_step_task(*, job_id: int, step: str) -> str:
    """Check ("check") or apply ("commit") one import job; idempotent — a step finds its job
    in the state it expects or does nothing."""
    from tenants.catalogue.imports import run_step

    job = run_step(job_id=job_id, step=step)
    return job.status if job is not None else "nothing to do"
