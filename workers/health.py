"""Liveness of this machine's own Celery process, for probes: `python -m workers.health default`.

Pings exactly one node — `default`, `documents` or `beat` on this host, with the instance id
when one is set (`<role>[-<KOMPLAN_INSTANCE>]@<hostname>`; deploy/start.sh and the dev
launcher name the processes by the same rule) — and exits 0 when it answers within the
timeout, 1 when it does not. Beat answers only while its scheduler keeps ticking (Celery's
`--enable-remote-control`), so a wedged beat fails too.

When the broker itself does not answer, the probe passes and says so: a restart cannot
bring Redis back, and restarting every worker during a Redis outage only adds to it. The
process's own exit (its container's restart policy) covers a worker that gives up.
"""

import argparse
import os
import sys

ROLES = ("default", "documents", "beat")


def node_name(role: str, instance: str | None = None) -> str:
    """The Celery node name template (`%h` = this host) of one role in one instance."""
    return f"{role}-{instance}@%h" if instance else f"{role}@%h"


def _broker_answers(url: str, timeout: float) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=timeout,
                                         socket_connect_timeout=timeout).ping())
    except (redis.RedisError, ValueError):
        return False


def probe(node: str, *, timeout: float) -> tuple[bool, str]:
    """(alive, what to print) for one node name (no `%h` left in it)."""
    from workers.celery import app

    if not _broker_answers(app.conf.broker_url, timeout):
        return True, f"{node}: the broker does not answer; not this process's fault, passing"
    replies = app.control.ping(destination=[node], timeout=timeout)
    if any(node in reply for reply in replies):
        return True, f"{node}: pong"
    return False, f"{node}: no answer within {timeout:g} s"


def main(argv: list[str] | None = None) -> int:
    from celery.utils.nodenames import host_format

    parser = argparse.ArgumentParser(prog="python -m workers.health", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("role", choices=ROLES)
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")
    parser.add_argument("--node", help="ping this node name instead of the role's")
    args = parser.parse_args(argv)
    node = args.node or host_format(node_name(args.role, os.environ.get("KOMPLAN_INSTANCE")))
    alive, message = probe(node, timeout=args.timeout)
    print(message)  # noqa: T201 — a probe's answer goes to stdout for the operator
    return 0 if alive else 1


if __name__ == "__main__":
    sys.exit(main())
