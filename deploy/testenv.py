"""The environment `make test` gives pytest, for a plain `pytest` too (loaded as a plugin by
pyproject's addopts, `-p deploy.testenv`, before pytest-django reads the settings).

Plain `pytest` uses DATABASE_URL / REDIS_URL when set, else the local servers (settings'
defaults); the test database is `test_<name>` beside it, and the tests' Redis database is
KOMPLAN_TEST_REDIS_DB (2 unless set) so a running `make run` worker never takes their tasks.
"""

import os

from deploy.devstack import with_redis_db


def apply(environ=os.environ) -> None:
    environ["KOMPLAN_TESTING"] = "1"
    environ.pop("KOMPLAN_DEMO", None)  # demo mode would accept the published demo passwords
    environ["REDIS_URL"] = with_redis_db(environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                                         int(environ.get("KOMPLAN_TEST_REDIS_DB", "2")))


apply()
