"""Writes of working groups, members, meetings, registrations, attendance and minutes.

Every write validates (full_clean) inside a transaction; e-mail leaves through worker tasks
enqueued after commit. History rows never carry a member's personal data.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.regional.refresh import figures_changed
from hub.richtext import sanitize
from tenants.common import files, subscriptions
from tenants.history.models import Change
from tenants.history.services import change_record
from tenants.history.services import snapshot as _snapshot
from tenants.participation.models import (
    Attendance,
    Invitation,
    Meeting,
    MeetingFile,
    Member,
    Registration,
    WorkingGroup,
)
from workers import outbox

GROUP_FIELDS = ["name", "kind", "target_group", "description", "open_to_join", "position",
                "is_active"]
MEETING_FIELDS = ["title", "date", "starts_at", "ends_at", "place", "room", "agenda",
                  "open_to_public", "capacity"]
# Only these member fields go into history: never names, e-mails or phones.
MEMBER_HISTORY_FIELDS = ["state", "sector", "role"]
JOIN_SALT = "participation.join"
WITHDRAW_SALT = "participation.withdraw"
CANCEL_SALT = "participation.registration-cancel"
JOIN_TOKEN_DAYS = 7


def snapshot(obj, fields) -> dict:
    """History snapshot; times (which the history helper leaves as objects) become text."""
    return {k: str(v) if isinstance(v, datetime.time) else v
            for k, v in _snapshot(obj, fields).items()}


def _record(obj, *, user, fields, before=None, action=None):
    change_record(obj=obj, user=user, plan_id=None,
                  action=action or (Change.Action.UPDATED if before else Change.Action.CREATED),
                  before=before, after=snapshot(obj, fields))


# Working groups ----------------------------------------------------------------------------

@transaction.atomic
def group_save(*, user, group: WorkingGroup | None = None, name: str, kind: str,
               target_group=None, description: str = "", open_to_join: bool = True,
               position: int = 0, is_active: bool = True) -> WorkingGroup:
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk) if group else WorkingGroup()
    before = snapshot(group, GROUP_FIELDS) if group.pk else None
    group.name, group.kind, group.target_group = name.strip(), kind, target_group
    group.description = sanitize(description)
    group.open_to_join, group.position, group.is_active = open_to_join, position or 0, is_active
    group.full_clean()
    group.save()
    _record(group, user=user, fields=GROUP_FIELDS, before=before)
    return group


# Members -----------------------------------------------------------------------------------

def _member_save(member: Member) -> Member:
    # Checked here with its own words; full_clean's message for the conditional constraint
    # would list database fields. The IntegrityError below catches a concurrent insert.
    if member.email and member.state != Member.State.WITHDRAWN and Member.objects.filter(
            group=member.group, email=member.email).exclude(state=Member.State.WITHDRAWN) \
            .exclude(pk=member.pk).exists():
        raise ValidationError({"email": _("This e-mail address is already in the group.")})
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError({"email": _("This e-mail address is already in the group.")}) \
            from None
    return member


@transaction.atomic
def member_add(*, user, group: WorkingGroup, name: str, sector: str, role: str = "member",
               organisation: str = "", email: str = "", phone: str = "", note: str = "",
               consent: bool = False) -> Member:
    """Staff add a member directly (e.g. from the municipality or a provider)."""
    member = Member(group=group, state=Member.State.ACTIVE, name=name.strip(), sector=sector,
                    role=role, organisation=organisation.strip(), email=email.strip().lower(),
                    phone=phone.strip(), note=note.strip(), approved_by=user,
                    approved_at=timezone.now(), consent_at=timezone.now() if consent else None)
    if not member.name and not member.organisation:
        raise ValidationError({"name": _("Enter a name or an organisation.")})
    _member_save(member)
    _record(member, user=user, fields=MEMBER_HISTORY_FIELDS)
    figures_changed()
    return member


@transaction.atomic
def member_update(*, user, member: Member, name: str, sector: str, role: str,
                  organisation: str = "", email: str = "", phone: str = "",
                  note: str = "") -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.state == Member.State.WITHDRAWN:
        raise ValidationError(_("A withdrawn member cannot be changed."))
    before = snapshot(member, MEMBER_HISTORY_FIELDS)
    member.name, member.sector, member.role = name.strip(), sector, role
    member.organisation, member.email = organisation.strip(), email.strip().lower()
    member.phone, member.note = phone.strip(), note.strip()
    if not member.name and not member.organisation:
        raise ValidationError({"name": _("Enter a name or an organisation.")})
    _member_save(member)
    _record(member, user=user, fields=MEMBER_HISTORY_FIELDS, before=before)
    return member


def join_token(member: Member) -> str:
    return signing.dumps({"m": member.pk, "e": member.email}, salt=JOIN_SALT, compress=True)


def withdraw_token(member: Member) -> str:
    return signing.dumps({"m": member.pk, "e": member.email}, salt=WITHDRAW_SALT, compress=True)


def member_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete requests never confirmed within the link's validity: no personal data lingers.
    Called on every new request, so no scheduled job is needed."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=JOIN_TOKEN_DAYS)
    deleted, _ = Member.objects.filter(state=Member.State.UNCONFIRMED,
                                       created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def member_request_join(*, group: WorkingGroup, name: str, email: str, sector: str,
                        consent: bool, organisation: str = "", phone: str = "") -> Member:
    """Someone from the public asks to join; they confirm their e-mail, then staff approve."""
    if not consent:
        raise ValidationError({"consent": _("Please agree to the processing of your personal "
                                            "data; without it we cannot register you.")})
    if not group.is_active or not group.open_to_join:
        raise ValidationError(_("This group does not take new members through the web."))
    member_requests_expire()
    email = email.strip().lower()
    existing = Member.objects.filter(group=group, email=email).exclude(
        state=Member.State.WITHDRAWN).first()
    if existing is not None and existing.state != Member.State.UNCONFIRMED:
        raise ValidationError({"email": _("This e-mail address has already asked to join "
                                          "this group.")})
    member = existing or Member(group=group, state=Member.State.UNCONFIRMED)
    member.name, member.email, member.sector = name.strip(), email, sector
    member.organisation, member.phone = organisation.strip(), phone.strip()
    member.role, member.consent_at = Member.Role.MEMBER, timezone.now()
    _member_save(member)
    # The outbox (workers/outbox.py): a public form never fails because Redis is down.
    outbox.record(task_name="tenants.participation.join_confirmation_mail_task",
                  key=f"participation.join-mail:{member.pk}", kwargs={"member_id": member.pk},
                  again=True)
    return member


def _member_from_token(token: str, salt: str, max_age=None) -> Member:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(_("The link has expired. Please ask to join again.")) from None
    except signing.BadSignature:
        raise ValidationError(_("The link is not valid.")) from None
    member = Member.objects.select_for_update().filter(pk=data.get("m")).first()
    if member is None or not member.email or member.email != data.get("e"):
        raise ValidationError(_("The link is not valid."))
    return member


@transaction.atomic
def member_confirm(*, token: str) -> Member:
    member = _member_from_token(token, JOIN_SALT, max_age=datetime.timedelta(days=JOIN_TOKEN_DAYS))
    if member.state == Member.State.UNCONFIRMED:
        member.state, member.confirmed_at = Member.State.CONFIRMED, timezone.now()
        _member_save(member)
        _record(member, user=None, fields=MEMBER_HISTORY_FIELDS,
                before={"state": Member.State.UNCONFIRMED, "sector": member.sector,
                        "role": member.role}, action=Change.Action.STATE)
    return member


@transaction.atomic
def member_decide(*, user, member: Member, approve: bool) -> Member | None:
    """Staff approve a confirmed request (→ active) or refuse it (the request is deleted)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.state not in (Member.State.CONFIRMED, Member.State.UNCONFIRMED):
        raise ValidationError(_("Only a request to join can be approved or refused."))
    if approve:
        if member.state != Member.State.CONFIRMED:
            raise ValidationError(_("The applicant has not confirmed their e-mail address yet."))
        member.state, member.approved_at, member.approved_by = (
            Member.State.ACTIVE, timezone.now(), user)
        _member_save(member)
        _record(member, user=user, fields=MEMBER_HISTORY_FIELDS, action=Change.Action.STATE,
                before={"state": Member.State.CONFIRMED, "sector": member.sector,
                        "role": member.role})
        figures_changed()
        if member.email:
            outbox.record(task_name="tenants.participation.member_decision_mail_task",
                          key=f"participation.decision-mail:{member.pk}",
                          kwargs={"member_id": member.pk, "approved": True})
        return member
    change_record(obj=member, user=user, action=Change.Action.DELETED,
                  extra={"state": [member.state, None]})
    _scrub_history(member)
    if member.email and member.state == Member.State.CONFIRMED:
        # The row is deleted now, so the refusal carries the address and the group's name:
        # they stay in the outbox row only until it is cleaned (workers/outbox.py).
        outbox.record(task_name="tenants.participation.member_decision_mail_task",
                      key=f"participation.decision-mail:{member.pk}",
                      kwargs={"approved": False, "email": member.email, "name": member.name,
                              "group": member.group.name})
    member.delete()
    return None


def _scrub_history(member: Member) -> None:
    """History rows name the member (object_repr); erase that too."""
    Change.objects.filter(subject=Member._meta.label_lower, object_id=member.pk).update(
        object_repr=str(_("withdrawn member")))


def _forget_address(member: Member) -> None:
    """Public registrations under the member's address are their personal data too; the
    invitations only link the member to meetings."""
    if member.email:
        Registration.objects.filter(email__iexact=member.email).delete()
    member.invitations.all().delete()


def _erase(member: Member) -> None:
    _forget_address(member)
    member.name = member.organisation = member.email = member.phone = member.note = ""
    member.state, member.withdrawn_at = Member.State.WITHDRAWN, timezone.now()
    member.approved_by = None
    member.full_clean()
    member.save()


@transaction.atomic
def member_withdraw(*, member: Member, user=None) -> Member:
    """The member leaves: personal data erased, the row kept so past attendance still counts."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.state == Member.State.WITHDRAWN:
        return member
    if not member.attendance.exists():
        # Nothing to keep anonymously: remove the row altogether.
        change_record(obj=member, user=user, action=Change.Action.DELETED,
                      extra={"state": [member.state, None]})
        state = member.state
        _forget_address(member)
        _scrub_history(member)
        member.delete()
        if state == Member.State.ACTIVE:
            figures_changed()
        member.state = Member.State.WITHDRAWN
        return member
    before = snapshot(member, MEMBER_HISTORY_FIELDS)
    _erase(member)
    _record(member, user=user, fields=MEMBER_HISTORY_FIELDS, before=before,
            action=Change.Action.STATE)
    _scrub_history(member)
    figures_changed()
    return member


@transaction.atomic
def member_withdraw_by_token(*, token: str) -> Member:
    member = _member_from_token(token, WITHDRAW_SALT)
    return member_withdraw(member=member)


# Meetings ----------------------------------------------------------------------------------

def _check_groups(groups) -> None:
    if not groups:
        raise ValidationError({"groups": _("Choose at least one working group.")})


@transaction.atomic
def meeting_save(*, user, meeting: Meeting | None = None, groups, title: str,
                 date: datetime.date, starts_at: datetime.time, ends_at: datetime.time,
                 place: str, room: str = "", agenda: str = "", open_to_public: bool = True,
                 capacity: int | None = None) -> Meeting:
    _check_groups(groups)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk) if meeting else Meeting()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    before = snapshot(meeting, MEETING_FIELDS) if meeting.pk else None
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting.title, meeting.date, meeting.starts_at, meeting.ends_at = (
        title.strip(), date, starts_at, ends_at)
    meeting.place, meeting.room, meeting.agenda = place.strip(), room.strip(), sanitize(agenda)
    meeting.open_to_public, meeting.capacity = open_to_public, capacity
    if before and any(before[k] != v for k, v in snapshot(meeting, MEETING_FIELDS).items()):
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    meeting.groups.set(groups)
    _record(meeting, user=user, fields=MEETING_FIELDS, before=before)
    if before is None:
        # Subscribers of the groups hear about a new meeting once (one e-mail per address).
        subscriptions.notify(topics=[subscriptions.group_topic(g.pk) for g in groups],
                             key=f"meeting:{meeting.pk}", title=str(meeting),
                             path=reverse("participation:meeting", args=[meeting.pk]))
    return meeting


# Which states a meeting may move to from each state.
STATUS_STEPS = {Meeting.Status.PLANNED: (Meeting.Status.HELD, Meeting.Status.CANCELLED),
                Meeting.Status.HELD: (Meeting.Status.PLANNED,),
                Meeting.Status.CANCELLED: ()}


@transaction.atomic
def meeting_set_status(*, user, meeting: Meeting, status: str,
                       today: datetime.date | None = None) -> Meeting:
    """planned → held (on or after its day) or cancelled; held ↔ planned to correct a slip."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    today = today or timezone.localdate()
    if status not in STATUS_STEPS[meeting.status]:
        raise ValidationError(_("A meeting that is %(state)s cannot become %(target)s.") % {
            "state": meeting.get_status_display(), "target": Meeting.Status(status).label
            if status in Meeting.Status.values else status})
    if status == Meeting.Status.HELD and meeting.date > today:
        raise ValidationError(_("A meeting can be marked as held only on or after its day."))
    if status == Meeting.Status.PLANNED and meeting.minutes_published_at:
        raise ValidationError(_("Withdraw the published minutes first."))
    old = meeting.status
    meeting.status = status
    if status == Meeting.Status.CANCELLED:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    change_record(obj=meeting, user=user, action=Change.Action.STATE,
                  extra={"status": [old, status]})
    figures_changed()
    if status == Meeting.Status.CANCELLED:
        # Members who were invited hear about the cancellation.
        _invitations_run(meeting)
    return meeting


@transaction.atomic
def meeting_invite(*, user, meeting: Meeting) -> int:
    """Queue invitations to every active member of the meeting's groups (after commit).
    Returns how many members will get one."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Invitations can be sent only for a planned meeting."))
    count = invitees(meeting).count()
    if not count:
        raise ValidationError(_("The meeting's groups have no active members with an e-mail "
                                "address."))
    change_record(obj=meeting, user=user, action=Change.Action.UPDATED,
                  extra={"invitations": [None, count]})
    _invitations_run(meeting)
    return count


def _invitations_run(meeting: Meeting) -> None:
    """An invitation run in the outbox (workers/outbox.py), in this transaction: sent after
    commit, or when the broker is back. A run asked for while one is going sends again after
    it; the run itself skips whoever was already told this version."""
    outbox.record(task_name="tenants.participation.meeting_invitations_task",
                  key=f"participation.invitations:{meeting.pk}",
                  kwargs={"meeting_id": meeting.pk}, again=True)


def invitees(meeting: Meeting):
    """Active members of the meeting's groups, one per address: someone in two of the groups
    of a joint meeting gets one invitation."""
    return (Member.objects.filter(group__in=meeting.groups.all(), state=Member.State.ACTIVE)
            .exclude(email="").order_by("email", "pk").distinct("email"))


@dataclass
class Mailing:
    """Who is to hear about a meeting's current version, already recorded as told."""

    meeting: Meeting
    cancelled: bool
    invitations: list[Invitation]
    # The version each chosen member had been told about before (-1: nothing yet).
    told_before: dict[int, int]


@transaction.atomic
def invitations_claim(*, meeting_id: int) -> Mailing | None:
    """Choose who is told about the meeting — every active member of its groups, or for a
    cancelled meeting those told about an earlier version — and record them as told, in one
    short transaction; the caller sends the messages after it, holding no lock. A member
    recorded here is not chosen again for this version, so a retry sends nothing twice;
    a message that cannot be sent is handed back with ``invitations_release``.
    (A worker killed between this commit and the send loses those messages: at most once.)"""
    # The meeting's row lock orders concurrent claims for one meeting; it ends with this
    # transaction, before any e-mail leaves.
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        return None
    cancelled = meeting.status == Meeting.Status.CANCELLED
    if cancelled:
        members = [i.member for i in meeting.invitations.select_related("member")
                   .exclude(sequence=meeting.sequence) if i.member.email]
    elif meeting.status == Meeting.Status.PLANNED:
        members = list(invitees(meeting))
    else:
        return None
    mailing = Mailing(meeting=meeting, cancelled=cancelled, invitations=[], told_before={})
    for member in members:
        invitation, _created = Invitation.objects.get_or_create(
            meeting=meeting, member=member, defaults={"sequence": -1})
        if invitation.sequence == meeting.sequence:
            continue
        mailing.told_before[invitation.pk] = invitation.sequence
        invitation.sequence = meeting.sequence
        invitation.save(update_fields=["sequence", "sent_at"])
        mailing.invitations.append(invitation)
    return mailing


@transaction.atomic
def invitations_release(*, mailing: Mailing, invitations: list[Invitation]) -> None:
    """Messages that were claimed but not sent: the next run chooses their members again."""
    for invitation in invitations:
        claimed = Invitation.objects.filter(pk=invitation.pk, sequence=invitation.sequence)
        before = mailing.told_before[invitation.pk]
        if before < 0:
            claimed.delete()  # never told anything: a cancellation must not reach them
        else:
            claimed.update(sequence=before)


def registration_open(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    from tenants.participation.calendar import meeting_start

    now = now or timezone.now()
    return (meeting.open_to_public and meeting.status == Meeting.Status.PLANNED
            and now < meeting_start(meeting))


@transaction.atomic
def registration_submit(*, meeting: Meeting, name: str, email: str, consent: bool,
                        organisation: str = "") -> Registration:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not registration_open(meeting):
        raise ValidationError(_("Registration for this meeting is closed."))
    if not consent:
        raise ValidationError({"consent": _("Please agree to the processing of your personal "
                                            "data; without it we cannot register you.")})
    if meeting.capacity is not None and meeting.registrations.count() >= meeting.capacity:
        raise ValidationError(_("The meeting is full."))
    email = email.strip().lower()
    if meeting.registrations.filter(email=email).exists():
        raise ValidationError({"email": _("This e-mail address is already registered.")})
    registration = Registration(meeting=meeting, name=name.strip(), email=email,
                                organisation=organisation.strip(), consent_at=timezone.now())
    registration.full_clean()
    registration.save()
    outbox.record(task_name="tenants.participation.registration_confirmation_mail_task",
                  key=f"participation.registration-mail:{registration.pk}",
                  kwargs={"registration_id": registration.pk})
    return registration


def registration_cancel_token(registration: Registration) -> str:
    # Bound to the schema too: the same address may be registered under the same id elsewhere.
    return signing.dumps({"r": registration.pk, "e": registration.email,
                          "s": connection.schema_name}, salt=CANCEL_SALT, compress=True)


@transaction.atomic
def registration_cancel_by_token(*, token: str) -> Meeting:
    """The registrant cancels from the link in the confirmation: the row (all of their personal
    data for this meeting) is deleted."""
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        raise ValidationError(_("The link is not valid.")) from None
    if data.get("s") != connection.schema_name:
        raise ValidationError(_("The link is not valid."))
    registration = Registration.objects.select_for_update().select_related("meeting").filter(
        pk=data.get("r"), email=data.get("e")).first()
    if registration is None:
        raise ValidationError(_("This registration has already been cancelled."))
    meeting = registration.meeting
    registration.delete()
    return meeting


@transaction.atomic
def minutes_save(*, user, meeting: Meeting, minutes: str, public_attendees: int = 0,
                 publish: bool = False) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Minutes belong to a meeting that has been held; mark it as "
                                "held first."))
    before = snapshot(meeting, ["minutes", "public_attendees", "minutes_published_at"])
    meeting.minutes, meeting.public_attendees = sanitize(minutes), public_attendees or 0
    if publish and not meeting.minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before publishing them.")})
    meeting.minutes_published_at = (meeting.minutes_published_at or timezone.now()) if publish \
        else None
    meeting.full_clean()
    meeting.save()
    _record(meeting, user=user, fields=["minutes", "public_attendees", "minutes_published_at"],
            before=before)
    return meeting


@transaction.atomic
def meeting_file_add(*, user, meeting: Meeting, title: str, upload) -> MeetingFile:
    checked = files.check_upload(upload)
    attachment = MeetingFile(meeting=meeting, title=title.strip() or checked.original_name,
                             original_name=checked.original_name,
                             content_type=checked.content_type, size=checked.size)
    upload.name = files.stored_name(checked)
    attachment.file = upload
    attachment.full_clean(exclude=["file"])
    try:
        attachment.save()
        change_record(obj=meeting, user=user, action=Change.Action.UPDATED,
                      extra={"file": [None, attachment.title]})
    except Exception:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def meeting_file_delete(*, user, attachment: MeetingFile) -> None:
    change_record(obj=attachment.meeting, user=user, action=Change.Action.UPDATED,
                  extra={"file": [attachment.title, None]})
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


@transaction.atomic
def attendance_record(*, user, meeting: Meeting, member_ids: list[int],
                      public_attendees: int | None = None) -> int:
    """Replace the meeting's attendance with these members (of its groups)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Attendance is recorded for a meeting that has been held."))
    allowed = set(Member.objects.filter(group__in=meeting.groups.all()).exclude(
        state__in=[Member.State.UNCONFIRMED, Member.State.CONFIRMED]).values_list("pk",
                                                                                 flat=True))
    wanted = set(member_ids)
    if wanted - allowed:
        raise ValidationError(_("Only members of the meeting's groups can be recorded."))
    current = set(meeting.attendance.values_list("member_id", flat=True))
    # Withdrawn members' past attendance stays as it is.
    withdrawn = set(Member.objects.filter(pk__in=current, state=Member.State.WITHDRAWN)
                    .values_list("pk", flat=True))
    meeting.attendance.filter(member_id__in=current - wanted - withdrawn).delete()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member_id=pk)
                                    for pk in wanted - current])
    if public_attendees is not None:
        meeting.public_attendees = public_attendees
        meeting.save(update_fields=["public_attendees", "updated_at"])
    change_record(obj=meeting, user=user, action=Change.Action.UPDATED,
                  extra={"attendance": [len(current), len(wanted | (current & withdrawn))]})
    return meeting.attendance.count()
