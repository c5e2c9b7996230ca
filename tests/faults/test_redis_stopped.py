"""Redis stopped for 20 s: every public and staff page answers 200 all along, and a document
asked for during the outage is made once Redis is back (issue #12, points 1, 2 and 6)."""

import time

import pytest

from tests.conftest import wait_for
from tests.faults.helpers import finished_job, generate, pages_answering, staff_browser, versions

OUTAGE_SECONDS = 20


@pytest.mark.faults(bound=300)
def test_pages_answer_while_redis_is_stopped_and_a_generate_completes_after(stack):
    resident, staff = stack.browser("alfa"), staff_browser(stack)
    assert pages_answering(stack, resident, staff) == []

    stack.stop_redis()
    stopped = time.monotonic()
    # Generate during the outage: the request is answered (no 500) and the job is recorded.
    job_id = generate(staff)
    assert staff.get(f"/staff/documents/jobs/{job_id}/") == 200
    failed = pages_answering(stack, resident, staff)
    while time.monotonic() - stopped < OUTAGE_SECONDS:  # again and again, all along
        failed += pages_answering(stack, resident, staff)
    assert failed == [], failed

    stack.start_redis()
    done = wait_for(lambda: finished_job("alfa", job_id), timeout=150, interval=1)
    assert done.state == "done", done.error
    assert len(versions("alfa", done.document_id)) == 1
    assert " 500 " not in stack.log("web"), stack.log_tail("web")
    for name in ("web", "worker", "documents", "beat"):
        assert stack.pid(name) is not None, f"{name} exited:\n{stack.log_tail(name)}"
