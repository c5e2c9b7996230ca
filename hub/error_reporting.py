"""Optional error reporting to Sentry, without personal data (settings: SENTRY_DSN)."""

import os
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
HIDDEN = "[hidden]"
# Headers that identify a person or a session; the rest (host, user agent…) helps debugging.
PRIVATE_HEADERS = {"cookie", "authorization", "x-csrftoken", "x-forwarded-for", "x-real-ip"}


def _scrub(value):
    """E-mail addresses out of every string, however deep in the event."""
    if isinstance(value, str):
        return EMAIL.sub(HIDDEN, value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def before_send(event: dict, hint: dict | None = None) -> dict:
    """Drop request bodies, cookies, identifying headers and the query string; replace every
    e-mail address (messages, exception values, local variables, breadcrumbs) by [hidden]."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items()
                                  if name.lower() not in PRIVATE_HEADERS}
    event.pop("user", None)
    return _scrub(event)


def before_breadcrumb(crumb: dict, hint: dict | None = None) -> dict:
    return _scrub(crumb)


def sentry_init(dsn: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        # SQL parameters and local variables may hold what residents typed.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("KOMPLAN_RELEASE") or None,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
