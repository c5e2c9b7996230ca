"""The whole documents worker (main process and pool) SIGKILLed mid-render, then started
again: the job is done exactly once within 2 minutes of the restart — one version, its file
whole — and while it was interrupted no partial file was ever served."""

import time

import pytest
from django_tenants.utils import tenant_context

from tests.conftest import wait_for
from tests.faults.helpers import finished_job, job, place, versions

#: Issue #12's target: no job stalled longer than this after its worker is back.
AFTER_RESTART = 120


def _served_pdf(browser) -> tuple[int, bytes]:
    status, body, _headers = browser.request("GET", "/publications/catalogue.pdf")
    return status, body


@pytest.mark.faults(bound=300)
def test_a_render_interrupted_by_a_killed_worker_finishes_once_after_its_restart(stack):
    from tenants.documents import services

    alfa = place("alfa")
    with tenant_context(alfa):
        # The product's own path (the job row, then its dispatch); the pause holds the
        # render so the kill lands in the middle of it (tests only, first attempt only).
        generating = services.document_generate(kind="catalogue",
                                                parameters={"test_pause_seconds": 30})
    running = wait_for(lambda: (lambda j: j if j.state == "running" else None)(
        job("alfa", generating.pk)), timeout=60, interval=0.2)
    resident = stack.browser("alfa")

    stack.kill("documents")  # the worker's machine dies: no chance to requeue or clean up
    assert job("alfa", running.pk).state == "running"
    assert _served_pdf(resident)[0] == 404  # nothing, rather than part of something
    stack.start("documents")
    restarted = time.monotonic()

    done = wait_for(lambda: finished_job("alfa", running.pk), timeout=AFTER_RESTART + 30,
                    interval=1)
    assert time.monotonic() - restarted <= AFTER_RESTART + 30
    assert done.state == "done", done.error
    made = versions("alfa", done.document_id)
    assert len(made) == 1 and done.version_id == made[0].pk
    status, pdf = _served_pdf(resident)
    assert status == 200
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) == made[0].size
    folder = stack.media_root / alfa.schema_name / "documents" / "catalogue"
    assert [p.name for p in folder.iterdir()] == [made[0].file.name.rsplit("/", 1)[1]]
