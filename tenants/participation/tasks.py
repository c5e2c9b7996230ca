"""E-mail tasks of working groups; they run in the schema of the municipality that sent them."""

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
    meeting, a cancellation to those invited). The recipients are chosen and recorded by
    the service in a short transaction, and the e-mails leave after it, under no lock; a
    retry sends nothing twice."""
    from tenants.participation import mail, services

    mailing = services.invitations_claim(meeting_id=meeting_id)
    if mailing is None:
        return 0
    for sent, invitation in enumerate(mailing.invitations):
        try:
            mail.invitation(mailing.meeting, invitation.member,
                            cancelled=mailing.cancelled).send()
        except Exception:
            services.invitations_release(mailing=mailing, invitations=mailing.invitations[sent:])
            raise
    return len(mailing.invitations)
