"""API tokens of a municipality: made and revoked by its admins, checked on every API call.

A token is ``kpt_`` and 43 URL-safe characters (32 random bytes); only its SHA-256 is stored,
so a leaked database gives no working token, and the ``kpt_`` prefix lets secret scanners
recognise one pasted where it should not be.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import plugins
from hub.accounts.models import ApiToken, Role
from hub.accounts.selectors import has_role, membership_role

PREFIX = "kpt_"
# Writing last use on every call would turn each read into a write; a minute is precise
# enough to tell a token in use from a forgotten one.
TOUCH_EVERY = timedelta(minutes=1)
# The API's own description is public and names what a token may reach: never restricted.
ALWAYS_READABLE = frozenset({"schema", "docs"})


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def resource_names() -> list[str]:
    """What a token may be limited to: each segment after /api/ the tenant apps register."""
    names = [prefix for _config, routes in plugins.offered("api_routes") for prefix, *_ in routes]
    names += [str(pattern.pattern).strip("/") for _config, patterns in plugins.offered("api_urls")
              for pattern in patterns]
    return sorted(set(names))


def token_create(*, municipality, user, name: str, scope: str, resources: list[str],
                 expires_at=None) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller)."""
    if not has_role(membership_role(user=user, municipality=municipality), Role.ADMIN):
        raise PermissionDenied
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the token a name that says who uses it.")]
    if scope not in ApiToken.Scope.values:
        errors["scope"] = [_("Choose read or read and write.")]
    unknown = sorted(set(resources) - set(resource_names()))
    if unknown:
        errors["resources"] = [_("Unknown resources: %(names)s.") % {"names": ", ".join(unknown)}]
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry must be in the future.")]
    if errors:
        raise ValidationError(errors)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        municipality=municipality, name=name, scope=scope, resources=sorted(set(resources)),
        key_hash=digest(secret), prefix=secret[:len(PREFIX) + 8], created_by=user,
        expires_at=expires_at)
    return token, secret


def token_revoke(*, token: ApiToken, user) -> None:
    """Revoked for good (kept, with its dates, so the list shows what existed)."""
    if not has_role(membership_role(user=user, municipality=token.municipality), Role.ADMIN):
        raise PermissionDenied
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_find(*, secret: str, municipality) -> ApiToken | None:
    """The live token with this secret on this municipality's host, or None: unknown, revoked,
    expired, another municipality's, the platform domain, or its maker no longer active."""
    if municipality is None or not secret.startswith(PREFIX):
        return None
    now = timezone.now()
    token = (ApiToken.objects.select_related("created_by", "municipality")
             .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), key_hash=digest(secret),
                     municipality_id=municipality.pk, revoked_at__isnull=True).first())
    if token is None or not token.created_by.is_active:
        return None
    _touch(token, now)
    return token


def _touch(token: ApiToken, now) -> None:
    if token.last_used_at is not None and token.last_used_at > now - TOUCH_EVERY:
        return
    # Conditional, so concurrent calls in the same minute write once between them.
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY),
                            pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def resource_of(path: str) -> str:
    """``/api/plans/3/`` → ``plans``."""
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] == "api" else parts[0]


def token_reaches(token: ApiToken, *, path: str, safe: bool) -> bool:
    """Whether this call is within the token's scope and resources."""
    if not safe and token.scope != ApiToken.Scope.WRITE:
        return False
    resource = resource_of(path)
    return not token.resources or resource in token.resources or (
        safe and resource in ALWAYS_READABLE)
