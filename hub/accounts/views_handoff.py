"""Moving a signed-in account to another host of the platform without a second sign-in:
``go`` issues a handoff token on the current host, ``handoff`` spends it on the target."""

from urllib.parse import urlencode, urlsplit

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from hub.accounts.access import public_page
from hub.accounts.handoff import issue_handoff, redeem_handoff, request_hostname
from hub.accounts.selectors import membership_role
from hub.municipalities.models import Municipality
from hub.tenancy.urls import municipality_url, platform_url


def _local_path(target: str, request) -> str | None:
    """``target`` if it is a path on this host (no scheme, no other host), else None."""
    if (target.startswith("/") and not target.startswith("//")
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return None


@public_page
@never_cache
def go(request):
    """To ``place`` (a municipality's address, or nothing for the platform domain) at path
    ``next``, signed in as the same account — if it has a membership there."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    slug = request.GET.get("place", "").strip()
    if slug:
        municipality = Municipality.objects.filter(slug=slug).prefetch_related("domains").first()
        if municipality is None or membership_role(user=request.user,
                                                   municipality=municipality) is None:
            raise Http404
        origin = municipality_url(municipality, "")
        default = "/staff/"
    else:
        origin = platform_url("")
        default = "/"
    next_path = _local_path(request.GET.get("next", ""), request) or default
    host = urlsplit(origin).hostname or ""
    if host == request_hostname(request):
        return redirect(next_path)
    token = issue_handoff(user=request.user, host=host)
    return redirect(f"{origin}/accounts/handoff/?{urlencode({'token': token, 'next': next_path})}")


def _refused(request):
    return render(request, "accounts/handoff_refused.html", status=400)


@public_page
@never_cache
def handoff(request):
    """Spends a handoff token and signs its account in here; any doubt and nothing is signed in."""
    # Spent first, whatever else is wrong with the request: a token is good for one try.
    user = redeem_handoff(token=request.GET.get("token", ""), host=request_hostname(request))
    next_raw = request.GET.get("next", "")
    next_path = _local_path(next_raw, request)
    if user is None or (next_raw and next_path is None):
        return _refused(request)
    municipality = getattr(request, "municipality", None)
    if municipality is not None and membership_role(user=user, municipality=municipality) is None:
        return _refused(request)
    # A locked-out account (or address) stays locked out here too.
    if not AxesProxyHandler.is_allowed(request, {"email": user.email}):
        return _refused(request)
    request.komplan_handoff = True  # not a password proof: keeps the failure count (lockout.py)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(next_path or ("/staff/" if municipality is not None else "/"))
