"""The launcher's supervisor with small real processes: restarts, backoff, stopping.

Time is a fake clock the tests move, so no test waits for a backoff delay; real waiting is
only for a process to exit, always with a timeout.
"""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from deploy.supervisor import Program, Supervisor, describe_exit

FALSE = [shutil.which("false")]
SLEEP = [shutil.which("sleep"), "60"]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def _supervisor(*programs, **kwargs):
    lines = []
    supervisor = Supervisor(list(programs), clock=kwargs.pop("clock", Clock()),
                            log=lines.append, **kwargs)
    return supervisor, lines


def _wait_for_exit(supervisor, name):
    supervisor.children[name].process.wait(timeout=30)


def _wait_for_text(path: Path, text: str):
    deadline = time.monotonic() + 30
    while text not in (path.read_text() if path.exists() else ""):
        assert time.monotonic() < deadline, f"{text!r} never appeared in {path}"
        time.sleep(0.05)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie has exited; only its parent's wait is missing


def _wait_until_gone(pid: int):
    deadline = time.monotonic() + 30
    while not _gone(pid):
        assert time.monotonic() < deadline, f"process {pid} is still running"
        time.sleep(0.05)


def test_a_child_that_exits_is_logged_and_restarted_when_its_delay_is_over():
    clock = Clock()
    supervisor, lines = _supervisor(Program("flaky", _python("raise SystemExit(3)")), clock=clock)
    supervisor.start()
    first = supervisor.children["flaky"].process
    _wait_for_exit(supervisor, "flaky")
    supervisor.check()
    assert lines == ["flaky exited with exit code 3; restarting in 1 s"]
    assert supervisor.pid("flaky") is None
    clock.now += 0.5
    supervisor.check()
    assert supervisor.children["flaky"].process is None
    clock.now += 0.5
    supervisor.check()
    child = supervisor.children["flaky"]
    assert child.restarts == 1 and child.process is not None and child.process is not first
    _wait_for_exit(supervisor, "flaky")


def test_backoff_doubles_up_to_the_cap_and_starts_over_after_a_stable_run():
    clock = Clock()
    supervisor, lines = _supervisor(Program("crashing", FALSE), clock=clock)
    supervisor.start()
    child = supervisor.children["crashing"]
    for _ in range(7):
        _wait_for_exit(supervisor, "crashing")
        supervisor.check()
        clock.now += child.delays[-1]
        supervisor.check()
    assert child.delays == [1, 2, 4, 8, 16, 30, 30]
    assert child.restarts == 7
    assert lines[-1] == "crashing exited with exit code 1; restarting in 30 s"
    # This run "stayed up" a minute before it exited: the next restart is quick again.
    clock.now += 60
    _wait_for_exit(supervisor, "crashing")
    supervisor.check()
    assert child.delays[-1] == 1 and child.delay == 2


def test_a_program_that_cannot_start_is_retried_with_backoff():
    supervisor, lines = _supervisor(Program("missing", ["/nonexistent/komplan-server"]))
    supervisor.start()
    assert supervisor.children["missing"].process is None
    assert len(lines) == 1
    assert lines[0].startswith("missing could not start ([Errno 2]")
    assert lines[0].endswith("; restarting in 1 s")


def test_stop_ends_every_child_and_nothing_restarts_afterwards():
    supervisor, lines = _supervisor(Program("web", SLEEP), Program("worker", SLEEP))
    supervisor.start()
    pids = [supervisor.pid("web"), supervisor.pid("worker")]
    # Each child has its own process group: Ctrl-C in the terminal reaches only the launcher.
    assert [os.getpgid(pid) for pid in pids] == pids
    assert os.getpgid(0) not in pids
    supervisor.stop(timeout=10)
    assert [c.process.returncode for c in supervisor.children.values()] == [-signal.SIGTERM] * 2
    assert lines == []
    supervisor.check()
    assert [c.process for c in supervisor.children.values()] == [None, None]
    assert lines == ["web exited with signal SIGTERM", "worker exited with signal SIGTERM"]


def test_stop_sends_each_program_its_signal_and_kills_what_ignores_it(tmp_path):
    polite_log, stubborn_log = tmp_path / "polite.log", tmp_path / "stubborn.log"
    polite = Program("postgres", _python("""
        import signal, sys, time
        signal.signal(signal.SIGINT, lambda *_: (print("fast shutdown", flush=True), sys.exit(0)))
        print("ready", flush=True)
        time.sleep(60)
    """), stop_signal=signal.SIGINT, log=polite_log)
    stubborn = Program("stubborn", _python("""
        import signal, subprocess, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        helper = subprocess.Popen(["sleep", "60"])
        print("ready", helper.pid, flush=True)
        time.sleep(60)
    """), log=stubborn_log)
    supervisor, lines = _supervisor(polite, stubborn)
    supervisor.start()
    _wait_for_text(polite_log, "ready")
    _wait_for_text(stubborn_log, "ready")
    helper_pid = int(stubborn_log.read_text().split()[1])
    supervisor.stop(timeout=0.5)
    assert supervisor.children["postgres"].process.returncode == 0
    assert polite_log.read_text() == "ready\nfast shutdown\n"
    assert supervisor.children["stubborn"].process.returncode == -signal.SIGKILL
    assert lines == ["stubborn did not stop in 0.5 s; killing it"]
    _wait_until_gone(helper_pid)  # its own child went with it (the whole process group)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_children_stop_when_the_launcher_dies_without_stopping_them(tmp_path):
    """A launcher killed with SIGKILL cannot stop anything; its children stop themselves."""
    launcher = subprocess.Popen(_python(f"""
        import time
        from deploy.supervisor import Program, Supervisor
        supervisor = Supervisor([Program("server", {SLEEP!r})])
        supervisor.start()
        print(supervisor.pid("server"), flush=True)
        time.sleep(60)
    """), stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    server_pid = int(launcher.stdout.readline())
    assert not _gone(server_pid)
    launcher.kill()
    launcher.wait(timeout=30)
    _wait_until_gone(server_pid)


@pytest.mark.parametrize("code,text", [(0, "exit code 0"), (3, "exit code 3"),
                                       (-9, "signal SIGKILL"), (-15, "signal SIGTERM")])
def test_exits_are_described_for_people(code, text):
    assert describe_exit(code) == text
