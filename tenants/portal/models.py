"""Portal content owned by one municipality (lives in its schema)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Introduction(models.Model):
    """The home page's introduction: what community planning is here and how to take part."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

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
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

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
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title
