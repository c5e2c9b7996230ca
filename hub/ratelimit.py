"""How often an anonymous visitor may send something — a comment on a draft plan, a request
to join a working group, a registration for a meeting: one policy for the pages and the API.

Each submission that reaches the service counts, accepted or refused (a refusal such as "this
address has already asked to join" must not be free to probe). Counts live in the tenant
cache, so every municipality counts on its own. The client's address is read in one place
(``client_address``) for when a trusted proxy header replaces REMOTE_ADDR.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Limit:
    submissions: int
    seconds: int
    message: str  # what the visitor reads when the limit is used up


_REQUESTS = _("You have sent several requests in a short time. Please try again in an hour.")
# Per client address and per plan / group / meeting.
LIMITS = {
    "comment": Limit(submissions=5, seconds=3600, message=_(
        "You have sent several comments in a short time. Please try again in an hour.")),
    "join": Limit(submissions=10, seconds=3600, message=_REQUESTS),
    "register": Limit(submissions=10, seconds=3600, message=_REQUESTS),
}


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _key(action: str, subject_id: int, address: str) -> str:
    # Hashed: the cache holds no visitor's address in clear.
    return f"limit:{action}:" + hashlib.sha256(f"{subject_id}:{address}".encode()).hexdigest()[:24]


def submission_allowed(request, *, action: str, subject_id: int) -> bool:
    """Count one submission of ``action`` about ``subject_id`` from this client; False when
    the client has used up its limit (then nothing is counted)."""
    limit = LIMITS[action]
    key = _key(action, subject_id, client_address(request))
    if cache.get(key, 0) >= limit.submissions:
        return False
    # add() starts the window; incr() keeps its expiry, so the window is fixed, not sliding.
    if not cache.add(key, 1, limit.seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, limit.seconds)
    return True
