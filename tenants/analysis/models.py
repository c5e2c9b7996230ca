"""Data of the needs analysis: population counts by area, year, sex and age band; the target
population and the norm the network analysis uses per service type; whether it is public; the
needs surveys with their questions and anonymous answers."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hub import taxonomy
from hub.municipalities.models import stat_code_validator
from tenants.common.models import TimeStamped


class Sex(models.TextChoices):
    TOTAL = "t", _("both sexes")
    MALE = "m", _("men")
    FEMALE = "f", _("women")


class PopulationCount(TimeStamped):
    """How many people of one sex and age band lived in an area (obec, ORP, okres) at the end
    of a year. ``age_from`` empty is all ages; ``age_to`` empty is "and older". Bands may be
    finer than the four the analysis uses (0–14, 15–64, 65–79, 80+); it sums them."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        CZSO = "czso", _("Czech statistical office file")
        TEMPLATE = "template", _("template file")
        DEMO = "demo", _("demo figures")

    area_code = models.CharField(_("statistical code"), max_length=12,
                                 validators=[stat_code_validator])
    area_name = models.CharField(_("area"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900)])
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.TOTAL)
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True)
    count = models.PositiveIntegerField(_("people"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["area_code", "year", "sex", "age_from"]
        verbose_name = _("population count")
        verbose_name_plural = _("population counts")
        constraints = [
            models.UniqueConstraint(fields=["area_code", "year", "sex", "age_from", "age_to"],
                                    nulls_distinct=False, name="one_count_per_band"),
            models.CheckConstraint(
                condition=models.Q(age_to__isnull=True) | models.Q(age_from__isnull=False)
                & models.Q(age_to__gte=models.F("age_from")),
                name="age_band_in_order"),
        ]

    def __str__(self):
        return f"{self.area_code} {self.year} {self.sex} {self.age_from}–{self.age_to}"


class DemographyStamp(models.Model):
    """One row: when the population counts last changed (imports, entries, deletions). The
    counts are written by COPY and raw DELETE, which no signal sees; the stamp is written in
    the same transaction, so a cache keyed on it is never stale (network_cache)."""

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"demography changed {self.changed_at:%Y-%m-%d %H:%M}"


class TargetPopulation(models.TextChoices):
    """The age group a service type serves, whose size the capacity is divided by."""

    TOTAL = "total", _("whole population")
    CHILDREN = "0-14", _("children 0–14")
    WORKING = "15-64", _("aged 15–64")
    ADULTS = "15+", _("aged 15 and over")
    SENIORS = "65+", _("aged 65 and over")
    OLDEST = "80+", _("aged 80 and over")


class TypeSetting(TimeStamped):
    """A municipality's own choice of target population for one service type (the default
    is in network.DEFAULT_TARGET)."""

    service_type = models.CharField(_("service type"), max_length=20, unique=True)
    target = models.CharField(_("target population"), max_length=8,
                              choices=TargetPopulation.choices)

    class Meta:
        ordering = ["service_type"]
        verbose_name = _("target population of a service type")
        verbose_name_plural = _("target populations of service types")

    def __str__(self):
        return f"{self.service_type}: {self.target}"


class Norm(TimeStamped):
    """The standard the municipality compares with: places (in a capacity unit) per 1,000 of
    the type's target population, for one target group or for all (empty)."""

    service_type = models.CharField(_("service type"), max_length=20)
    target_group = models.CharField(_("target group"), max_length=30, blank=True)
    unit = models.CharField(_("unit"), max_length=20)
    per_1000 = models.DecimalField(_("per 1,000 of the target population"), max_digits=8,
                                   decimal_places=2, validators=[MinValueValidator(0)])
    note = models.CharField(_("source of the norm"), max_length=250, blank=True)

    class Meta:
        ordering = ["service_type", "target_group", "unit"]
        verbose_name = _("norm")
        verbose_name_plural = _("norms")
        constraints = [models.UniqueConstraint(fields=["service_type", "target_group", "unit"],
                                               name="one_norm_per_type_group_unit")]

    def __str__(self):
        return f"{self.service_type} {self.target_group} {self.per_1000}/{self.unit}"


class Publication(TimeStamped):
    """Whether the analysis (demography charts and gaps) is on the public site; one row."""

    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("publication of the analysis")


class DemographyImport(models.Model):
    """A demography file imported on the worker (a national file of the statistical office is
    ~40 MB, too much for a request). The row is the source of truth of its progress and
    result, so staff may leave the page and come back."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the worker")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("refused")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(upload_to="demography/", blank=True)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    #: The uploader's language: the worker writes the errors in it.
    language = models.CharField(max_length=8, default="sk")
    layout = models.CharField(max_length=10, blank=True)
    stored = models.PositiveIntegerField(_("counts imported"), default=0)
    skipped = models.PositiveIntegerField(_("rows of other areas"), default=0)
    error_count = models.PositiveIntegerField(default=0)
    #: [[line or null, message], …] — the first SHOWN_ERRORS of them.
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    # No constraint in the database, as ImportJob of the catalogue (deploy/SCALING.md §2).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", db_constraint=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demography import")
        verbose_name_plural = _("demography imports")
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100),
                                              name="demography_import_progress_max_100")]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)


# Needs surveys (dotazníkový prieskum / dotazníkové šetření) -------------------------------------

class Survey(TimeStamped):
    """A questionnaire the municipality asks residents, providers or service users to fill in,
    open for a period on a public link (``key``). Answers are anonymous: a response keeps no
    address, account or cookie; only an e-mail question answered with consent holds personal
    data (tenants/analysis/personal_data.py)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("residents")
        PROVIDERS = "providers", _("providers of services")
        USERS = "users", _("users of services")
        EVERYONE = "everyone", _("everyone")

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_(
        "What the survey is for and how its results will be used; shown above the questions."))
    audience = models.CharField(_("asked"), max_length=10, choices=Audience.choices,
                                default=Audience.RESIDENTS)
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True, help_text=_(
        "The last day answers are taken; empty: until you close the survey."))
    state = models.CharField(_("state"), max_length=6, choices=State.choices,
                             default=State.DRAFT)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    results_public = models.BooleanField(_("results published"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.CheckConstraint(
            condition=models.Q(closes_on__isnull=True) | models.Q(opens_on__isnull=True)
            | models.Q(closes_on__gte=models.F("opens_on")), name="survey_period_in_order")]

    def __str__(self):
        return self.title


class Question(TimeStamped):
    """One question of a survey. ``section`` starts a titled part of the form where it differs
    from the question before."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        SCALE = "scale", _("scale 1–5")
        NUMBER = "number", _("number")
        TEXT = "text", _("free text")
        EMAIL = "email", _("e-mail with consent")

    CHOICES = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    section = models.CharField(_("section"), max_length=150, blank=True)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=Kind.choices)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class Option(models.Model):
    """One answer to choose in a single- or multiple-choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.label


class Response(models.Model):
    """One filled-in form: when it came, nothing about who sent it."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "created_at", "pk"]
        verbose_name = _("answer to a survey")
        verbose_name_plural = _("answers to surveys")

    def __str__(self):
        return f"{self.survey_id} #{self.pk}"


class Answer(models.Model):
    """The answer of one response to one question: one row per option chosen (a multiple
    choice gives several), the value of a scale or number, or the text (free text, e-mail)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: a question or option somebody answered cannot be deleted (services refuse it
    # in words; this is the floor under them).
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"{self.question_id}: {self.option_id or self.number or self.text[:40]}"


# The optimal network (popis optimálnej siete / popis optimální sítě sociálních služeb) ------

class NetworkDescription(TimeStamped):
    """The network of services a plan aims at, one version of it. Like the plan, it is
    amended by a new version (``amends``); an approved version is no longer edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")
        SUPERSEDED = "superseded", _("superseded by a newer version")

    # related_name "+": the plans app stands below this one and knows nothing of it.
    plan = models.ForeignKey("plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="+")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # SET_NULL, not PROTECT: deleting a draft plan takes every version with it in one go.
    amends = models.ForeignKey("self", verbose_name=_("amends"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="amendments")
    title = models.CharField(_("title"), max_length=250)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    resolution = models.CharField(_("council resolution number"), max_length=60, blank=True)

    class Meta:
        ordering = ["plan", "-version"]
        verbose_name = _("optimal network description")
        verbose_name_plural = _("optimal network descriptions")
        constraints = [models.UniqueConstraint(fields=["plan", "version"],
                                               name="one_network_version_per_plan")]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class NetworkItem(TimeStamped):
    """One line of the optimal network: a service type for a target group kept, extended or
    created, with its capacity, place, provider, year and estimated cost. ``gap_key`` names
    the row of the network analysis it answers (type|group|unit) and ``gap_then`` that row's
    gap when the item was made from it."""

    class Action(models.TextChoices):
        KEEP = "keep", _("keep")
        EXTEND = "extend", _("extend")
        CREATE = "create", _("create")

    description = models.ForeignKey(NetworkDescription, on_delete=models.CASCADE,
                                    related_name="items")
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    service_type = models.CharField(_("service type"), max_length=20)
    target_group = models.CharField(_("target group"), max_length=30, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=20)
    place = models.CharField(_("place"), max_length=150)
    provider = models.ForeignKey("catalogue.Provider", verbose_name=_("provider"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    cost = models.DecimalField(_("estimated cost per year"), max_digits=14, decimal_places=2,
                               null=True, blank=True, validators=[MinValueValidator(0)])
    note = models.TextField(_("note"), blank=True)
    gap_key = models.CharField(_("gap it answers"), max_length=80, blank=True)
    gap_then = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    # Plan measures (opatrenia / opatření) that carry the item out; the link is kept here
    # because the plans app may not depend on this one.
    measures = models.ManyToManyField("plans.Measure", through="MeasureLink", blank=True,
                                      related_name="+")

    class Meta:
        ordering = ["description", "action", "service_type", "target_group", "year", "pk"]
        verbose_name = _("item of the optimal network")
        verbose_name_plural = _("items of the optimal network")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gt=0),
                                   name="network_item_capacity_positive"),
            models.CheckConstraint(condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                                   name="network_item_cost_not_negative"),
        ]

    def __str__(self):
        # Read in the history of the plan: the type's name, not its code.
        language = (get_language() or "sk")[:2]
        return (f"{self.get_action_display()}: {taxonomy.name(self.service_type, language)}, "
                f"{self.capacity} {taxonomy.name(self.unit, language)}")


class MeasureLink(TimeStamped):
    """A plan measure that carries out a network item, with the gap of the item's row at the
    time of linking (None: no gap known then), so the plan can show how it changed since."""

    measure = models.ForeignKey("plans.Measure", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(NetworkItem, on_delete=models.CASCADE, related_name="links")
    gap_at_link = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["measure", "item"]
        constraints = [models.UniqueConstraint(fields=["measure", "item"],
                                               name="one_link_per_measure_and_item")]

    def __str__(self):
        return f"{self.measure_id} → {self.item_id}"
