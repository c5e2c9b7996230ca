"""Answers /healthz and /readyz first, before host routing: probes hit the pod's IP address.

Nothing after this middleware runs for them — no tenant lookup, no Host validation (an
unknown or hostile Host still gets its answer, and the answer names no host or schema), no
session, CSRF or language cookie. Responses are never cached.
"""

from django.http import HttpResponseNotAllowed, JsonResponse

from hub.health import checks

LIVENESS = "/healthz"
READINESS = "/readyz"


def _answer(status: int, body: dict) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # The readiness check logs each change of state itself; Django's "Service Unavailable"
    # line on every probe during an outage would only bury it.
    response._has_been_logged = True
    return response


class HealthMiddleware:
    """Liveness: the process answers (no dependency). Readiness: checks.readiness()."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in (LIVENESS, READINESS):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if request.path_info == LIVENESS:
            response = _answer(200, {"status": "ok"})
        else:
            response = _answer(*checks.readiness())
        if request.method == "HEAD":
            response.content = b""
        return response
