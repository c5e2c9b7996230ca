"""Sign-in lockout with django-axes, counted in PostgreSQL (axes' database handler).

Failed sign-ins are rows in the public schema (``axes_accessattempt``), so the lockout
works with Redis down and cannot be escaped by taking Redis down. Accounts are platform-wide,
and so is a lockout: 5 failures for an account within 15 minutes lock that account on every
host (the platform domain and every municipality's subdomain); 20 failures from one client
address (``hub.client_ip``) lock that address out of every account. A lockout ends 15
minutes after the last counted failure (attempts while locked out are not counted), or when
an operator deletes the attempts in the admin. A successful sign-in forgets the account's
own failures, never the address's failures on other accounts.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.shortcuts import render


def failure_limit(request, credentials) -> int:
    return settings.SIGNIN_MAX_FAILURES


def signin_username(request, credentials) -> str | None:
    """The account an attempt is for: our sign-in form sends ``email``, Django's admin
    login ``username``; both lower-cased, as accounts are found."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) or {}
    for value in (credentials.get("email"), credentials.get("username"), data.get("email"),
                  data.get("username")):
        if value:
            return str(value).strip().lower()[:255]
    return None


class SigninLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout parameter: SIGNIN_MAX_FAILURES per
    account, SIGNIN_MAX_FAILURES_PER_ADDRESS per client address."""

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares one number with one limit (AXES_FAILURE_LIMIT, the account's). Each
        # parameter's count is scaled to that limit: floor(count · L / own) reaches L exactly
        # when count reaches the parameter's own limit, so either limit locks.
        account_limit = settings.SIGNIN_MAX_FAILURES
        limits = {"username": account_limit, "ip_address": settings.SIGNIN_MAX_FAILURES_PER_ADDRESS}
        scaled = 0
        for parameter, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS,
                                       self.get_user_attempts(request, credentials), strict=True):
            count = sum(attempts.values_list("failures_since_start", flat=True))
            scaled = max(scaled, count * account_limit // limits[parameter])
        return scaled

    def user_logged_in(self, sender, request, user, **kwargs):
        # A handoff from another host (hub/accounts/handoff.py) proves no password: it must
        # not forget the account's failures as a successful sign-in does.
        if getattr(request, "komplan_handoff", False):
            return None
        return super().user_logged_in(sender, request, user, **kwargs)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # Axes would also delete the address's rows: one good password of the attacker's own
        # account must not wipe the count of guesses at others.
        username = signin_username(request, credentials)
        if not username:
            return 0
        return self.reset_attempts(username=username)


def signin_locked_out(request, response=None, credentials=None):
    """What a locked-out client gets: the sign-in page with the lockout message (our form put
    it there), or the same message on a page of its own (Django admin's login), as 429."""
    if response is not None and getattr(request, "signin_form_answered", False):
        response.status_code = 429
        return response
    from hub.accounts.forms import LOCKED_OUT

    message = LOCKED_OUT % {"minutes": settings.SIGNIN_WINDOW_SECONDS // 60}
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
