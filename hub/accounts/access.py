"""Declared access for every page: public, or staff of this municipality with a minimum role.

Each view carries ``access`` ("public" or "staff:<role>") so the isolation tests can find any
page that forgot to declare who may see it.
"""

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

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
