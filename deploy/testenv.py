"""The environment `make test` gives pytest, for a plain `pytest` too (loaded as a plugin by
pyproject's addopts, `-p deploy.testenv`, before pytest-django reads the settings).

Plain `pytest` uses DATABASE_URL / REDIS_URL when set, else the local servers (settings'
defaults); the test database is `test_<name>` beside it, and the tests' Redis database is
KOMPLAN_TEST_REDIS_DB (2 unless set) so a running `make run` worker never takes their tasks.

`make test` runs the suite in two processes (pytest-xdist). Each has its own test database
(pytest-django names it `test_<name>_gw<N>`) and its own Redis database — the first keeps
KOMPLAN_TEST_REDIS_DB, worker N > 0 takes 10 + N — so the Celery workers one process starts
never take the other's tasks, and a purge or a cache clear touches only its own.
"""

import os

from deploy.devstack import with_redis_db


def apply(environ=os.environ) -> None:
    environ["KOMPLAN_TESTING"] = "1"
    environ.pop("KOMPLAN_DEMO", None)  # demo mode would accept the published demo passwords
    environ["REDIS_URL"] = with_redis_db(environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                                         redis_db(environ))


def redis_db(environ=os.environ) -> int:
    """The tests' Redis database for this process (see above)."""
    base = int(environ.get("KOMPLAN_TEST_REDIS_DB", "2"))
    worker = environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return base if number == 0 else 10 + number


apply()
