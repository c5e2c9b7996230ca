"""Demo: ask the documents worker for the catalogue, the leaflets and the plan in force, so
`make run` shows finished PDFs on /publications/ and /staff/documents/ (once only)."""

from tenants.documents import services
from tenants.documents.models import PUBLIC_KINDS, Document, Kind


def demo_seed(municipality) -> int:
    from tenants.plans.models import Plan

    if Document.objects.exists():
        return 0
    jobs = [services.document_generate(kind=kind) for kind in PUBLIC_KINDS]
    plan = Plan.objects.filter(status=Plan.Status.IN_FORCE).first()
    if plan is not None:
        jobs.append(services.document_generate(kind=Kind.PLAN, subject_id=plan.pk))
    return len(jobs)
