"""One sign-in for every host: single-use handoff tokens between the platform domain and the
municipalities' subdomains, and a sign-out that ends the account's sessions everywhere.

Sessions stay host-only (no cookie on the parent domain). To move to another host, the current
host issues a token bound to the account and the target host, valid SIGNIN_HANDOFF_SECONDS, and
redirects there; the target spends it (one UPDATE, so two requests cannot both use it) and signs
the account in. Only the SHA-256 of the token is stored, in the public schema.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from hub.accounts.models import HandoffToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_hostname(request) -> str:
    """The host as the routing sees it: no port, lower-case, no trailing dot."""
    return request.get_host().rsplit(":", 1)[0].lower().rstrip(".")


def issue_handoff(*, user: User, host: str) -> str:
    """A fresh token for ``user`` on ``host``; expired tokens are swept on the way."""
    now = timezone.now()
    HandoffToken.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    token = secrets.token_urlsafe(32)
    HandoffToken.objects.create(
        token_hash=_digest(token), user=user, host=host.lower().rstrip("."),
        expires_at=now + timedelta(seconds=settings.SIGNIN_HANDOFF_SECONDS))
    return token


def redeem_handoff(*, token: str, host: str) -> User | None:
    """The account a token was issued for, if it is unused, unexpired and for this ``host``.

    Any presented token is spent, whatever the outcome: a token seen on the wrong host or
    late is not trusted later.
    """
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    spent = (HandoffToken.objects.filter(token_hash=_digest(token), used_at__isnull=True)
             .update(used_at=now))
    if spent != 1:
        return None
    handoff = HandoffToken.objects.select_related("user").get(token_hash=_digest(token))
    if handoff.host != host or handoff.expires_at <= now or not handoff.user.is_active:
        return None
    return handoff.user


def end_sessions_everywhere(user: User) -> None:
    """Every session of ``user``, on every host, stops at its next request (its stored auth
    hash no longer matches); the database holds the counter, so Redis plays no part."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
