"""Demo: ask the documents worker for the catalogue, the leaflets and the plan in force, so
`make run` shows finished PDFs on /publications/ and /staff/documents/ (once only)."""

from tenants.documents import services, sources
from tenants.documents.models import PUBLIC_KINDS, Document, Kind


def demo_seed(municipality) -> int:
    if Document.objects.exists():
        return 0
    jobs = [services.document_generate(kind=kind) for kind in PUBLIC_KINDS]
    plan_id = sources.plans_print().plan_in_force_id()
    if plan_id is not None:
        jobs.append(services.document_generate(kind=Kind.PLAN, subject_id=plan_id))
    return len(jobs)
