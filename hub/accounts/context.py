"""Template context of every page: the signed-in account's role in this municipality, and the
other municipalities where it is a member (the staff header's switcher)."""

from django.db import connection

from hub.accounts.models import Membership
from hub.accounts.selectors import request_role


def role(request):
    return {"role": request_role(request), "other_places": lambda: _other_places(request)}


def _other_places(request) -> list[tuple[str, str]]:
    """(slug, name) of the account's other municipalities; read only when a page's header
    asks (a callable in the context), never for anonymous visitors or on the platform."""
    current = getattr(connection, "tenant", None)
    if not request.user.is_authenticated or getattr(current, "schema_name", "public") == "public":
        return []
    return list(Membership.objects.filter(user=request.user).exclude(municipality_id=current.pk)
                .order_by("municipality__name")
                .values_list("municipality__slug", "municipality__name")[:50])
