"""gunicorn settings for the image (start.sh web) and `make run`, every knob from the environment."""

import os

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = [f"0.0.0.0:{_int('PORT', 8000)}"]
# Processes × threads per pod: pages are database-bound, so threads overlap the waits. Size
# the pod's CPU request to WEB_WORKERS and the database's connections to workers × threads.
workers = _int("WEB_WORKERS", 3)
threads = _int("WEB_THREADS", 4)
# A request still running after WEB_TIMEOUT s is stuck: its worker is killed and replaced.
timeout = _int("WEB_TIMEOUT", 30)
# On SIGTERM (a rollout, a scale-down) requests in flight get this long to finish; the
# Kubernetes pod's terminationGracePeriodSeconds must be longer (deploy/kubernetes/).
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 25)
keepalive = _int("WEB_KEEPALIVE", 5)
# Recycle each worker after about this many requests (a slow leak cannot grow for ever); the
# jitter keeps the workers of one pod from restarting at the same moment. High on purpose: a
# new worker's database connection reads each municipality's catalogue entries afresh
# (~20 ms a schema, README → Benchmarks), so recycling often makes every page cold.
max_requests = _int("WEB_MAX_REQUESTS", 50000)
max_requests_jitter = _int("WEB_MAX_REQUESTS_JITTER", 5000)
# Which peers may set X-Forwarded-Proto/-For: the ingress or load balancer only (comma-separated
# addresses or networks, "*" to trust every peer — only where nothing else reaches the pod).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The heartbeat files live in memory: the root filesystem may be read-only.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# No control socket: it would be written under $HOME (read-only in the image) and two
# `make run` instances would fight over the same path.
control_socket_disable = True

accesslog = "-"
# Path without the query string (%(U)s, not %(r)s): searches and tokens in a query are
# personal data. No referrer either (it carries the previous page's query). Status, bytes,
# duration in ms, user agent.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
PROBES = ("/healthz", "/readyz")


class ProbeQuietLogger(Logger):
    """The access log without successful probes: a kubelet asks every few seconds."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in PROBES and (resp.status_code or 500) < 400:
            return
        super().access(resp, req, environ, request_time)


logger_class = ProbeQuietLogger
