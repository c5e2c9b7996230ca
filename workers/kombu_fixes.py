"""A fix to kombu's Redis transport, applied when the Celery app is made (workers/celery.py).

The crash (kombu 5.7.0, celery 5.7.0, redis-py 8.1.0): after Redis restarts, a worker that
held unacknowledged messages — tasks with a countdown/ETA wait in the worker unacked — logs
``Restoring N unacknowledged message(s)`` and exits for good with ``Unrecoverable error:
AttributeError("'NoneType' object has no attribute 'hostname'")``. On the connection error
Celery closes the broken connection (``Consumer.on_connection_error_after_connected``):
``Connection._close`` sets ``transport.client = None``; a channel closed after that (its
QoS restores the unacked messages in ``Channel.close``) has already dropped its connection
pools (``_disconnect_pools``), so restoring builds a new pool from ``_connparams``, which
reads ``self.connection.client.hostname`` — None. The same chain (``conn_or_acquire`` →
``pool`` → ``_connparams`` on a closed connection) is kombu#582 and kombu#970; kombu
main (checked 2026-12) still reads the client there.

The fix, upstream-style: a channel remembers the connection details it was opened with and
uses them when its transport's client is already gone, so the messages are put back on the
queue (nothing waits for the visibility timeout) and the worker reconnects and keeps
consuming. Remove when kombu's ``Channel._connparams`` no longer needs a live client.
"""

import functools
import logging

log = logging.getLogger(__name__)
_MARK = "_komplan_conninfo_fix"


def apply() -> None:
    from kombu.transport import redis as redis_transport

    channel = redis_transport.Channel
    if getattr(channel, _MARK, False):
        return
    original_init, original_connparams = channel.__init__, channel._connparams

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self._conninfo_at_open = self.connection.client

    @functools.wraps(original_connparams)
    def _connparams(self, asynchronous=False):
        transport = self.connection
        remembered = getattr(self, "_conninfo_at_open", None)
        if transport is not None and transport.client is None and remembered is not None:
            # The connection was closed before this channel: borrow its details for the
            # one pool that restores the unacked messages, and leave it closed again.
            log.info("kombu: channel closed after its connection; restoring with the "
                     "connection details it was opened with")
            transport.client = remembered
            try:
                return original_connparams(self, asynchronous=asynchronous)
            finally:
                transport.client = None
        return original_connparams(self, asynchronous=asynchronous)

    channel.__init__, channel._connparams = __init__, _connparams
    setattr(channel, _MARK, True)
