"""Declared access for every page: public, or staff of this municipality with a minimum role.

Each view carries ``access`` ("public" or "staff:<role>") so the isolation tests can find any
page that forgot to declare who may see it.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from hub.accounts import coordinator_tokens
from hub.accounts.models import Role
from hub.accounts.selectors import has_role, request_role


def public_page(view):
    view.access = "public"
    return view


def staff_page(minimum: str = Role.VIEWER):
    """Only members of the request's municipality with at least ``minimum`` get in."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if getattr(request, "municipality", None) is None:
                raise Http404
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request_role(request), minimum):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = f"staff:{minimum}"
        return wrapper

    return decorate


def coordinator_page(view):
    """Signed-in accounts on the platform domain; the view filters to the account's areas."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.access = "account"
    return wrapper


def _unauthorized(detail) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="regions", Session realm="komplan"'
    return response


def _token_signs_in(request) -> JsonResponse | None:
    """A coordinator's token in ``Authorization: Bearer``: the request acts as its maker, or
    the refusal (401 not valid here, 429 too many calls)."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return _unauthorized(_("Send the token as “Authorization: Bearer <token>”."))
    token = coordinator_tokens.token_find(secret=parts[1],
                                          municipality=getattr(request, "municipality", None))
    if token is None:
        return _unauthorized(_("This token is not valid here: unknown, revoked, expired, or "
                               "not a coordinator's token."))
    if not coordinator_tokens.call_allowed(request, token):
        response = JsonResponse({"detail": _("Too many requests; try again later.")},
                                status=429)
        response["Retry-After"] = str(coordinator_tokens.RETRY_AFTER)
        return response
    request.user = token.created_by
    request.coordinator_token = token
    return None


def coordinator_api(view):
    """The coordinators' JSON, for a signed-in coordinator or a coordinator's token: 401
    without either (no sign-in redirect a script would follow), and the view's refusals
    (403, 404) answered as JSON too. A token reaches only its own areas."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.coordinator_token = None
        if "Authorization" in request.headers:
            refused = _token_signs_in(request)
            if refused is not None:
                return refused
        elif not request.user.is_authenticated:
            return _unauthorized(_("Authentication credentials were not provided."))
        try:
            if "code" in kwargs and not coordinator_tokens.request_areas(request).filter(
                    code=kwargs["code"]).exists():
                # Outside the token's areas: as unknown as an area the account does not
                # coordinate (area_for_coordinator answers those, and the wrong role).
                coordinator_tokens.area_reachable_or_404(request, kwargs["code"])
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return JsonResponse(
                {"detail": _("You do not have permission to perform this action.")}, status=403)
        except Http404:
            return JsonResponse({"detail": _("Not found.")}, status=404)

    wrapper.access = "account"
    return wrapper
