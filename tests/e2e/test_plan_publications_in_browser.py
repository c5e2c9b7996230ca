"""/publications/ with the plan's documents in a real browser at 1280 and 375 px: the approved
plan and its approved action plan are listed, the action plan in preparation is not. (The
PDFs are made by the worker in tests/tenants/documents/test_plan_publications.py; here a
stored public version stands in for it.)"""

import datetime

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import account
from tests.e2e.conftest import shot

pytestmark = [pytest.mark.browser]


def _no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths


def test_residents_find_the_plans_documents(page, live_url):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from hub.municipalities.models import Municipality
    from tenants.common.models import TargetGroup
    from tenants.documents.models import Document, DocumentVersion
    from tenants.history.models import Change
    from tenants.plans import services
    from tenants.plans.models import Plan
    from tests.tenants.plans.builders import plan_in_force

    alfa = Municipality.objects.get(slug="alfa")
    with tenant_context(alfa):
        editor = account("alfa.editor@test.sk")
        plan, _tree = plan_in_force(editor, title="Komunitný plán Alfy", year_from=2024,
                                    year_to=2030)
        approved = services.action_plan_create(user=editor, plan=plan, year=2025)
        services.action_plan_approve(user=editor, action_plan=approved, body="Zastupiteľstvo",
                                     reference="5/2024", approved_on=datetime.date(2024, 12, 5))
        services.action_plan_create(user=editor, plan=plan, year=2026)  # in preparation
        for kind, subject in (("plan", plan.pk), ("action-plan", approved.pk)):
            document, _made = Document.objects.get_or_create(
                kind=kind, subject_id=subject, defaults={"title": kind})
            name = default_storage.save(f"documents/{kind}/e2e.pdf",
                                        ContentFile(b"%PDF-1.7 e2e"))
            DocumentVersion.objects.create(document=document, number=99, file=name, size=12,
                                           pages=1, input_hash="e" * 64, public=True)
    base = f"http://alfa.localhost:{live_url.split(':')[1]}"
    try:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}/publications/")
            plans = page.locator("#plans ~ ul").first.inner_text()
            assert "Komunitný plán Alfy" in page.locator("#plans ~ h3").first.inner_text()
            assert "Akčný plán 2025" in plans and "Akčný plán 2026" not in plans
            assert page.locator(f"a[href='/publications/plan/{plan.pk}.pdf']").count() == 1
            _no_sideways_scroll(page)
            shot(page, f"publications-plans-{width}")
        # Fetched by the page itself (Playwright's own requests do not resolve *.localhost).
        status, kind = page.evaluate(
            "url => fetch(url).then(r => [r.status, r.headers.get('content-type')])",
            f"/publications/action-plan/{approved.pk}.pdf")
        assert (status, kind) == (200, "application/pdf")
    finally:
        from workers.models import Dispatch

        # The approvals asked the (absent) documents worker for PDFs: forget those messages.
        Dispatch.objects.filter(schema_name=alfa.schema_name,
                                key__startswith="documents.").delete()
        with tenant_context(alfa):
            Document.objects.all().delete()
            Plan.objects.update(superseded_by=None, amends=None)
            Plan.objects.all().delete()
            Change.objects.all().delete()
            TargetGroup.objects.all().delete()
