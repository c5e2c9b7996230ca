"""`python -m workers.health <role>`: passes only when this host's own node answers."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.utils.nodenames import host_format

from workers import health

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "workers.health", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.worker
def test_a_running_worker_passes(celery_worker_process):
    node = host_format(f"test-{os.getpid()}@%h")  # the session worker's name (tests/conftest.py)
    done = _cli("default", "--node", node)
    assert (done.returncode, done.stdout) == (0, f"{node}: pong\n")


@pytest.mark.worker
def test_a_node_that_does_not_answer_fails(celery_worker_process, capsys):
    node = host_format(f"default-nobody{os.getpid()}@%h")
    assert health.main(["default", "--node", node, "--timeout", "0.5"]) == 1
    assert capsys.readouterr().out == f"{node}: no answer within 0.5 s\n"


def test_the_role_and_instance_name_the_node():
    assert health.node_name("default") == "default@%h"
    assert health.node_name("documents", "8121") == "documents-8121@%h"
    assert health.node_name("beat", "blue") == "beat-blue@%h"


def test_without_a_broker_the_probe_passes_and_says_why():
    done = _cli("default", "--timeout", "0.5",
                CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0",
                KOMPLAN_INSTANCE="x")
    node = host_format("default-x@%h")
    assert (done.returncode, done.stdout) == (
        0, f"{node}: the broker does not answer; not this process's fault, passing\n")


def test_beat_answers_while_it_runs_and_not_after(tmp_path, monkeypatch):
    instance = f"t{os.getpid()}"
    monkeypatch.setenv("KOMPLAN_INSTANCE", instance)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers", "beat", "-l", "warning",
         "-s", str(tmp_path / "schedule"), "--enable-remote-control",
         "-n", health.node_name("beat", instance)],
        cwd=ROOT, env=dict(os.environ, KOMPLAN_TESTING="1"))
    try:
        deadline = time.monotonic() + 60
        while health.main(["beat", "--timeout", "1"]) != 0:
            assert beat.poll() is None, "beat exited"
            assert time.monotonic() < deadline, "beat never answered"
    finally:
        beat.terminate()
        beat.wait(timeout=30)
    assert health.main(["beat", "--timeout", "1"]) == 1
