"""Portal content owned by one municipality (lives in its schema)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Introduction(models.Model):
    """The home page's introduction: what community planning is here and how to take part."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_constraint=False)

    class Meta:
        verbose_name = _("introduction")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="introduction_singleton"),
        ]

    def __str__(self):
        return self.heading


class WorkerCheck(models.Model):
    """A background worker reached this municipality's schema: proof the queue works here."""

    class Source(models.TextChoices):
        REQUEST = "request", _("asked by staff")
        SCHEDULE = "schedule", _("scheduled")

    source = models.CharField(max_length=10, choices=Source.choices)
    requested_at = models.DateTimeField()
    completed_at = models.DateTimeField(auto_now_add=True)
    # The schema the task found itself in, written by the task; must equal this schema.
    schema_name = models.CharField(max_length=63)

    class Meta:
        ordering = ["-completed_at"]
        get_latest_by = "completed_at"

    def __str__(self):
        return f"worker check ({self.source}) in {self.schema_name}"


class NewsItem(models.Model):
    """A news item (aktualita); a draft until it has a publish date, public from that moment."""

    title = models.CharField(_("title"), max_length=250)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True,
                                        help_text=_("Empty: a draft. A future time: published "
                                                    "then."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_constraint=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self):
        return self.title


class Document(models.Model):
    """An uploaded file of the documents archive; served only through a view (never a media
    URL), with a content type from the allow-list."""

    class Category(models.TextChoices):
        PLAN = "plan", _("plan")
        EVALUATION = "evaluation", _("evaluation")
        MINUTES = "minutes", _("minutes")
        MATERIALS = "materials", _("working materials")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=250)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    file = models.FileField(upload_to="documents/%Y/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    db_constraint=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


class LegalNotice(models.Model):
    """The municipality's own accessibility statement or privacy notice; without one the
    public page shows the default text for the municipality's country."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("accessibility statement")
        PRIVACY = "privacy", _("privacy notice")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, unique=True)
    text = models.TextField(_("text"), max_length=50000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # No constraint in the database, as the other references to users (deploy/SCALING.md §2).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_constraint=False)

    class Meta:
        verbose_name = _("legal notice")
        verbose_name_plural = _("legal notices")

    def __str__(self):
        return self.get_kind_display()


class OpenDataSettings(models.Model):
    """The licence the municipality publishes its open data under (one row, or none: CC BY)."""

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", _("CC BY 4.0 (attribution)")
        CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
        CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (attribution, share alike)")

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices,
                               default=Licence.CC_BY)
    updated_at = models.DateTimeField(auto_now=True)
    # No constraint in the database, as the other references to users (deploy/SCALING.md §2).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_constraint=False)

    class Meta:
        verbose_name = _("open data settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True),
                                   name="open_data_settings_singleton"),
        ]

    def __str__(self):
        return self.get_licence_display()


class PrivacySettings(models.Model):
    """How long the municipality keeps residents' personal data after its purpose ended (one
    row, or none: the default); the nightly purge reads it (tenants/portal/privacy.py)."""

    DEFAULT_RETENTION_DAYS = 30

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    retention_days = models.PositiveSmallIntegerField(
        _("days personal data are kept"), default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After a meeting: its registrations are deleted. After a public discussion: "
                    "the commenters' e-mail addresses are deleted."))
    updated_at = models.DateTimeField(auto_now=True)
    # No constraint in the database, as the other references to users (deploy/SCALING.md §2).
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   db_constraint=False)

    class Meta:
        verbose_name = _("privacy settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True),
                                   name="privacy_settings_singleton"),
        ]

    def __str__(self):
        return str(self.retention_days)


class PrivacyLinkRequest(models.Model):
    """A resident asked for a link to their personal data; the worker e-mails it. Kept only
    while the link is valid (it is personal data too)."""

    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("request for a personal data link")
        verbose_name_plural = _("requests for a personal data link")

    def __str__(self):
        # No address: this text may reach logs.
        return f"privacy link request {self.pk}"
