"""Tenant registry models: territorial units of the national codebooks, Region (kraj / okres /
ORP, the areas coordinators work on), Municipality (the tenant) and Domain."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Country(models.TextChoices):
    SK = "SK", _("Slovakia")
    CZ = "CZ", _("Czechia")


class Language(models.TextChoices):
    SK = "sk", _("Slovak")
    CS = "cs", _("Czech")


#: The language a municipality speaks by default, by country.
COUNTRY_LANGUAGE = {Country.SK: Language.SK, Country.CZ: Language.CS}


stat_code_validator = RegexValidator(
    r"^[0-9A-Z]{1,12}$",
    _("A statistical code has 1–12 digits or capital letters, e.g. 529303."),
)


class TerritorialUnit(models.Model):
    """A unit of a country's statistical codebooks: kraj, okres, ORP (CZ only) or obec.

    Codes are the statistical offices' own, as the Czech registry writes them without the
    codebook prefix ("Obec/529303" → 529303 Benešov, "Okres/3201", "Kraj/27") and as the
    Slovak office publishes them (582000 Bratislava). Tenants, coordinators' areas, demography
    and registry imports meet on these codes. Loaded by operators (``territory_load``), never
    downloaded at run time; most units are not tenants.
    """

    class Level(models.TextChoices):
        REGION = "region", _("Region (kraj)")
        DISTRICT = "district", _("District (okres)")
        ORP = "orp", _("Municipality with extended powers (ORP)")
        MUNICIPALITY = "municipality", _("Municipality (obec)")

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("statistical code"), max_length=12,
                            validators=[stat_code_validator])
    name = models.CharField(_("name"), max_length=150)
    # obec → okres, okres → kraj, ORP → kraj.
    parent = models.ForeignKey("self", verbose_name=_("belongs to"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # A Czech obec also belongs to an ORP, which okresy do not nest.
    orp = models.ForeignKey("self", verbose_name=_("ORP"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="orp_members",
                            limit_choices_to={"level": "orp"})
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["country", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "level", "code"],
                                    name="one_unit_per_code"),
        ]
        indexes = [models.Index(fields=["parent", "level"]), models.Index(fields=["orp"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Region(models.Model):
    """A self-governing region (kraj) or a district (okres, ORP) that coordinates municipalities."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        DISTRICT = "district", _("District / ORP")

    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="districts", limit_choices_to={"kind": Kind.REGION},
    )
    # The statistical unit this area is, when known: its municipalities' codes come from it.
    territory = models.ForeignKey(
        TerritorialUnit, verbose_name=_("territorial unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="areas",
        limit_choices_to={"level__in": ["region", "district", "orp"]},
    )

    class Meta:
        verbose_name = _("region or district")
        verbose_name_plural = _("regions and districts")
        ordering = ["country", "name"]
        constraints = [
            models.CheckConstraint(
                name="region_has_no_parent_district_has_one",
                condition=(models.Q(kind="region", parent__isnull=True)
                           | models.Q(kind="district", parent__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.name


slug_validator = RegexValidator(
    r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$",
    _("Use 1–40 lowercase letters without diacritics, digits and hyphens; "
      "no hyphen at the start or end."),
)
ico_validator = RegexValidator(r"^\d{8}$", _("The identifier (IČO) has exactly 8 digits."))


class Municipality(TenantMixin):
    """A municipality, town, capital, ORP district or region that plans its social services."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("Village")
        TOWN = "town", _("Town")
        CAPITAL = "capital", _("Capital city")
        DISTRICT = "district", _("District / ORP")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address"), max_length=40, unique=True, validators=[slug_validator],
                            help_text=_("The subdomain, e.g. “banov” for banov.komplan.sk."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Optional age structure: regional figures give senior capacity per 1,000 aged 65+.
    population_65 = models.PositiveIntegerField(_("population aged 65+"), null=True, blank=True)
    ico = models.CharField(_("identifier (IČO)"), max_length=8, blank=True,
                           validators=[ico_validator])
    kpss_email = models.EmailField(_("community planning contact e-mail"), blank=True)
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="municipalities",
                               limit_choices_to={"kind": Region.Kind.REGION})
    district = models.ForeignKey(Region, verbose_name=_("district / ORP"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="district_municipalities",
                                 limit_choices_to={"kind": Region.Kind.DISTRICT})
    # The statistical unit the municipality is (an obec for a town; an okres or ORP for a
    # district-level tenant; a kraj for a region): registry and demography match on its code.
    territory = models.ForeignKey(TerritorialUnit, verbose_name=_("territorial unit"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="tenants")
    # Fingerprint of the tenant migrations applied to this schema (hub/tenancy/migrations_state).
    migrations_fingerprint = models.CharField(max_length=64, blank=True, db_index=True,
                                              editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are made by hub.tenancy (clone or pre-made spare), never by migrating on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def stat_code(self) -> str:
        """The statistical code of the municipality's territorial unit, or ""."""
        return self.territory.code if self.territory_id else ""


#: Which levels of unit a tenant of each kind can be.
KIND_LEVELS = {
    Municipality.Kind.VILLAGE: (TerritorialUnit.Level.MUNICIPALITY,),
    Municipality.Kind.TOWN: (TerritorialUnit.Level.MUNICIPALITY,),
    Municipality.Kind.CAPITAL: (TerritorialUnit.Level.MUNICIPALITY,),
    Municipality.Kind.DISTRICT: (TerritorialUnit.Level.ORP, TerritorialUnit.Level.DISTRICT),
    Municipality.Kind.REGION: (TerritorialUnit.Level.REGION,),
}


class Domain(DomainMixin):
    """A host name that serves one municipality (e.g. ``banov.komplan.sk``)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.domain
