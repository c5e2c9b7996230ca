"""Reads of working groups and meetings; ids from users are resolved here."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tenants.participation.models import Meeting, MeetingFile, Member, WorkingGroup


def groups_public() -> QuerySet[WorkingGroup]:
    # Meta.ordering does not apply to aggregated queries: order explicitly.
    return WorkingGroup.objects.filter(is_active=True).annotate(
        member_count=Count("members", filter=Q(members__state=Member.State.ACTIVE))
    ).order_by("position", "name")


def groups_for_staff() -> QuerySet[WorkingGroup]:
    return WorkingGroup.objects.select_related("target_group").annotate(
        member_count=Count("members", filter=Q(members__state=Member.State.ACTIVE)),
        request_count=Count("members", filter=Q(members__state=Member.State.CONFIRMED))
    ).order_by("position", "name")


def group_public_get(group_id: int) -> WorkingGroup:
    return get_object_or_404(groups_public(), pk=group_id)


def sectors_of(group: WorkingGroup) -> list[tuple[str, int]]:
    """How many active members each sector has (what the public sees instead of names)."""
    counts = dict(group.members.filter(state=Member.State.ACTIVE).values_list("sector")
                  .annotate(n=Count("pk")).values_list("sector", "n"))
    return [(label, counts[code]) for code, label in Member.Sector.choices if counts.get(code)]


def members_of(group: WorkingGroup) -> QuerySet[Member]:
    return group.members.exclude(state=Member.State.WITHDRAWN).order_by("-role", "name")


def requests_pending() -> QuerySet[Member]:
    return Member.objects.filter(state__in=[Member.State.CONFIRMED, Member.State.UNCONFIRMED]
                                 ).select_related("group").order_by("state", "created_at")


def _with_groups(meetings):
    return meetings.prefetch_related(Prefetch("groups", queryset=WorkingGroup.objects.all()))


def meetings_upcoming(group: WorkingGroup | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(date__gte=timezone.localdate()).exclude(
        status=Meeting.Status.HELD)
    if group is not None:
        meetings = meetings.filter(groups=group)
    return _with_groups(meetings).order_by("date", "starts_at")


def meetings_past(group: WorkingGroup | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(Q(date__lt=timezone.localdate())
                                      | Q(status=Meeting.Status.HELD))
    if group is not None:
        meetings = meetings.filter(groups=group)
    return _with_groups(meetings).order_by("-date", "-starts_at")


def meetings_for_feed(group: WorkingGroup | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.all()
    if group is not None:
        meetings = meetings.filter(groups=group)
    return _with_groups(meetings).order_by("date", "starts_at")


def meeting_get(meeting_id: int) -> Meeting:
    return get_object_or_404(_with_groups(Meeting.objects.all()), pk=meeting_id)


def meeting_file_public_get(meeting: Meeting, file_id: int) -> MeetingFile:
    """Files of a meeting are public once its minutes are published."""
    return get_object_or_404(meeting.files.filter(meeting__minutes_published_at__isnull=False),
                             pk=file_id)


def member_get(member_id: int) -> Member:
    return get_object_or_404(Member.objects.exclude(state=Member.State.WITHDRAWN)
                             .select_related("group"), pk=member_id)
