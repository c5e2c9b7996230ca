"""Messages held by a worker that died are put back when a worker starts.

Most background work is an outbox row (workers/outbox.py): when its message is lost with a
worker, the sweeper sends the row again. The beat's dispatchers are not rows: a
``workers.fan_out_task`` taken by a worker that is then killed stays in the Redis broker's
``unacked`` hash until the visibility timeout (660 s, just above the longest task's hard
limit) and the round's municipalities wait that long. A dispatcher is idempotent — a fan-out
round is keyed by task and run (one row per municipality, conflicts ignored) — so a worker
that starts puts every held dispatcher message back on its queue at once. If the message was
in fact held by a live worker, the round is recorded twice and nothing is added.

Messages of outbox work (the ``_outbox_id`` header) go back too: the sweeper has already sent
such work again, but the dead worker's copies would sit in ``unacked`` for 660 s; delivered
again, a copy finds its row closed, or held by a live run, and does nothing.
"""

import json
import logging

from workers.outbox import HEADER

log = logging.getLogger(__name__)

#: Tasks safe to run again at any moment (idempotent by construction).
DISPATCHERS = frozenset({"workers.fan_out_task"})


def restore_held_dispatchers(app) -> int:
    """Put the dispatcher and outbox messages in the broker's ``unacked`` hash back on their queues;
    returns how many. Only for the Redis transport (others redeliver on disconnect)."""
    restored = 0
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        unacked_key = getattr(channel, "unacked_key", None)
        if unacked_key is None:  # not the Redis transport
            return 0
        client = channel.client
        for tag, payload in client.hscan_iter(unacked_key):
            try:
                message = json.loads(payload)[0]
                headers = message.get("headers") or {}
                name = headers.get("task")
            except (ValueError, TypeError, IndexError, AttributeError):
                continue
            if name in DISPATCHERS or headers.get(HEADER):
                channel.qos.restore_by_tag(tag, client=client, leftmost=True)
                restored += 1
    if restored:
        log.warning("put %d held message(s) back on their queues", restored)
    return restored
