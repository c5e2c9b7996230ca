"""The image's HEALTHCHECK: `python -m deploy.healthcheck` asks what this container runs.

deploy/start.sh writes the role it starts to $TMPDIR/komplan-role. web: GET /readyz on
127.0.0.1:$PORT must answer 200 (ready or degraded; 503 — database down or migrations
pending — fails); a worker or beat: `python -m workers.health <queue>`; the one-shot migrate
(or a container started with another command): healthy. Kubernetes ignores HEALTHCHECK and
probes with the same commands (deploy/kubernetes/base/).
"""

import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROLE_FILE = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "komplan-role"
WORKER_ROLES = {"worker": "default", "documents": "documents", "beat": "beat"}


def web_ready(port: int, timeout: float = 3.0) -> bool:
    try:
        with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/readyz", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def main() -> int:
    role = ROLE_FILE.read_text().strip() if ROLE_FILE.exists() else ""
    if role == "web":
        ready = web_ready(int(os.environ.get("PORT") or 8000))
        print("web: ready" if ready else "web: /readyz did not answer 200")
        return 0 if ready else 1
    if role in WORKER_ROLES:
        from workers import health

        return health.main([WORKER_ROLES[role]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
