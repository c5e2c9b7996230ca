"""Who is invited is chosen and recorded by a service in a short transaction; the e-mails
leave afterwards under no lock, and neither a retry nor a failed send makes anyone hear
twice. (The real worker process sends them in test_invitations_worker.py.)"""

import smtplib

import psycopg
import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.participation import services
from tenants.participation.models import Invitation, Meeting, Member, WorkingGroup
from tenants.participation.tasks import meeting_invitations_task
from tests.conftest import account
from tests.tenants.participation.builders import group_with_members, meeting

MEMBERS = (("Jana", "jana@example.org"), ("Peter", "peter@example.org"),
           ("Eva", "eva@example.org"))


class Outbox(BaseEmailBackend):
    """Stands in for the SMTP server: records what it accepts; refuses message number
    ``refuse_at`` (1-based) once when set; runs ``while_sending`` before accepting."""

    accepted: list = []
    refuse_at: int | None = None
    while_sending = None

    def send_messages(self, messages):
        for message in messages:
            if Outbox.while_sending:
                Outbox.while_sending()
            if Outbox.refuse_at == len(Outbox.accepted) + 1:
                Outbox.refuse_at = None
                raise smtplib.SMTPServerDisconnected("connection lost")
            Outbox.accepted.append(message.to[0])
        return len(messages)


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Outbox"
    Outbox.accepted, Outbox.refuse_at, Outbox.while_sending = [], None, None
    yield Outbox
    Outbox.while_sending = None


def _told(meeting_id):
    return sorted((i.member.email, i.sequence) for i in
                  Invitation.objects.filter(meeting_id=meeting_id).select_related("member"))


@pytest.mark.django_db
def test_claim_records_the_recipients_and_a_second_claim_chooses_nobody(alfa):
    with tenant_context(alfa):
        group, _ = group_with_members(members=MEMBERS)
        planned = meeting([group])
        mailing = services.invitations_claim(meeting_id=planned.pk)
        assert sorted(i.member.email for i in mailing.invitations) == [
            "eva@example.org", "jana@example.org", "peter@example.org"]
        assert not mailing.cancelled
        assert _told(planned.pk) == [("eva@example.org", 0), ("jana@example.org", 0),
                                     ("peter@example.org", 0)]
        assert services.invitations_claim(meeting_id=planned.pk).invitations == []
        assert services.invitations_claim(meeting_id=planned.pk + 1000) is None


@pytest.mark.django_db
def test_a_refused_message_is_sent_on_the_retry_and_nobody_hears_twice(alfa, outbox):
    with tenant_context(alfa):
        group, _ = group_with_members(members=MEMBERS)
        planned = meeting([group])
        outbox.refuse_at = 2
        with pytest.raises(smtplib.SMTPServerDisconnected):
            meeting_invitations_task(meeting_id=planned.pk)
        assert len(outbox.accepted) == 1
        # Only the member whose message left is recorded; the others are chosen again.
        assert _told(planned.pk) == [(outbox.accepted[0], 0)]
        assert meeting_invitations_task(meeting_id=planned.pk) == 2
        assert sorted(outbox.accepted) == ["eva@example.org", "jana@example.org",
                                           "peter@example.org"]
        assert meeting_invitations_task(meeting_id=planned.pk) == 0
        assert len(outbox.accepted) == 3


@pytest.mark.django_db
def test_a_cancellation_never_reaches_whom_no_invitation_reached(alfa, outbox):
    with tenant_context(alfa):
        group, _ = group_with_members(members=MEMBERS)
        planned = meeting([group])
        outbox.refuse_at = 2
        with pytest.raises(smtplib.SMTPServerDisconnected):
            meeting_invitations_task(meeting_id=planned.pk)
        invited = list(outbox.accepted)
        services.meeting_set_status(user=account("alfa.editor@test.sk"), meeting=planned,
                                    status=Meeting.Status.CANCELLED)
        assert meeting_invitations_task(meeting_id=planned.pk) == 1
        assert outbox.accepted == invited + invited


def _held(schema: str, table: str, row_id: int) -> bool:
    """Whether another session cannot take the row: locked (FOR UPDATE NOWAIT fails) or not
    committed yet (it does not see it)."""
    db = settings.DATABASES["default"]
    with psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"] or None,
                         port=db["PORT"] or None, password=db["PASSWORD"] or None,
                         autocommit=True) as other:
        try:
            found = other.execute(f'SELECT 1 FROM "{schema}".{table} WHERE id = %s '  # noqa: S608
                                  "FOR UPDATE NOWAIT", [row_id]).fetchone()
        except psycopg.errors.LockNotAvailable:
            return True
    return found is None


def test_no_transaction_or_lock_is_held_while_the_mail_leaves(live_db, outbox):
    """Committed data, so that a second session sees what the task holds."""
    from hub.municipalities.models import Municipality

    alfa = Municipality.objects.get(slug="alfa")
    seen = []
    try:
        with tenant_context(alfa):
            group, _ = group_with_members(members=MEMBERS)
            planned = meeting([group])
            outbox.while_sending = lambda: seen.append(
                [connection.in_atomic_block,
                 _held(alfa.schema_name, "participation_meeting", planned.pk)]
                + [_held(alfa.schema_name, "participation_invitation", i.pk)
                   for i in Invitation.objects.filter(meeting=planned)])
            assert meeting_invitations_task(meeting_id=planned.pk) == 3
        # For each message: no open transaction, the meeting and all three invitations free.
        assert seen == [[False, False, False, False, False]] * 3
    finally:
        with tenant_context(alfa):
            Meeting.objects.all().delete()
            Member.objects.all().delete()
            WorkingGroup.objects.all().delete()
