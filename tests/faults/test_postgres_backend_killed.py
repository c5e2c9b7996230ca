"""PostgreSQL backends killed under web and the workers (pg_terminate_backend, this test
database only): the next pages answer 200 from the same web processes, tasks still run."""

import datetime

import pytest
from django.utils import timezone

from tests.conftest import wait_for
from tests.faults.conftest import terminate_backends_of_test_database
from tests.faults.helpers import pages_answering, place, staff_browser, worker_checks


@pytest.mark.faults(bound=180)
def test_pages_and_tasks_recover_from_killed_backends_without_a_restart(stack):
    resident, staff = stack.browser("alfa"), staff_browser(stack)
    # Several rounds: each web thread holds a connection (CONN_MAX_AGE) that will die.
    for _ in range(3):
        assert pages_answering(stack, resident, staff) == []
    check_at = timezone.now() - datetime.timedelta(days=1)
    stack.send("tenants.portal.worker_check_task", schema=place("alfa").schema_name,
               kwargs={"source": "request", "requested_at": check_at.isoformat()})
    wait_for(lambda: worker_checks(check_at)["alfa"] == 1, timeout=60)
    web_pid = stack.pid("web")

    assert terminate_backends_of_test_database() >= 1

    for _ in range(3):
        assert pages_answering(stack, resident, staff) == []
    assert stack.pid("web") == web_pid
    assert " 500 " not in stack.log("web"), stack.log_tail("web")
    again = check_at + datetime.timedelta(seconds=1)
    stack.send("tenants.portal.worker_check_task", schema=place("alfa").schema_name,
               kwargs={"source": "request", "requested_at": again.isoformat()})
    wait_for(lambda: worker_checks(again)["alfa"] == 1, timeout=60)
