"""A funding round (dotačné kolo / dotační řízení) of one municipality: its criteria with weights,
the applications of catalogue services, staff scores and the allocation."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.common.models import TimeStamped

ZERO = Decimal(0)
money = {"max_digits": 14, "decimal_places": 0, "validators": [MinValueValidator(ZERO)]}
percent = {"max_digits": 5, "decimal_places": 2,
           "validators": [MinValueValidator(ZERO), MaxValueValidator(Decimal(100))]}


class Round(TimeStamped):
    """One year's money for social services, from one source, shared by criteria."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for applications")
        EVALUATING = "evaluating", _("being evaluated")
        DECIDED = "decided", _("decided")
        PUBLISHED = "published", _("published")

    title = models.CharField(_("title"), max_length=250)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)])
    # Whole crowns or euros: what is paid out is always a whole amount.
    budget = models.DecimalField(_("budget"), **money)
    source = models.CharField(_("source of the money"), max_length=250)
    applications_from = models.DateField(_("applications from"), null=True, blank=True)
    applications_until = models.DateField(_("applications until"), null=True, blank=True)
    decision_on = models.DateField(_("decision on"), null=True, blank=True)
    decision_reference = models.CharField(_("council resolution"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    min_score = models.DecimalField(_("minimum score"), default=ZERO, **percent,
                                    help_text=_("Applications with fewer points get nothing."))
    cap_percent = models.DecimalField(
        _("at most this share of costs (in %)"), default=Decimal(100), **percent,
        help_text=_("No application gets more than this share of its costs, nor more than "
                    "it asks for."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices,
                             default=State.DRAFT)
    allocated_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(applications_from__isnull=True)
                | models.Q(applications_until__isnull=True)
                | models.Q(applications_until__gte=models.F("applications_from")),
                name="funding_round_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.title} {self.year}"


class Criterion(TimeStamped):
    """One criterion of a round: scored by staff (with a reason) or computed from the data."""

    class Kind(models.TextChoices):
        SCORED = "scored", _("scored by staff")
        IN_PLAN = "in_plan", _("computed: the service carries out a plan measure")
        CAPACITY = "capacity", _("computed: capacity (largest gets full points)")
        COST_PER_UNIT = "cost_per_unit", _("computed: cost per unit of capacity (cheapest "
                                           "gets full points)")
        COFINANCING = "cofinancing", _("computed: share of other sources in the costs")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=250)
    description = models.TextField(_("what earns points"), blank=True)
    kind = models.CharField(_("how it is scored"), max_length=16, choices=Kind.choices,
                            default=Kind.SCORED)
    weight = models.DecimalField(_("weight (%)"), **percent)
    # Staff give 0 … max_points; a computed criterion gives a share of them.
    max_points = models.PositiveSmallIntegerField(
        _("points at most"), default=10, validators=[MinValueValidator(1),
                                                     MaxValueValidator(100)])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class Application(TimeStamped):
    """A catalogue service's request for money in a round, with its budget."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="applications")
    # The catalogue's service; its name and provider are kept as they were when it applied,
    # so a published result stays as decided if the catalogue changes or the service goes.
    service = models.ForeignKey("catalogue.Service", verbose_name=_("service"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    service_name = models.CharField(_("service"), max_length=250)
    provider_name = models.CharField(_("provider"), max_length=250)
    # The plan measure (opatrenie / opatření) the service carries out, if any.
    measure = models.ForeignKey("plans.Measure", verbose_name=_("plan measure"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    requested = models.DecimalField(_("amount requested"), **money)
    personnel_costs = models.DecimalField(_("personnel costs"), **money)
    operating_costs = models.DecimalField(_("operating costs"), **money)
    other_sources = models.DecimalField(_("other sources"), default=ZERO, **money,
                                        help_text=_("State, region, fees, donors …"))
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    capacity_unit = models.CharField(_("unit of capacity"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Set by the allocation; the explanation is data, worded in the reader's language.
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True,
                                blank=True)
    allocated = models.DecimalField(_("allocated"), max_digits=14, decimal_places=0, null=True,
                                    blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    override = models.DecimalField(_("amount set by hand"), max_digits=14, decimal_places=0,
                                   null=True, blank=True,
                                   validators=[MinValueValidator(ZERO)])
    override_reason = models.TextField(_("why the amount was set by hand"), blank=True)

    class Meta:
        ordering = ["service_name", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["round", "service"],
                                    name="funding_one_application_per_service"),
        ]

    def __str__(self):
        return f"{self.service_name} ({self.provider_name})"

    @property
    def costs(self) -> Decimal:
        return (self.personnel_costs or ZERO) + (self.operating_costs or ZERO)


class Score(models.Model):
    """Staff's points for one application on one scored criterion, with the reason."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(ZERO)])
    reason = models.TextField(_("reason"))
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+", db_constraint=False)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "criterion"],
                                               name="funding_one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class SelfAssessment(TimeStamped):
    """The municipality's yearly self-assessment of the quality of its planning (sebahodnotenie
    / sebehodnocení), against the criteria of tenants/funding/quality.py."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": _("There is already a self-assessment for this year.")})
    note = models.TextField(_("summary"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("self-assessment of the planning")
        verbose_name_plural = _("self-assessments of the planning")

    def __str__(self):
        return str(self.year)


class QualityAnswer(models.Model):
    """One criterion of a self-assessment: its status, a comment and the evidence."""

    class Status(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not_met", _("not met")
        NOT_APPLICABLE = "na", _("not applicable")

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE,
                                   related_name="answers")
    criterion = models.CharField(_("criterion"), max_length=8)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Komplan objects of this municipality as "kind:id" ("meeting:4", "comment:12", "plan:1",
    # "evaluation:3"), checked when saved (links.py); an object removed later shows as gone.
    evidence = models.JSONField(_("evidence"), default=list, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        verbose_name = _("answer to a criterion")
        verbose_name_plural = _("answers to criteria")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"],
                                               name="funding_one_answer_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.status}"
