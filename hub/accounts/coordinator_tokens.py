"""Coordinators' tokens for the regional API (/regions/api/ on the platform domain).

A token is ``kpr_`` and 43 URL-safe characters; only its SHA-256 is stored. It reads, as the
coordinator who made it, only on the platform domain and only the regional API: on a
municipality's host, on a page or an export, or with a municipality's ``kpt_`` token in its
place, the answer is 401 or the sign-in page, never data. What it reaches is worked out at
each call from the maker's current assignments, narrowed to the token's areas (and their
districts) when it names some.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from hub.accounts.models import CoordinatorToken
from hub.accounts.selectors import coordinated_areas
from hub.accounts.tokens import TOUCH_EVERY, digest
from hub.municipalities.models import Region

PREFIX = "kpr_"


@transaction.atomic
def token_create(*, user, name: str, areas: list[Region],
                 expires_at=None) -> tuple[CoordinatorToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller). One
    transaction: a token left without its areas would reach every area its maker coordinates."""
    mine = coordinated_areas(user=user)
    if not mine.exists():
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the token a name that says who uses it.")]
    if {area.pk for area in areas} - set(mine.values_list("pk", flat=True)):
        errors["areas"] = [_("You can only choose areas you coordinate.")]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = CoordinatorToken.objects.create(
        name=name, key_hash=digest(secret), prefix=secret[:len(PREFIX) + 8], created_by=user,
        expires_at=expires_at)
    token.areas.set(areas)
    return token, secret


def token_revoke(*, token: CoordinatorToken, user) -> None:
    """Revoked for good, by its maker only."""
    if token.created_by_id != user.pk:
        raise PermissionDenied
    CoordinatorToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def tokens_of(*, user) -> QuerySet[CoordinatorToken]:
    return CoordinatorToken.objects.filter(created_by=user).prefetch_related("areas")


def token_find(*, secret: str, municipality) -> CoordinatorToken | None:
    """The live token with this secret on the platform domain, or None: unknown, revoked,
    expired, a municipality's host, or its maker no longer active."""
    if municipality is not None or not secret.startswith(PREFIX):
        return None
    now = timezone.now()
    token = (CoordinatorToken.objects.select_related("created_by")
             .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now),
                     key_hash=digest(secret), revoked_at__isnull=True).first())
    if token is None or not token.created_by.is_active:
        return None
    if token.last_used_at is None or token.last_used_at <= now - TOUCH_EVERY:
        CoordinatorToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY),
            pk=token.pk).update(last_used_at=now)
    return token


def token_areas(token: CoordinatorToken) -> QuerySet[Region]:
    """What the token reaches now: its maker's areas, narrowed to the token's own (with the
    districts of a region it names) when it names any."""
    mine = coordinated_areas(user=token.created_by)
    named = list(token.areas.values_list("pk", flat=True))
    if not named:
        return mine
    return mine.filter(Q(pk__in=named) | Q(parent__in=named))


def request_areas(request) -> QuerySet[Region]:
    """The areas this request reaches: the token's, or the signed-in coordinator's."""
    token = getattr(request, "coordinator_token", None)
    return token_areas(token) if token is not None else coordinated_areas(user=request.user)


def area_reachable_or_404(request, code: str) -> None:
    """404 for an area outside the token's; an account that coordinates nothing at all is
    left to the view (403, the wrong role)."""
    if coordinated_areas(user=request.user).exists():
        raise Http404


# Each token its own budget, the same rate as a municipality's token (API_TOKEN_RATE).
RETRY_AFTER = 60


def call_allowed(request, token: CoordinatorToken) -> bool:
    return not is_ratelimited(
        request, group="komplan.coordinator_token", key=lambda _group, _req: str(token.pk),
        rate=settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"],
        method=is_ratelimited.ALL, increment=True)
