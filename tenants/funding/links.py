"""The per-provider application link staff send: signed, expiring, bound to one municipality,
one round and one provider. No account needed; no row to keep (the signature is the proof),
so a link cannot be withdrawn early — it stops working when it expires or the round closes."""

import datetime

from django.core import signing
from django.db import connection
from django.http import Http404

from tenants.funding.models import Round

SALT = "tenants.funding.provider-link"
LINK_DAYS = 30


def _max_age() -> int:
    return LINK_DAYS * 24 * 3600


def provider_link_token(*, round_: Round, provider_id: int) -> str:
    # The schema is signed in: a link of one municipality means nothing on another's host.
    return signing.dumps({"m": connection.schema_name, "r": round_.pk, "p": provider_id},
                         salt=SALT, compress=True)


def provider_link_expires(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=LINK_DAYS)


def provider_link_read(token: str) -> tuple[Round, int]:
    """(the round, the provider id) a valid link names; 404 for a forged, expired or foreign
    link, or a round that does not take applications now."""
    try:
        data = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.BadSignature:  # SignatureExpired is one of them
        raise Http404 from None
    if not isinstance(data, dict) or data.get("m") != connection.schema_name:
        raise Http404
    round_ = Round.objects.filter(pk=data.get("r"), state=Round.State.OPEN).first()
    if round_ is None or not isinstance(data.get("p"), int):
        raise Http404
    return round_, data["p"]
