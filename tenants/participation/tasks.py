"""E-mail tasks of working groups; they run in the schema of the municipality that sent them."""

from django.db import transaction

from workers.bases import tenant_task


@tenant_task(name="tenants.participation.join_confirmation_mail_task")
def join_confirmation_mail_task(*, member_id: int) -> int:
    from tenants.participation import mail
    from tenants.participation.models import Member

    member = Member.objects.filter(pk=member_id, state=Member.State.UNCONFIRMED).first()
    if member is None or not member.email:
        return 0
    return mail.join_confirmation(member).send()


@tenant_task(name="tenants.participation.meeting_invitations_task")
def meeting_invitations_task(*, meeting_id: int) -> int:
    """Send each active member of the meeting's groups one invitation (or, for a cancelled
    meeting, a cancellation to those invited). Idempotent: an Invitation row per member and
    meeting version records what was sent, so a retry sends nothing twice."""
    from tenants.participation import mail, services
    from tenants.participation.models import Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    cancelled = meeting.status == Meeting.Status.CANCELLED
    if cancelled:
        members = [i.member for i in meeting.invitations.select_related("member")
                   .exclude(sequence=meeting.sequence) if i.member.email]
    elif meeting.status == Meeting.Status.PLANNED:
        members = list(services.invitees(meeting))
    else:
        return 0
    sent = 0
    for member in members:
        with transaction.atomic():
            invitation, created = Invitation.objects.select_for_update().get_or_create(
                meeting=meeting, member=member, defaults={"sequence": -1})
            if invitation.sequence == meeting.sequence:
                continue
            mail.invitation(meeting, member, cancelled=cancelled).send()
            invitation.sequence = meeting.sequence
            invitation.save()
            sent += 1
    return sent
