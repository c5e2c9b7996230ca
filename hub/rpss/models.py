"""The registry as platform data, in the public schema: its codebooks, the national files an
operator loaded, and one normalised snapshot row per registered service.

Nothing here is downloaded at run time: operators load the codebooks and the national file
(Django admin or management commands). Municipalities read the snapshot of their territory
(``selectors.snapshot_for``) to be offered its differences, and their regional figures fall
back on it while their staff have not built a catalogue.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.rpss import mapping

_PREFIX = {book: prefix for prefix, book in mapping.CODEBOOKS.items()}


class CodebookEntry(models.Model):
    """One entry of a registry codebook (service types, target groups, forms, capacity
    types) and the Komplan code it maps to ("" when it maps to nothing: reported)."""

    class Codebook(models.TextChoices):
        TYPE = "type", _("Service types (druhy-socialni-sluzby)")
        TARGET_GROUP = "target_group", _("Target groups (cilove-skupiny-osoby)")
        FORM = "form", _("Forms (formy-soc-sluzby)")
        CAPACITY_TYPE = "capacity_type", _("Capacity types (TypKapacitySocialniSluzby)")

    codebook = models.CharField(_("codebook"), max_length=16, choices=Codebook.choices)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    maps_to = models.CharField(_("Komplan code"), max_length=30, blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    class Meta:
        verbose_name = _("codebook entry")
        verbose_name_plural = _("codebook entries")
        ordering = ["codebook", "name"]
        constraints = [models.UniqueConstraint(fields=["codebook", "code"],
                                               name="rpss_one_entry_per_code")]

    def __str__(self):
        return f"{self.reference} {self.name}"

    @property
    def reference(self) -> str:
        return f"{_PREFIX.get(self.codebook, self.codebook)}/{self.code}"


class RegistryFile(models.Model):
    """A national ``rpss.json`` an operator loaded, and the platform job that reads it once
    into the snapshot (status, progress and a message the operator can read)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("reading")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(_("file"), upload_to="registry/")
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    # {"read": n, "kept": n, "new": n, "changed": n, "ended": n, "gone": n, "blocked": n,
    #  "no_territory": n}
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # A sample of the problems found: [{"registry_id", "code", "params"}], at most 200.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("loaded by"),
                                  null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("national registry file")
        verbose_name_plural = _("national registry files")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename or self.file.name} ({self.created_at:%Y-%m-%d %H:%M})"


class RegistryService(models.Model):
    """The snapshot of one registered service as the latest national file gives it,
    normalised (``reader.normalize``), with the territorial units it concerns."""

    registry_id = models.CharField(_("registry identifier"), max_length=40, unique=True)
    record = models.JSONField(_("record"))
    # "<level>:<code>" of the obce its facilities are in and of its registered scope.
    territory_keys = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    service_type = models.CharField(_("type of service"), max_length=20, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # In no file since: the registry dropped it (treated as ended).
    gone = models.BooleanField(_("no longer in the registry"), default=False)
    content_hash = models.CharField(max_length=64)
    seen_in = models.ForeignKey(RegistryFile, null=True, on_delete=models.SET_NULL,
                                related_name="+")
    changed_in = models.ForeignKey(RegistryFile, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registered service (snapshot)")
        verbose_name_plural = _("registered services (snapshot)")
        ordering = ["registry_id"]
        indexes = [GinIndex(fields=["territory_keys"], name="rpss_service_territory")]

    def __str__(self):
        return f"{self.registry_id} {self.record.get('name', '')}"
