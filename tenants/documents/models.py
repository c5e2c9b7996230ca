"""Generated documents: a document (what), its versions (files) and the jobs that make them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CATALOGUE = "catalogue", _("Provider catalogue")
    LEAFLET_SENIORS = "leaflet-seniors", _("Leaflet: seniors and their carers")
    LEAFLET_DISABILITY = "leaflet-disability", _("Leaflet: persons with disabilities")
    LEAFLET_FAMILIES = "leaflet-families", _("Leaflet: families with children in difficulty")
    LEAFLET_CRISIS = "leaflet-crisis", _("Leaflet: crisis, homelessness or debt")
    PLAN = "plan", _("Multi-year plan")
    ACTION_PLAN = "action-plan", _("Action plan")
    EVALUATION = "evaluation", _("Evaluation report")
    NETWORK = "network", _("Optimal network description")


#: The kinds residents may download from /publications/ (latest version).
PUBLIC_KINDS = (Kind.CATALOGUE, Kind.LEAFLET_SENIORS, Kind.LEAFLET_DISABILITY,
                Kind.LEAFLET_FAMILIES, Kind.LEAFLET_CRISIS)
LEAFLET_KINDS = PUBLIC_KINDS[1:]
PLAN_KINDS = (Kind.PLAN, Kind.ACTION_PLAN, Kind.EVALUATION)
#: Kinds made from one record (``subject_id``) and public only while that record is.
SUBJECT_KINDS = (*PLAN_KINDS, Kind.NETWORK)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Document(TimeStamped):
    """One document that can be generated again and again: the catalogue, a leaflet, or a plan,
    action plan, evaluation or optimal network description (``subject_id`` names which)."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id"], name="one_document_per_subject",
                                    nulls_distinct=False),
        ]
        ordering = ["kind", "subject_id"]

    def __str__(self):
        return self.title

    def latest_version(self):
        return self.versions.order_by("-number").first()


class DocumentVersion(models.Model):
    """A finished PDF. Written to tenant storage before this row exists, so a row always
    points at a whole file; earlier versions are kept."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=300)
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField()
    input_hash = models.CharField(max_length=64)
    # Rendered while its plan, action plan or evaluation was public (approved, published):
    # only such a version is ever served on /publications/, so a draft printed by staff
    # never reaches residents.
    public = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="one_version_number")]
        ordering = ["-number"]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def filename(self) -> str:
        return f"{self.document.kind}-{self.document.subject_id or ''}-v{self.number}.pdf".replace(
            "--", "-")


class DocumentJob(models.Model):
    """One generation: asked for by a person or by the schedule (Saleor's Job)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("generating")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    class Source(models.TextChoices):
        REQUEST = "request", _("on request")
        SCHEDULE = "schedule", _("on schedule")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="jobs")
    parameters = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.REQUEST)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     db_constraint=False)
    input_hash = models.CharField(max_length=64, blank=True)
    version = models.ForeignKey(DocumentVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    unchanged = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.document} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class Cadence(models.TextChoices):
    NEVER = "never", _("never (only on request)")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")


CADENCE_DAYS = {Cadence.DAILY: 1, Cadence.WEEKLY: 7, Cadence.MONTHLY: 30}


class DocumentSettings(models.Model):
    """How often this municipality's documents are regenerated (only when their data changed)."""

    catalogue_cadence = models.CharField(_("catalogue"), max_length=8, choices=Cadence.choices,
                                         default=Cadence.WEEKLY)
    leaflets_cadence = models.CharField(_("leaflets"), max_length=8, choices=Cadence.choices,
                                        default=Cadence.MONTHLY)
    plans_cadence = models.CharField(_("plan, action plans and evaluations"), max_length=8,
                                     choices=Cadence.choices, default=Cadence.WEEKLY)
    catalogue_checked_at = models.DateTimeField(null=True, blank=True)
    leaflets_checked_at = models.DateTimeField(null=True, blank=True)
    plans_checked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "document settings"
