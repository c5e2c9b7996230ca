"""Without Chromium the browser tests are skipped with a loud line locally, and fail the run
under CI (CI=true), so a machine without a browser never stops testing the UI unnoticed.
Runs pytest itself on this folder with Chromium pointed at a path that does not exist."""

import os
import subprocess
import sys

from tests.conftest import ROOT

MISSING = "/nonexistent/chromium"


def _pytest(*args, ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CHROMIUM_PATH"] = MISSING
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "tests/e2e", "-q",
                           "-k", "not never_skip_quietly", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_locally_a_missing_chromium_skips_with_a_loud_line():
    run = _pytest(ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    summary = [line for line in lines if line.endswith(
        f"browser tests skipped: {MISSING} missing — install chromium (apt-get install "
        "chromium). Under CI (CI=true) this fails the run.")]
    assert len(summary) == 1, run.stdout
    count = int(summary[0].split()[0])
    assert count >= 11
    assert f"{count} skipped" in lines[-1] and "passed" not in lines[-1]
    assert sum("SKIPPED" in line and "browser test:" in line for line in lines) >= 1  # -rs


def test_under_ci_a_missing_chromium_fails_the_run():
    run = _pytest("--collect-only", ci=True)
    assert run.returncode == 4, run.stdout + run.stderr  # pytest's usage error
    assert "browser tests cannot run: /nonexistent/chromium missing" in run.stderr
    assert "CI=true, so they are not skipped: the run fails." in run.stderr
