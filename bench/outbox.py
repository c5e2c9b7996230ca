"""Outbox benchmark: the nightly fan-out at 9,000 municipalities, and what a sweep costs.

    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6379/<n> .venv/bin/python bench/outbox.py [--n 9000]

Needs a migrated database (the public schema's workers_dispatch table) and a Redis nobody's
worker reads: messages go to a queue of their own (``bench-outbox``), deleted at the end;
rows are written under a run of their own and deleted at the end. Prints:
- recording one fan-out round for N municipality names (no schemas needed: the names are
  made up, the rows are what beat's dispatcher writes), and recording it again (a second
  beat the same day: adds nothing);
- one sweep with nothing due (the cost every minute outside the window: O(pending rows));
- the sweep of one minute's slice of a 30-minute window (N/30 messages sent to Redis);
- the queue depth that slice leaves in Redis.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from workers import fanout, outbox  # noqa: E402
from workers.celery import app  # noqa: E402
from workers.models import Dispatch  # noqa: E402

QUEUE = "bench-outbox"
TASK = "bench.outbox_noop_task"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=9000)
    parser.add_argument("--window", type=int, default=1800)
    args = parser.parse_args()
    app.conf.task_routes = {TASK: {"queue": QUEUE}}
    run = f"bench-{time.time_ns()}"
    names = [f"m_bench_{i:05d}" for i in range(args.n)]
    start = timezone.now()
    rows = Dispatch.objects.filter(key=f"fanout:{TASK}:{run}")
    try:
        began = time.perf_counter()
        fanout.fan_out(task_name=TASK, window=args.window, run=run, now=start, schemas=names)
        record_s = time.perf_counter() - began
        began = time.perf_counter()
        fanout.fan_out(task_name=TASK, window=args.window, run=run, now=start, schemas=names)
        again_s = time.perf_counter() - began
        assert rows.count() == args.n
        began = time.perf_counter()
        idle = outbox.sweep(now=start - datetime.timedelta(seconds=1))
        idle_s = time.perf_counter() - began
        began = time.perf_counter()
        slice_ = outbox.sweep(now=start + datetime.timedelta(seconds=60))
        slice_s = time.perf_counter() - began
        with app.connection_for_write() as conn:
            depth = conn.default_channel.client.llen(QUEUE)
        print(f"municipalities: {args.n}, window {args.window} s")
        print(f"record a fan-out round: {record_s * 1000:.0f} ms; again the same day: "
              f"{again_s * 1000:.0f} ms (rows: {rows.count()})")
        print(f"sweep, nothing due: {idle_s * 1000:.1f} ms (sent {idle['sent']})")
        print(f"sweep of the first minute's slice: {slice_s * 1000:.0f} ms, sent "
              f"{slice_['sent']}; queue depth after it: {depth}")
    finally:
        rows.delete()
        with app.connection_for_write() as conn:
            conn.default_channel.client.delete(QUEUE)


if __name__ == "__main__":
    main()
