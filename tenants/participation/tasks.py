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


@tenant_task(name="tenants.participation.member_decision_mail_task")
def member_decision_mail_task(*, approved: bool, member_id: int | None = None,
                              email: str = "", name: str = "", group: str = "") -> int:
    """Tell an applicant that staff approved (the member row) or refused (the row is gone:
    its address and group travel in the arguments) their request to join."""
    from tenants.participation import mail
    from tenants.participation.models import Member

    if approved:
        member = Member.objects.filter(pk=member_id, state=Member.State.ACTIVE).select_related(
            "group").first()
        if member is None or not member.email:
            return 0
        return mail.member_decision(email=member.email, name=member.name,
                                    group=member.group.name, approved=True).send()
    return mail.member_decision(email=email, name=name, group=group, approved=False).send()


@tenant_task(name="tenants.participation.registration_confirmation_mail_task")
def registration_confirmation_mail_task(*, registration_id: int) -> int:
    """Confirm a registration for a meeting, with the meeting as an .ics attachment and a link
    to cancel; a registration cancelled meanwhile gets nothing."""
    from tenants.participation import mail
    from tenants.participation.models import Registration

    registration = Registration.objects.filter(pk=registration_id).select_related(
        "meeting").first()
    if registration is None:
        return 0
    return mail.registration_confirmation(registration).send()
