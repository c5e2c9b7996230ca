"""Production settings from deploy/production.env.example: `check --deploy` has nothing to say,
and each protection the file turns on is really on."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "production.env.example"


def example_env() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _sep, value = line.partition("=")
            values[name] = value
    return values


def _production(extra: dict | None = None, *argv: str) -> subprocess.CompletedProcess:
    """manage.py in a clean environment: the example's values and nothing of the tests'."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
           **example_env(), **(extra or {})}
    return subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_example_documents_every_setting_the_image_reads():
    values = example_env()
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PLATFORM_DOMAIN", "SECURE_SSL_REDIRECT",
                 "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
                 "SECURE_COOKIES", "BEHIND_TLS_PROXY", "FORWARDED_ALLOW_IPS", "TRUSTED_PROXY_COUNT",
                 "STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID",
                 "S3_SECRET_ACCESS_KEY", "SENTRY_DSN", "WEB_WORKERS", "WEB_TIMEOUT",
                 "DOCUMENTS_MAX_MEMORY_KB", "CSP_REPORT_URI", "KOMPLAN_DEMO"):
        assert name in values, name
    assert values["KOMPLAN_DEMO"] == "0" and values["DEBUG"] == "0"
    assert values["SECRET_KEY"].startswith("change-me")  # no secret in the repository


def test_check_deploy_is_clean_with_the_example():
    result = _production({"SECRET_KEY": secrets.token_urlsafe(50)},
                         "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_the_placeholder_secret_key_is_refused():
    result = _production({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is still the example's placeholder" in result.stderr


def test_without_the_protections_check_deploy_says_so():
    """The check is not blind: the same file with HSTS, the redirect and secure cookies off."""
    result = _production({"SECRET_KEY": secrets.token_urlsafe(50), "SECURE_HSTS_SECONDS": "0",
                          "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0"},
                         "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, warning


def test_the_example_turns_each_protection_on():
    code = ("import json; from django.conf import settings as s; print(json.dumps(["
            "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
            "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "list(s.SECURE_PROXY_SSL_HEADER), s.DEBUG, s.DEMO_MODE, s.STORAGES['default'], "
            "s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']]))")
    result = _production({"SECRET_KEY": secrets.token_urlsafe(50)}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        True, 31536000, True, False, True, True, ["HTTP_X_FORWARDED_PROTO", "https"], False,
        False,
        {"BACKEND": "hub.tenancy.storage.TenantS3Storage", "OPTIONS": {
            "bucket_name": "komplan-files", "endpoint_url": "https://s3.example.net",
            "region_name": "eu-central-1", "access_key": "komplan", "secret_key": None,
            "location": "", "addressing_style": "path"}},
        ["rest_framework.renderers.JSONRenderer"]]


def test_probes_are_not_redirected_to_https(settings, client):
    """The kubelet probes over plain http: SECURE_SSL_REDIRECT must not send it away."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    page = client.get("/", HTTP_HOST=settings.PLATFORM_DOMAIN)
    assert page.status_code == 301 and page["Location"] == f"https://{settings.PLATFORM_DOMAIN}/"
