"""How often an anonymous visitor may send something — a comment on a draft plan, a request
to join a working group, a registration for a meeting, an answer to a needs survey, a
provider's funding application behind its link: one policy for the pages and the API.

Counted by django-ratelimit in the tenant cache (so every municipality counts on its own),
per client address (``hub.client_ip``, the one trusted-proxy rule) and plan / group /
meeting / provider. Each submission that reaches the service counts, accepted or refused (a refusal such
as "this address has already asked to join" must not be free to probe).

**When Redis is down the submission is let through** (``RATELIMIT_FAIL_OPEN``): these are
the public's own channels into a plan, each submission still passes the service's checks
(consent, the discussion period, one request per e-mail address, the honeypot field) and
lands in moderation or a staff queue, never on a public page. Refusing every resident while
a cache is down would cost more than a short burst of spam could.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from hub.client_ip import client_ip


@dataclass(frozen=True)
class Limit:
    submissions: int
    seconds: int
    message: str  # what the visitor reads when the limit is used up

    @property
    def rate(self) -> str:
        return f"{self.submissions}/{self.seconds}s"


_REQUESTS = _("You have sent several requests in a short time. Please try again in an hour.")
# Per client address and per plan / group / meeting.
LIMITS = {
    "comment": Limit(submissions=5, seconds=3600, message=_(
        "You have sent several comments in a short time. Please try again in an hour.")),
    "join": Limit(submissions=10, seconds=3600, message=_REQUESTS),
    "register": Limit(submissions=10, seconds=3600, message=_REQUESTS),
    # Each request may send an e-mail to the address typed in: few, so the form sends no spam.
    "privacy": Limit(submissions=5, seconds=3600, message=_REQUESTS),
    "subscribe": Limit(submissions=5, seconds=3600, message=_REQUESTS),
    # A provider behind its funding link (per provider): enough for a few services' forms
    # and their corrections, not for a script hammering a leaked link.
    "apply": Limit(submissions=30, seconds=3600, message=_REQUESTS),
    # Answers to a needs survey (per survey): a household or an office behind one address
    # may answer several times, a script may not.
    "survey": Limit(submissions=20, seconds=3600, message=_REQUESTS),
}


def submission_allowed(request, *, action: str, subject_id: int) -> bool:
    """Count one submission of ``action`` about ``subject_id`` from this client; False when
    the client has used up its limit."""
    limit = LIMITS[action]
    # django-ratelimit hashes the key: the cache holds no visitor's address in clear.
    return not is_ratelimited(
        request, group=f"komplan.submission.{action}",
        key=lambda _group, req: f"{subject_id}:{client_ip(req)}",
        rate=limit.rate, method=is_ratelimited.ALL, increment=True)
