"""Redis restarted while the default worker holds a delayed (countdown) task: the worker is
still running and consuming afterwards (kombu's restore_unacked crash, issue #12), and the
delayed task is never run twice. (When it runs: the worker gives the message back while Redis
is down, so it waits in Redis for the visibility timeout — the outbox's sweeper covers the
product's own delayed work.)"""

import datetime

import pytest
import redis
from django.utils import timezone

from tests.conftest import wait_for
from tests.faults.helpers import place, worker_checks

DELAY = 20


@pytest.mark.faults(bound=240)
def test_the_worker_survives_a_redis_restart_while_holding_a_delayed_task(stack):
    delayed_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    stack.send("tenants.portal.worker_check_task", schema=place("alfa").schema_name, countdown=DELAY,
               kwargs={"source": "request", "requested_at": delayed_at.isoformat()})
    broker = redis.Redis(port=stack.redis_port)
    wait_for(lambda: broker.hlen("unacked") > 0, timeout=30, interval=0.1)  # held by the worker

    stack.stop_redis()
    stack.start_redis()

    def worker_back() -> bool:
        assert stack.pid("worker") is not None, \
            f"the worker exited after Redis came back:\n{stack.log_tail('worker')}"
        return stack.answers("worker")

    wait_for(worker_back, timeout=60, interval=1)
    now_at = delayed_at + datetime.timedelta(seconds=1)
    stack.send("tenants.portal.worker_check_task", schema=place("alfa").schema_name,
               kwargs={"source": "request", "requested_at": now_at.isoformat()})
    wait_for(lambda: worker_checks(now_at)["alfa"] == 1, timeout=60, interval=0.5)
    assert worker_checks(delayed_at)["alfa"] <= 1
    assert stack.pid("worker") is not None, stack.log_tail("worker")
    assert "Unrecoverable error" not in stack.log("worker"), stack.log_tail("worker")
