"""Worker tasks of the needs analysis: the demography import job."""

from workers.bases import tenant_task


@tenant_task(name="tenants.analysis.demography_import_task", acks_late=True, time_limit=600,
             soft_time_limit=570)
def demography_import_task(*, job_id: int) -> str:
    """Import one demography file; idempotent — a job that has ended is left alone."""
    from tenants.analysis.import_jobs import demography_import_run

    job = demography_import_run(job_id=job_id)
    return job.status if job is not None else "nothing to do"
