"""gunicorn settings shared by the image (start.sh web) and `make run`: port, access log."""

import os

from gunicorn.glogging import Logger

bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
accesslog = "-"
PROBES = ("/healthz", "/readyz")


class ProbeQuietLogger(Logger):
    """The access log without successful probes: a kubelet asks every few seconds."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in PROBES and (resp.status_code or 500) < 400:
            return
        super().access(resp, req, environ, request_time)


logger_class = ProbeQuietLogger
