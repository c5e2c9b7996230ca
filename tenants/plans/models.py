"""The plan of social services and its parts: priorities, measures (opatrenia / opatření),
activities, yearly action plans and evaluations, and public comments on drafts. Target groups
are shared with the other apps (tenants.common)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.common.models import TargetGroup, TimeStamped


class Plan(TimeStamped):
    """A multi-year community plan (SK) or medium-term plan (CZ), one version of it."""

    class LegalBasis(models.TextChoices):
        SK_KPSS = "sk-kpss", _("SK — community plan of social services (448/2008 Z. z.)")
        CZ_OBEC = "cz-obec", _("CZ — medium-term plan of a municipality (108/2006 Sb.)")
        CZ_ORP = "cz-orp", _("CZ — medium-term plan of an ORP (108/2006 Sb.)")
        CZ_KRAJ = "cz-kraj", _("CZ — medium-term plan of a region (108/2006 Sb.)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        DISCUSSION = "discussion", _("in public discussion")
        APPROVED = "approved", _("approved")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("expired")
        SUPERSEDED = "superseded", _("superseded")

    legal_basis = models.CharField(_("legal basis"), max_length=10, choices=LegalBasis.choices)
    title = models.CharField(_("title"), max_length=250)
    year_from = models.PositiveSmallIntegerField(
        _("from year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    year_to = models.PositiveSmallIntegerField(
        _("to year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    vision = models.TextField(_("vision"), blank=True)
    status = models.CharField(_("state"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    discussion_from = models.DateField(_("public discussion from"), null=True, blank=True)
    discussion_to = models.DateField(_("public discussion until"), null=True, blank=True)
    # Ended before discussion_to by a recorded step (the day, and why); comments stop then.
    discussion_closed_on = models.DateField(_("public discussion closed early on"), null=True,
                                            blank=True)
    discussion_close_reason = models.TextField(_("why the discussion was closed early"),
                                               blank=True)
    resolution_number = models.CharField(_("council resolution number"), max_length=60,
                                         blank=True)
    resolution_date = models.DateField(_("council resolution date"), null=True, blank=True)
    # Set at approval: the day the plan takes (took) effect, never before its period starts.
    in_force_from = models.DateField(_("in force from"), null=True, blank=True)
    # The last day in force when that is not 31 December of year_to: ended early, or the day
    # before its successor takes effect (set when the successor is approved, so it is known
    # ahead).
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", verbose_name=_("superseded by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    # Amendments (dodatok / dodatek) are new versions; the amended one stays as it was.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    amends = models.ForeignKey("self", verbose_name=_("amends"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="amendments")
    amendment_label = models.CharField(_("amendment"), max_length=120, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-year_from", "-version"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(condition=models.Q(year_to__gte=models.F("year_from")),
                                   name="plan_period_in_order"),
            models.UniqueConstraint(fields=["legal_basis"], condition=models.Q(status="in_force"),
                                    name="one_plan_in_force_per_basis"),
        ]

    def __str__(self):
        label = f"{self.title} {self.year_from}–{self.year_to}"
        return f"{label} ({self.amendment_label})" if self.amendment_label else label

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year_from, 1, 1)

    @property
    def valid_until(self) -> datetime.date:
        """The last day the plan is (or was, or will be) in force."""
        return self.ended_on or datetime.date(self.year_to, 12, 31)

    def state_on(self, day: datetime.date) -> str:
        """The state on ``day``, from the dates: an approved or in-force plan whose last day
        has passed is expired (or superseded), whatever the stored state still says, and an
        approved plan whose day has come is in force. The nightly task
        (tasks.plans_advance_task) brings the stored state in line."""
        if self.status not in (self.Status.APPROVED, self.Status.IN_FORCE):
            return self.status
        if day > self.valid_until:
            return self.Status.SUPERSEDED if self.superseded_by_id else self.Status.EXPIRED
        if self.in_force_from is not None and self.in_force_from <= day:
            return self.Status.IN_FORCE
        if self.status == self.Status.IN_FORCE and self.in_force_from is None:
            return self.Status.IN_FORCE
        return self.Status.APPROVED

    @property
    def state_now(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_now_display(self) -> str:
        return str(self.Status(self.state_now).label)

    @property
    def takes_effect_later(self) -> bool:
        """Approved, with the day it takes effect still ahead."""
        return self.state_now == self.Status.APPROVED and self.in_force_from is not None


class PlanSection(TimeStamped):
    """A chapter of the plan's analytic part, in sanitised rich text."""

    class Kind(models.TextChoices):
        DEMOGRAPHY = "demography", _("Demography and social situation")
        SERVICES = "services", _("Existing social services")
        NEEDS = "needs", _("Needs and surveys")
        RESOURCES = "resources", _("Resources")
        SWOT = "swot", _("SWOT analysis")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_section_of_a_kind")]

    def __str__(self):
        return self.get_kind_display()


weight_field = {"max_digits": 6, "decimal_places": 2, "default": Decimal("1"),
                    "validators": [MinValueValidator(Decimal("0"))]}


class Priority(TimeStamped):
    """A priority (priorita) of the plan's strategic part."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"),
                                           blank=True, related_name="priorities")
    weight = models.DecimalField(_("weight"), **weight_field)

    class Meta:
        ordering = ["number"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="priority_number_unique_in_plan")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Measure(TimeStamped):
    """A measure (opatrenie / opatření) under a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    partners = models.TextField(_("partners"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"),
                                           blank=True, related_name="measures")
    # A label until the catalogue's taxonomy exists (then a relation to its terms).
    service_types = models.CharField(_("service types"), max_length=500, blank=True)
    weight = models.DecimalField(_("weight"), **weight_field)

    class Meta:
        ordering = ["priority__number", "number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [models.UniqueConstraint(fields=["priority", "number"],
                                               name="measure_number_unique_in_priority")]

    def __str__(self):
        return f"{self.priority.number}.{self.number} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.priority.number}.{self.number}"


class BudgetLine(TimeStamped):
    """Planned money for a measure in one year from one source (city, region, state, EU …)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=150)
    amount = models.DecimalField(_("amount (€/Kč)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class Indicator(TimeStamped):
    """How a measure's result is measured: unit, starting value and a target per year."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True,
                                   blank=True)
    # {"2024": "12", "2025": "15"} — a target per year of the plan's period.
    targets = models.JSONField(_("targets per year"), default=dict, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.name} ({self.unit})"


class Activity(TimeStamped):
    """An activity (aktivita) that carries out a measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    weight = models.DecimalField(_("weight"), **weight_field)

    class Meta:
        ordering = ["measure__priority__number", "measure__number", "number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [models.UniqueConstraint(fields=["measure", "number"],
                                               name="activity_number_unique_in_measure")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def code(self) -> str:
        return f"{self.measure.priority.number}.{self.measure.number}.{self.number}"


class ActionPlan(TimeStamped):
    """The yearly action plan (akčný plán / akční plán), the plan's implementation part:
    in preparation → approved (by a body, under a resolution or record number, on a day) →
    closed once its year is over or evaluated. "In progress" is an approved plan in its year."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("in preparation")
        APPROVED = "approved", _("approved")
        IN_PROGRESS = "in_progress", _("in progress")  # shown only: approved, in its year
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("state"), max_length=12, choices=Status.choices,
                              default=Status.PREPARATION)
    note = models.TextField(_("note"), blank=True)
    approved_body = models.CharField(_("approved by (body)"), max_length=150, blank=True,
                                     help_text=_("e.g. the municipal council or the mayor"))
    approval_reference = models.CharField(_("resolution or record number"), max_length=60,
                                          blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", db_constraint=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", db_constraint=False)

    class Meta:
        ordering = ["year"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [models.UniqueConstraint(fields=["plan", "year"],
                                               name="one_action_plan_a_year")]

    def __str__(self):
        return f"{self.year}"

    def state_on(self, day: datetime.date) -> str:
        if self.status == self.Status.APPROVED and day.year == self.year:
            return self.Status.IN_PROGRESS
        return self.status

    @property
    def state_now(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_now_display(self) -> str:
        return str(self.Status(self.state_now).label)

    @property
    def counts_as_present(self) -> bool:
        """Only an approved (or closed) action plan is one; a draft is not."""
        return self.status in (self.Status.APPROVED, self.Status.CLOSED)


class ActionItem(TimeStamped):
    """An activity planned in an action plan's year."""

    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="action_items")
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True,
                                 blank=True, validators=[MinValueValidator(Decimal("0"))])
    done = models.BooleanField(_("done"), default=False)
    carried_over_from = models.ForeignKey("self", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["activity__measure__priority__number", "activity__measure__number",
                    "activity__number"]
        constraints = [models.UniqueConstraint(fields=["action_plan", "activity"],
                                               name="activity_once_per_action_plan")]


class Evaluation(TimeStamped):
    """The evaluation (vyhodnotenie / vyhodnocení) of one year of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["plan", "year"],
                                               name="one_evaluation_a_year")]

    def __str__(self):
        return f"{self.year}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Status(models.TextChoices):
    """How far a measure or activity got in the evaluated year."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    FULFILLED = "fulfilled", _("fulfilled")
    PARTIAL = "partial", _("partially fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    CANCELLED = "cancelled", _("cancelled / moved")
    NOT_APPLICABLE = "n_a", _("not applicable")


class EvaluationEntry(TimeStamped):
    """The evaluated state of one measure or one activity in one year."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="entries")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="evaluation_entries")
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="evaluation_entries")
    status = models.CharField(_("state"), max_length=14, choices=Status.choices,
                              default=Status.NOT_STARTED)
    # Explicit % when the status alone does not say it (in progress, partially fulfilled).
    progress = models.PositiveSmallIntegerField(
        _("progress %"), null=True, blank=True, validators=[MaxValueValidator(100)])
    spending = models.DecimalField(_("actual spending"), max_digits=14, decimal_places=2,
                                   null=True, blank=True,
                                   validators=[MinValueValidator(Decimal("0"))])
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.TextField(_("evidence links"), blank=True,
                                help_text=_("One link per line."))

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="entry_is_for_measure_xor_activity",
                condition=(models.Q(measure__isnull=False, activity__isnull=True)
                           | models.Q(measure__isnull=True, activity__isnull=False))),
            models.UniqueConstraint(fields=["evaluation", "measure"], name="measure_once_a_year",
                                    condition=models.Q(measure__isnull=False)),
            models.UniqueConstraint(fields=["evaluation", "activity"],
                                    name="activity_once_a_year",
                                    condition=models.Q(activity__isnull=False)),
        ]


class IndicatorValue(TimeStamped):
    """The actual value of an indicator in the evaluated year."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE,
                                   related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "indicator"],
                                               name="indicator_value_once_a_year")]


class Comment(TimeStamped):
    """A resident's comment on a draft in public discussion; published once answered."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    # What the comment is about: one priority or one measure of the plan, or (neither) the
    # whole plan.
    priority = models.ForeignKey(Priority, verbose_name=_("priority"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="comments")
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(_("name (optional)"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail (optional)"), blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    consent_at = models.DateTimeField()
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    db_constraint=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(priority__isnull=True) | models.Q(measure__isnull=True),
                name="comment_is_about_a_priority_or_a_measure_not_both"),
        ]
