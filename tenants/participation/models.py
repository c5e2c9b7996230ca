"""Working groups (pracovné skupiny / pracovní skupiny), their members, meetings with
registrations, invitations, attendance and minutes.

Personal data of members and registrants is visible to staff only; a member who withdraws
keeps a row (so past attendance still counts) with every personal field erased.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkingGroup(TimeStamped):
    """A working group for one target group, or the steering group (riadiaca / řídící)."""

    class Kind(models.TextChoices):
        TARGET = "target", _("working group for a target group")
        STEERING = "steering", _("steering group")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TARGET)
    target_group = models.ForeignKey("common.TargetGroup", verbose_name=_("target group"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="working_groups")
    description = models.TextField(_("description"), blank=True)
    open_to_join = models.BooleanField(_("the public may ask to join"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name


class Member(TimeStamped):
    """A person in a working group. Requests from the public go unconfirmed → confirmed (the
    e-mail link was followed) → active (staff approved); withdrawal erases personal data."""

    class Sector(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        PROVIDER = "provider", _("service provider")
        USER = "user", _("service user")
        PUBLIC = "public", _("public")
        OTHER = "other", _("other")

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")

    class State(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("e-mail not confirmed")
        CONFIRMED = "confirmed", _("waiting for approval")
        ACTIVE = "active", _("member")
        WITHDRAWN = "withdrawn", _("withdrawn")

    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="members")
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.ACTIVE)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    # Personal data: erased on withdrawal.
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    consent_at = models.DateTimeField(_("consent to processing given"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    db_constraint=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["group", "-role", "name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"], name="one_membership_per_email_in_group",
                condition=~models.Q(email="") & ~models.Q(state="withdrawn")),
            models.CheckConstraint(
                condition=~models.Q(state="withdrawn") | (
                    models.Q(name="", organisation="", email="", phone="", note="")),
                name="withdrawn_member_has_no_personal_data"),
        ]

    def __str__(self):
        if self.state == self.State.WITHDRAWN:
            return str(_("withdrawn member"))
        return self.name or self.organisation or self.email


class Meeting(TimeStamped):
    """A meeting (stretnutie / setkání) of one or more groups; times are local to the
    municipality (Europe/Bratislava or Europe/Prague)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    groups = models.ManyToManyField(WorkingGroup, verbose_name=_("working groups"),
                                    related_name="meetings")
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=250)
    room = models.CharField(_("room"), max_length=120, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    open_to_public = models.BooleanField(
        _("open to the public"), default=True,
        help_text=_("Anyone may register on the public page until the meeting starts."))
    capacity = models.PositiveIntegerField(_("places for the public"), null=True, blank=True,
                                           validators=[MinValueValidator(1)])
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    public_attendees = models.PositiveIntegerField(_("other attendees"), default=0)
    # Bumped on every change that matters to a calendar (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d. %m. %Y})"


class MeetingFile(TimeStamped):
    """A file attached to a meeting's minutes or its working materials; served by a view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="meetings/%Y/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.title


class Registration(TimeStamped):
    """Someone from the public registered for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "email"],
                                               name="one_registration_per_email")]

    def __str__(self):
        # No name or address: this text may reach logs.
        return f"registration {self.pk} for meeting {self.meeting_id}"


class Invitation(models.Model):
    """An invitation e-mail sent to one member for one meeting (so a retry sends no twice)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="invitations")
    # The meeting's sequence this member was last told about (-1: nothing sent yet).
    sequence = models.IntegerField(default=-1)
    sent_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="one_invitation_per_member")]

    def __str__(self):
        return f"invitation of member {self.member_id} to meeting {self.meeting_id}"


class Attendance(models.Model):
    """A member was present at a meeting; stays (anonymous) after the member withdraws."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="attended_once")]

    def __str__(self):
        return f"member {self.member_id} at meeting {self.meeting_id}"
