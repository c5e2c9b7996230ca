"""Catalogue of social service providers: providers, their services, where and when.

Codes of service types, forms, target groups and capacity units come from ``hub.taxonomy``
(data shipped in the repo); the municipality's country picks the service-type taxonomy. Every
object has a UUID (``uuid``), stable in URLs, exports and HSDS; pk stays an integer for
history.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub import taxonomy
from hub.text import fold

ico_validator = RegexValidator(r"^\d{8}$", _("An IČO has exactly 8 digits."))


class Provider(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=250)
    legal_form = models.CharField(_("legal form"), max_length=120, blank=True)
    ico = models.CharField(_("identifier (IČO)"), max_length=8, blank=True,
                           validators=[ico_validator])
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("registered address"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    search_text = models.TextField(editable=False, blank=True, db_index=False)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [models.UniqueConstraint(
            fields=["ico"], condition=~models.Q(ico=""), name="catalogue_provider_unique_ico")]
        indexes = [GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"],
                            name="catalogue_provider_search_trgm")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.name, self.ico, self.legal_form]))
        super().save(*args, **kwargs)


class Service(models.Model):
    class Form(models.TextChoices):
        RESIDENTIAL = "residential", _("residential")
        OUTPATIENT = "outpatient", _("outpatient")
        FIELD = "field", _("field")
        OTHER = "other", _("other form")

    class Unit(models.TextChoices):
        BED = "bed", _("beds")
        CLIENT = "client", _("clients")
        CONTACT = "contact", _("contacts")
        INTERVENTION = "intervention", _("interventions")
        CALL = "call", _("calls")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="services")
    name = models.CharField(_("name"), max_length=250)
    service_type = models.CharField(_("type of service"), max_length=20)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    target_groups = ArrayField(models.CharField(max_length=30), verbose_name=_("target groups"),
                               default=list, blank=True)
    age_from = models.PositiveSmallIntegerField(_("age from"), null=True, blank=True,
                                                validators=[MaxValueValidator(130)])
    age_to = models.PositiveSmallIntegerField(_("age to"), null=True, blank=True,
                                              validators=[MaxValueValidator(130)])
    # The registered maximum capacity, per form and unit — never free places:
    # [{"form": "field", "unit": "client", "capacity": 120, "note": ""}, …]
    capacities = models.JSONField(_("registered capacity"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    fees = models.TextField(_("fees"), blank=True)
    eligibility = models.TextField(_("who it is for"), blank=True)
    registry_id = models.CharField(_("national registry identifier"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Territorial units the service covers, "<level>:<code>" (e.g. "district:3201"); empty
    # means the owning municipality's own territory (coverage.py).
    covers = ArrayField(models.CharField(max_length=30), verbose_name=_("area covered"),
                        default=list, blank=True)
    # A hidden address (e.g. a shelter for victims of violence): the service has no place and
    # no address anywhere it is published.
    hidden_address = models.BooleanField(_("address kept secret"), default=False)
    # The registry says the service ended on this day (it is then inactive).
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The values last taken from the national registry (registry.py), to tell a staff edit
    # from a registry change; None for a service never synced.
    registry_synced = models.JSONField(null=True, blank=True, editable=False)
    registry_synced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Diacritics- and case-folded name, provider, type and towns: what public search matches.
    search_text = models.TextField(editable=False, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["status", "service_type"]),
                   models.Index(fields=["updated_at"]),
                   # Substring search on the folded text (LIKE '%word%') through pg_trgm.
                   GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"],
                            name="catalogue_service_search_trgm")]
        constraints = [
            models.UniqueConstraint(fields=["registry_id"], condition=~models.Q(registry_id=""),
                                    name="catalogue_service_unique_registry_id"),
            models.CheckConstraint(
                condition=models.Q(age_from__isnull=True) | models.Q(age_to__isnull=True)
                | models.Q(age_from__lte=models.F("age_to")),
                name="catalogue_service_age_range"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.db import connection
        errors = {}
        country = getattr(getattr(connection, "tenant", None), "country", "") or ""
        found = taxonomy.term(self.service_type)
        if found is None or found.kind != "type" or (country and found.country != country):
            errors["service_type"] = _("Choose a type of service from the national list.")
        if self.form == self.Form.OTHER and country == "CZ":
            errors["form"] = _("Czech law knows only residential, outpatient and field forms.")
        unknown = [c for c in self.target_groups if taxonomy.term(c) is None
                   or taxonomy.term(c).kind != "target_group"]
        if unknown:
            errors["target_groups"] = _("Unknown target group: %(codes)s") % {
                "codes": ", ".join(unknown)}
        if self.age_from is not None and self.age_to is not None and self.age_from > self.age_to:
            errors["age_to"] = _("The upper age must not be below the lower one.")
        problem = capacities_problem(self.capacities, country)
        if problem:
            errors["capacities"] = problem
        if any(not isinstance(key, str) or ":" not in key for key in self.covers):
            errors["covers"] = _("Name the area covered by territorial units.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.search_text = search_text(self)
        super().save(*args, **kwargs)

    def type_name(self, language):
        return taxonomy.name(self.service_type, language)


def search_text(service: "Service", *, provider_name: str | None = None,
                cover_names: list[str] | None = None) -> str:
    """What public and staff search match: folded name, provider, type and area covered."""
    type_term = taxonomy.term(service.service_type)
    type_names = " ".join(type_term.names.values()) if type_term else ""
    if provider_name is None:
        provider_name = service.provider.name if service.provider_id else ""
    if cover_names is None:
        from tenants.catalogue import coverage

        cover_names = coverage.names(service.covers)
    return fold(" ".join([service.name, provider_name, type_names, " ".join(cover_names),
                          service.description[:500]]))


def capacities_problem(lines, country: str) -> str:
    """Why a list of registered capacity lines is not valid, or ""."""
    if not isinstance(lines, list):
        return _("The registered capacity is a list of lines.")
    forms = {t.code for t in taxonomy.forms(country)} if country else {
        t.code for t in taxonomy.forms()}
    units = {t.code for t in taxonomy.units()}
    for line in lines:
        if not isinstance(line, dict) or set(line) - {"form", "unit", "capacity", "note"}:
            return _("Each capacity line has a form, a unit and a number.")
        if line.get("form") not in forms:
            return _("“%(form)s” is not a form of service here.") % {"form": line.get("form")}
        if line.get("unit") not in units:
            return _("Say what the capacity counts (beds, clients …).")
        number = line.get("capacity")
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            return _("A capacity is a whole number, 0 or more.")
        if len(str(line.get("note") or "")) > 300:
            return _("A capacity note has at most 300 characters.")
    return ""


class Location(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name of the place"), max_length=250, blank=True)
    address = models.CharField(_("street and number"), max_length=250)
    town = models.CharField(_("town"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True, validators=[MinValueValidator(-90),
                                                           MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True, validators=[MinValueValidator(-180),
                                                            MaxValueValidator(180)])
    accessibility = models.TextField(_("accessibility"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "town", "address"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.address}, {self.town}"


class OpeningHours(models.Model):
    DAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
            (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]
    RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=DAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")),
                                              name="catalogue_hours_order")]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class CatalogueStamp(models.Model):
    """One row: when anything in the catalogue last changed, deletions included."""

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"catalogue changed {self.changed_at:%Y-%m-%d %H:%M}"


class RegistryDecision(models.Model):
    """Staff kept the catalogue as it is for one version of a registry record (ignored)."""

    registry_id = models.CharField(max_length=40)
    # The snapshot's content hash of the version ignored ("gone": its disappearance).
    content_hash = models.CharField(max_length=64)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registry_id", "content_hash"],
                                               name="catalogue_one_decision_per_version")]

    def __str__(self):
        return f"{self.registry_id} ignored"


class ImportJob(models.Model):
    """An import on the worker: the file (or the registry snapshot) is checked first
    (preview), then applied when staff confirm — all or nothing. The row is the source of
    truth of its progress and result, so staff can leave the page and come back."""

    class Kind(models.TextChoices):
        TABLE = "table", _("CSV/XLSX table")
        REGISTRY_FILE = "registry_file", _("Registry file (rpss.json)")
        REGISTRY = "registry", _("Changes from the national registry")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the worker")
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked — waiting for your confirmation")
        APPLYING = "applying", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("refused")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    file = models.FileField(upload_to="imports/", blank=True)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    # The check's findings: counts, errors by line, rows — and after the commit its result.
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # No constraint in the database: each one into public puts two triggers on
    # accounts_user per schema (deploy/SCALING.md §2).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+", db_constraint=False)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CHECKING, self.Status.APPLYING)
