"""Personal data working groups hold about an e-mail address: members and meeting
registrations (GDPR export, erasure and the retention purge; contract in hub/plugins.py, run
by tenants/portal/privacy.py).

Erasing a member is the member's own withdrawal (services.member_withdraw): the row stays
without any personal field when past attendance counts on it, history rows lose the name.
"""

import datetime

from tenants.participation import services
from tenants.participation.models import Member, Registration


def export(email: str) -> list[dict]:
    email = email.strip()
    members = [{"kind": "member", "group": m.group.name, "state": m.state, "sector": m.sector,
                "role": m.role, "name": m.name, "organisation": m.organisation,
                "email": m.email, "phone": m.phone, "note": m.note,
                "consent_at": m.consent_at.isoformat() if m.consent_at else None,
                "created_at": m.created_at.isoformat()}
               for m in Member.objects.filter(email__iexact=email).select_related("group")
               .order_by("created_at")]
    registrations = [{"kind": "registration", "meeting": r.meeting.title,
                      "date": r.meeting.date.isoformat(), "name": r.name, "email": r.email,
                      "organisation": r.organisation, "consent_at": r.consent_at.isoformat(),
                      "created_at": r.created_at.isoformat()}
                     for r in Registration.objects.filter(email__iexact=email)
                     .select_related("meeting").order_by("created_at")]
    return members + registrations


def erase(email: str) -> int:
    email = email.strip()
    erased = 0
    for member in Member.objects.filter(email__iexact=email).exclude(
            state=Member.State.WITHDRAWN):
        services.member_withdraw(member=member)
        erased += 1
    deleted, _kinds = Registration.objects.filter(email__iexact=email).delete()
    return erased + deleted


def purge(*, today: datetime.date, retention_days: int) -> int:
    """Registrations are for planning one meeting: deleted ``retention_days`` after it.
    Requests to join never confirmed go when their link expires."""
    cutoff = today - datetime.timedelta(days=retention_days)
    deleted, _kinds = Registration.objects.filter(meeting__date__lt=cutoff).delete()
    return deleted + services.member_requests_expire()
