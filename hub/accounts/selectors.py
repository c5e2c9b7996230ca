"""Reads about who may do what: roles in municipalities and coordinated areas."""

from django.db.models import Q, QuerySet

from hub.accounts.models import Membership, Role
from hub.municipalities.models import Municipality, Region


def membership_role(*, user, municipality: Municipality | None) -> str | None:
    """The user's role in this municipality, or None (anonymous, no membership, platform domain)."""
    if municipality is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (Membership.objects.filter(user_id=user.pk, municipality_id=municipality.pk)
            .values_list("role", flat=True).first())


def has_role(role: str | None, minimum: str) -> bool:
    return Role.rank(role) >= Role.rank(minimum)


def memberships_of(*, user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("municipality").order_by(
        "municipality__name")


def coordinated_areas(*, user) -> QuerySet[Region]:
    """The regions and districts an account coordinates, and the districts of its regions:
    the one rule for what a coordinator may open and what their account page lists."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Region.objects.none()
    return Region.objects.filter(Q(coordinators__user=user)
                                 | Q(parent__coordinators__user=user)).distinct().order_by(
        "kind", "name")


def request_role(request) -> str | None:
    """The role of the request's account in the request's municipality, looked up once.

    Memoised per account id: a DRF request may authenticate a different account (a token)
    than the session the underlying Django request carried.
    """
    user = getattr(request, "user", None)
    key = getattr(user, "pk", None)
    memo = request.__dict__.setdefault("_komplan_roles", {})
    if key not in memo:
        memo[key] = membership_role(user=user, municipality=getattr(request, "municipality", None))
    # An API token acts as its maker, but never with more than its scope allows.
    cap = getattr(getattr(request, "auth", None), "role_cap", None)
    if cap is not None and Role.rank(memo[key]) > Role.rank(cap):
        return cap
    return memo[key]
