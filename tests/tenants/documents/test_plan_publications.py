"""Plan documents on /publications/ (#14 point 2): approving a plan or an action plan and
publishing an evaluation makes its PDF through the outbox and the real documents worker;
residents read it there. Nothing unapproved is ever public: a draft printed by staff, an
action plan in preparation, an unpublished evaluation, another municipality's id."""

import datetime
import io

import pypdf
import pytest
from django_tenants.utils import tenant_context

from tests.conftest import account, client_for, wait_for
from tests.tenants.documents.conftest import plan_with_everything

pytestmark = pytest.mark.worker


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xad\n", "")
    return " ".join(text.split())


def _public_version(municipality, kind, subject_id):
    from tenants.documents.models import DocumentVersion

    with tenant_context(municipality):
        return DocumentVersion.objects.filter(document__kind=kind, public=True,
                                              document__subject_id=subject_id).first()


def _pdf(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "application/pdf"
    return _text(b"".join(response.streaming_content))


@pytest.fixture
def alfa_plan(documents_db):
    return plan_with_everything(documents_db["alfa"], editor_email="alfa.editor@test.sk",
                                title="Komunitný plán Alfy")


def test_approved_documents_are_made_and_listed_unapproved_never(documents_db, alfa_plan):
    from tenants.plans import services
    from tenants.plans.models import ActionPlan, Evaluation, Plan
    from tests.tenants.plans.builders import plan_with_tree

    alfa, beta = documents_db["alfa"], documents_db["beta"]
    plan_id, ap_id, ev_id = alfa_plan["plan"], alfa_plan["action_plan"], alfa_plan["evaluation"]
    public = client_for(alfa)
    # Approval and publication asked for the PDFs themselves: nobody pressed "generate".
    wait_for(lambda: _public_version(alfa, "plan", plan_id), timeout=90)
    wait_for(lambda: _public_version(alfa, "evaluation", ev_id), timeout=90)

    page = public.get("/publications/").content.decode()
    assert "Komunitný plán Alfy" in page
    assert f"/publications/plan/{plan_id}.pdf" in page
    assert f"/publications/evaluation/{ev_id}.pdf" in page
    assert "Akčný plán 2024" not in page  # still in preparation
    assert public.get(f"/publications/action-plan/{ap_id}.pdf").status_code == 404

    text = _pdf(public, f"/publications/plan/{plan_id}.pdf")
    assert "Komunitný plán Alfy" in text and "12/2023" in text
    assert "platný" in text  # the state on the day it was made
    text = _pdf(public, f"/publications/evaluation/{ev_id}.pdf")
    assert "Hodnotiaca správa 2024" in text, text[:400]

    # The action plan approved: its PDF follows, with its items.
    editor = account("alfa.editor@test.sk")
    with tenant_context(alfa):
        services.action_plan_approve(user=editor, action_plan=ActionPlan.objects.get(pk=ap_id),
                                     body="Mestské zastupiteľstvo", reference="45/2024",
                                     approved_on=datetime.date(2024, 1, 15),
                                     on_date=datetime.date(2024, 1, 20))
    wait_for(lambda: _public_version(alfa, "action-plan", ap_id), timeout=90)
    assert f"/publications/action-plan/{ap_id}.pdf" in public.get("/publications/").content.decode()
    text = _pdf(public, f"/publications/action-plan/{ap_id}.pdf")
    assert "Akčný plán 2024" in text and "Odbor sociálnych vecí" in text
    assert "5 000,00" in text

    # A draft printed by staff is a version too, but never a public one.
    with tenant_context(alfa):
        draft, _tree = plan_with_tree(editor, title="Tajný koncept Alfy")
    staff = client_for(alfa, editor)
    response = staff.post("/staff/documents/generate/", {"kind": "plan", "subject_id": draft.pk})
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])

    def finished():
        from tenants.documents.models import DocumentJob

        with tenant_context(alfa):
            return DocumentJob.objects.filter(pk=job_id, state="done").first()

    assert wait_for(finished, timeout=90).version.public is False
    assert public.get(f"/publications/plan/{draft.pk}.pdf").status_code == 404
    assert "Tajný koncept Alfy" not in public.get("/publications/").content.decode()

    # Unpublishing an evaluation takes it off at once (judged at every download).
    with tenant_context(alfa):
        services.evaluation_publish(user=editor, evaluation=Evaluation.objects.get(pk=ev_id),
                                    publish=False)
    assert public.get(f"/publications/evaluation/{ev_id}.pdf").status_code == 404
    assert f"/publications/evaluation/{ev_id}.pdf" not in public.get(
        "/publications/").content.decode()

    # Another municipality knows none of Alfa's ids.
    other = client_for(beta)
    for kind, pk in (("plan", plan_id), ("action-plan", ap_id)):
        assert other.get(f"/publications/{kind}/{pk}.pdf").status_code == 404
    assert "Komunitný plán Alfy" not in other.get("/publications/").content.decode()
    with tenant_context(alfa):
        assert Plan.objects.filter(pk=plan_id).exists()

