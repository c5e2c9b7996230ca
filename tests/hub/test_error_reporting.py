"""Error reports leave without personal data: no bodies, cookies, identifying headers, query
strings or e-mail addresses; and nothing is set up without a DSN."""

import os
import subprocess
import sys
from pathlib import Path

from hub.error_reporting import before_breadcrumb, before_send

ROOT = Path(__file__).resolve().parents[2]


def test_before_send_strips_bodies_cookies_headers_and_addresses():
    event = {
        "message": "Join failed for jana.novakova@example.sk",
        "user": {"email": "jana.novakova@example.sk", "ip_address": "203.0.113.9"},
        "request": {
            "url": "https://alfa.komplan.example/groups/3/join/",
            "method": "POST",
            "data": {"email": "jana.novakova@example.sk", "name": "Jana"},
            "cookies": {"komplan_session": "abc"},
            "query_string": "q=jana",
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"Cookie": "komplan_session=abc", "Authorization": "Token t",
                        "X-Forwarded-For": "203.0.113.9", "User-Agent": "Firefox",
                        "Host": "alfa.komplan.example"},
        },
        "exception": {"values": [{"type": "ValidationError",
                                  "value": "jana.novakova@example.sk is already a member"}]},
        "extra": {"nested": ["to: a.b+c@mesto.cz", 3]},
    }
    cleaned = before_send(event, {})
    assert cleaned == {
        "message": "Join failed for [hidden]",
        "request": {"url": "https://alfa.komplan.example/groups/3/join/", "method": "POST",
                    "headers": {"User-Agent": "Firefox", "Host": "alfa.komplan.example"}},
        "exception": {"values": [{"type": "ValidationError",
                                  "value": "[hidden] is already a member"}]},
        "extra": {"nested": ["to: [hidden]", 3]},
    }


def test_breadcrumbs_lose_addresses():
    crumb = {"category": "query", "message": "SELECT … WHERE email = 'x.y@obec.sk'"}
    assert before_breadcrumb(crumb, {}) == {"category": "query",
                                            "message": "SELECT … WHERE email = '[hidden]'"}


def _client_after_settings(env_extra: dict) -> str:
    code = ("import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
            "print(c.is_active(), c.options.get('send_default_pii'), "
            "c.options.get('before_send').__name__ if c.options.get('before_send') else None)")
    env = {name: value for name, value in os.environ.items() if name != "SENTRY_DSN"}
    env.update(KOMPLAN_TESTING="1", **env_extra)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_off_without_a_dsn_and_private_with_one():
    assert _client_after_settings({}) == "False None None"
    # A DSN to a local port nobody listens on: nothing leaves the machine.
    assert _client_after_settings({"SENTRY_DSN": "http://public@127.0.0.1:9/1"}) == \
        "True False before_send"
