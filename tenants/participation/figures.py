"""Figures of participation for the regional read model (issue 8 reads them in a worker,
inside the municipality's schema)."""

import datetime

from tenants.participation.models import Meeting, Member


def municipality_figures(today: datetime.date) -> dict:
    """Meetings held in the 365 days up to ``today`` and active (non-withdrawn) members."""
    return {
        "meetings_held_12m": Meeting.objects.filter(
            status=Meeting.Status.HELD, date__gt=today - datetime.timedelta(days=365),
            date__lte=today).count(),
        "group_members": Member.objects.filter(state=Member.State.ACTIVE).count(),
    }
