"""Keeps a set of child processes running: one that exits is restarted with backoff.

Used by the dev launcher (`make run`) for web, workers, beat and the embedded servers. Each
child runs in its own process group, so Ctrl-C in the terminal reaches only the launcher,
which then stops the children in the order it chooses. On Linux each child also gets a
signal of its own choosing if the launcher dies without stopping it (even by SIGKILL), so a
crashed launcher leaves no server holding a port or a data folder.
"""

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Program:
    """How to start one supervised process and how to ask it to stop."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    cwd: str | Path | None = None
    stop_signal: int = signal.SIGTERM
    user: str | None = None  # run as this account (PostgreSQL refuses to run as root)
    log: Path | None = None  # append output here instead of the launcher's terminal

    def spawn(self) -> subprocess.Popen:
        output = open(self.log, "ab") if self.log else None
        try:
            return subprocess.Popen(
                self.argv, env=self.env, cwd=self.cwd, user=self.user, process_group=0,
                stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                preexec_fn=_die_with_parent(self.stop_signal))
        finally:
            if output:
                output.close()


def _die_with_parent(sig: int) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def arm():
        libc.prctl(_PR_SET_PDEATHSIG, int(sig))
        if os.getppid() != parent:  # the parent died before the signal was armed
            os.kill(os.getpid(), sig)

    return arm


def describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


@dataclass
class _Child:
    program: Program
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    delay: float = 0.0
    restarts: int = 0
    delays: list[float] = field(default_factory=list)  # every backoff chosen, for the log


class Supervisor:
    """Starts programs, restarts any that exits (1 s doubling to 30 s), stops them all.

    The backoff of a program goes back to the first delay once it has stayed up for
    ``stable_after`` seconds, so a process that crashes once a day restarts at once, while
    one that cannot start (port taken, server missing) does not spin.
    """

    def __init__(self, programs: list[Program], *, first_delay: float = 1.0,
                 max_delay: float = 30.0, stable_after: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 log: Callable[[str], None] = print):
        self.children = {p.name: _Child(p, delay=first_delay) for p in programs}
        self.first_delay, self.max_delay, self.stable_after = first_delay, max_delay, stable_after
        self.clock, self.log = clock, log
        self.stopping = False

    def start(self) -> None:
        for child in self.children.values():
            self._spawn(child)

    def pid(self, name: str) -> int | None:
        process = self.children[name].process
        return process.pid if process is not None and process.poll() is None else None

    def check(self) -> None:
        """Notice exits and restart whatever is due; call it often (it never blocks)."""
        now = self.clock()
        for child in self.children.values():
            if child.process is not None and child.process.poll() is not None:
                if now - child.started_at >= self.stable_after:
                    child.delay = self.first_delay
                code = child.process.returncode
                child.process = None
                self._schedule(child, now, f"exited with {describe_exit(code)}")
            if (child.process is None and child.restart_at is not None
                    and now >= child.restart_at and not self.stopping):
                child.restarts += 1
                self._spawn(child)

    def stop(self, timeout: float = 15.0) -> None:
        """Ask every child to stop, wait up to ``timeout`` in all, then kill what is left."""
        self.stopping = True
        running = [c.process for c in self.children.values()
                   if c.process is not None and c.process.poll() is None]
        for child in self.children.values():
            if child.process in running:
                _signal(child.process, child.program.stop_signal)
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for child in self.children.values():
            if child.process is not None and child.process.poll() is None:
                self.log(f"{child.program.name} did not stop in {timeout:g} s; killing it")
                _signal(child.process, signal.SIGKILL, group=True)
                child.process.wait()

    def _spawn(self, child: _Child) -> None:
        child.restart_at = None
        child.started_at = self.clock()
        try:
            child.process = child.program.spawn()
        except OSError as error:
            child.process = None
            self._schedule(child, child.started_at, f"could not start ({error})")

    def _schedule(self, child: _Child, now: float, why: str) -> None:
        child.restart_at = now + child.delay
        child.delays.append(child.delay)
        where = f"; its output is in {child.program.log}" if child.program.log else ""
        if self.stopping:
            self.log(f"{child.program.name} {why}")
        else:
            self.log(f"{child.program.name} {why}; restarting in {child.delay:g} s{where}")
        child.delay = min(child.delay * 2, self.max_delay)


def _signal(process: subprocess.Popen, sig: int, *, group: bool = False) -> None:
    try:
        if group:  # the whole process group: a server's own children go too
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass
