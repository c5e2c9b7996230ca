"""`make run` instances side by side: ports, node names and files of one never meet another's;
servers the launcher does not own are watched; embedded servers are shared, not doubled."""

import fcntl
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import devstack
from deploy.embedded import EmbeddedServers

ROOT = Path(__file__).resolve().parents[2]


def _instance(**env):
    base = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/komplan"}
    return devstack.instance_env({**base, **env})


def _argv(programs, name):
    return next(p.argv for p in programs if p.name == name)


def _after(argv, flag):
    return argv[argv.index(flag) + 1]


def test_default_instance_keeps_the_usual_port_and_folders():
    env = _instance()
    assert (env["PORT"], env["KOMPLAN_INSTANCE"], env["PLATFORM_PORT"]) == ("8000", "8000", "8000")
    assert env["MEDIA_ROOT"] == str(ROOT / "media")


def test_a_second_instance_differs_in_everything_it_could_share():
    first = devstack.app_programs(_instance(PORT="8120"))
    second_env = _instance(PORT="8121", DATABASE_URL="postgres://postgres@127.0.0.1:5432/other")
    second = devstack.app_programs(second_env)
    assert [p.name for p in second] == ["web", "worker", "documents", "beat"]
    assert _after(_argv(first, "worker"), "-n") == "default-8120@%h"
    assert _after(_argv(second, "worker"), "-n") == "default-8121@%h"
    assert _after(_argv(second, "documents"), "-n") == "documents-8121@%h"
    assert _after(_argv(second, "beat"), "-n") == "beat-8121@%h"
    assert _after(_argv(first, "beat"), "-s") == str(ROOT / ".state" / "celerybeat-schedule-8120")
    assert _after(_argv(second, "beat"), "-s") == str(ROOT / ".state" / "celerybeat-schedule-8121")
    assert "--enable-remote-control" in _argv(second, "beat")
    assert _after(_argv(second, "web"), "-c") == str(ROOT / "deploy" / "gunicorn.conf.py")
    assert second_env["PLATFORM_PORT"] == "8121"
    # Files belong with the database.
    assert second_env["MEDIA_ROOT"] == str(ROOT / "media" / "db-other")
    assert all(p.env is second_env and p.cwd == ROOT for p in second)


def test_explicit_instance_id_and_link_port_win():
    env = _instance(PORT="8122", KOMPLAN_INSTANCE="blue", PLATFORM_PORT="443")
    assert (env["PORT"], env["KOMPLAN_INSTANCE"], env["PLATFORM_PORT"]) == ("8122", "blue", "443")
    assert _after(_argv(devstack.app_programs(env), "worker"), "-n") == "default-blue@%h"


@pytest.mark.parametrize("env,expected", [({"PORT": "8123"}, "8123"),
                                          ({"PORT": "8123", "PLATFORM_PORT": "9000"}, "9000"),
                                          ({}, "8000")])
def test_links_between_subdomains_follow_the_web_port(env, expected):
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "PLATFORM_PORT")}
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.PLATFORM_PORT)"],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "hub.settings"}, cwd=ROOT,
        capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_a_server_that_stops_answering_is_reported_once_and_so_is_its_return(capsys):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    watch = devstack.ServerWatch({"Redis": (f"redis://:secret@127.0.0.1:{port}/5", 6379)},
                                 every=0)
    watch.check()
    assert capsys.readouterr().out == ""
    listener.close()
    watch.check()
    watch.check()
    assert capsys.readouterr().out == (
        f"[komplan] Redis does not answer (redis://127.0.0.1:{port}/5); it is not ours to "
        "restart — the platform keeps going as far as it can\n")
    with socket.socket() as again:
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
        again.listen()
        watch.check()
        watch.check()
    assert capsys.readouterr().out == "[komplan] Redis is answering again\n"


def test_a_second_launcher_uses_the_running_embedded_servers(tmp_path):
    owner_urls = {"pid": 4242, "postgres": "postgres://postgres@127.0.0.1:5490/komplan",
                  "redis": "redis://127.0.0.1:6390/0"}
    (tmp_path / "embedded.json").write_text(json.dumps(owner_urls))
    lines = []
    with open(tmp_path / "embedded.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        borrower = EmbeddedServers(tmp_path, log=lines.append, answers=lambda *_: False)
        urls = borrower.provide(["postgres", "redis"], "komplan_bench")
    assert urls == {"postgres": "postgres://postgres@127.0.0.1:5490/komplan_bench",
                    "redis": "redis://127.0.0.1:6390/0"}
    assert lines == ["using the embedded servers of the launcher with pid 4242"]
    assert borrower.supervisor is None
    borrower.stop()  # stops nothing it does not own
    assert json.loads((tmp_path / "embedded.json").read_text()) == owner_urls


def test_a_second_launcher_needing_a_server_the_owner_does_not_run_is_told_so(tmp_path):
    (tmp_path / "embedded.json").write_text(json.dumps({"pid": 4242, "redis": "redis://x/0"}))
    with open(tmp_path / "embedded.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        borrower = EmbeddedServers(tmp_path, log=print, answers=lambda *_: False)
        with pytest.raises(SystemExit) as refused:
            borrower.provide(["postgres", "redis"], "komplan")
    assert str(refused.value) == (
        "Another launcher (pid 4242) owns the embedded servers of this checkout and runs no "
        "postgres; stop it or set DATABASE_URL / REDIS_URL.")
