"""Models of regional coordination: public-schema read models that workers keep fresh.

Coordinators read only these tables; no request ever queries across tenant schemas
(research/tech.md §4). They hold aggregates of a municipality and public catalogue entries,
never personal data.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.municipalities.models import Municipality, Region


class MunicipalityFigures(models.Model):
    """One municipality's figures for one period (calendar year), as a worker last computed them.

    A figure is ``None`` when its source is not available (``sources[app]`` is False) or when
    there is nothing to compute it from (e.g. no published evaluation) — never a made-up zero.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="regional_figures")
    period = models.PositiveSmallIntegerField(_("year"))
    computed_on = models.DateField(_("computed for the day"))
    refreshed_at = models.DateTimeField(_("refreshed"), auto_now=True)
    # Which tenant apps supplied figures: {"plans": True, "participation": False, ...}.
    sources = models.JSONField(default=dict)

    population = models.PositiveIntegerField(null=True)
    population_65 = models.PositiveIntegerField(null=True)

    # Catalogue (tenants/catalogue/figures.py).
    services = models.PositiveIntegerField(null=True)
    capacity_by_type = models.JSONField(default=dict)          # {type: {unit: n}}
    capacity_by_target_group = models.JSONField(default=dict)  # {target group: {unit: n}}
    # {unit: n} summed over the types, written with them: the overview sorts and takes medians
    # of the rates per unit in SQL, and one key lookup a row is far cheaper than a sum over
    # the nested JSON (hub/regional/table.py).
    capacity_totals = models.JSONField(default=dict)
    senior_capacity = models.JSONField(default=dict)           # {unit: n}
    # The catalogue's registered capacity lines as it gave them (tenants/catalogue/figures.py):
    # [{"service_type", "target_groups", "form", "unit", "capacity", "covers", "source"}].
    # capacity_totals and senior_capacity count only the lines whose area lies within this
    # municipality's own territory (hub/regional/coverage.py); the rest is capacity_wider.
    capacity_items = models.JSONField(default=list)
    capacity_wider = models.JSONField(default=dict)            # {unit: n} covering more
    # "catalogue" (built by its staff) | "registry" (the national registry) | "" (none).
    capacity_source = models.CharField(max_length=10, blank=True)
    catalogue_updated_at = models.DateTimeField(null=True)

    # Plans (tenants/plans/figures.py).
    plan_status = models.CharField(max_length=12, blank=True)  # "" = no plan at all
    plan_year_from = models.PositiveSmallIntegerField(null=True)
    plan_year_to = models.PositiveSmallIntegerField(null=True)
    plan_valid_to = models.DateField(null=True)
    plan_in_force_from = models.DateField(null=True)     # the day it takes (took) effect
    # The first day of an approved successor that has not yet taken effect: the watch does
    # not ask for a new plan where one is already approved to follow.
    plan_successor_from = models.DateField(null=True)
    covered_years = models.JSONField(default=list)       # years a plan was in force for
    action_plan_years = models.JSONField(default=list)
    evaluation_years = models.JSONField(default=list)    # published evaluations
    fulfilment = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    fulfilment_year = models.PositiveSmallIntegerField(null=True)
    public_comments = models.PositiveIntegerField(null=True)

    # Participation (tenants/participation/figures.py).
    meetings_held_12m = models.PositiveIntegerField(null=True)
    group_members = models.PositiveIntegerField(null=True)

    # The planning's self-assessment (tenants/funding/figures.py): the latest year's scores
    # in per cent, overall and {area code: score} by the areas of hub/taxonomy.QUALITY_AREAS.
    quality_year = models.PositiveSmallIntegerField(null=True)
    quality_overall = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    quality_areas = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("figures of a municipality")
        verbose_name_plural = _("figures of municipalities")
        constraints = [models.UniqueConstraint(fields=["municipality", "period"],
                                               name="one_figures_row_per_period")]
        indexes = [models.Index(fields=["period", "municipality"])]

    def __str__(self):
        return f"{self.municipality_id} {self.period}"


class NetworkFigure(models.Model):
    """One row of a municipality's network analysis (tenants/analysis/network.py) for its own
    territory, as a worker last computed it: a service type × target group × capacity unit.

    The coordinators' gaps tab (hub/regional/gaps.py) sorts, filters and sums these in SQL,
    which a JSON column of MunicipalityFigures would not let it do over 9,000 municipalities.
    A figure is ``None`` when its data is missing (shown *n/a*), never 0.
    """

    class Source(models.TextChoices):
        NORM = "norm", _("norm of the municipality")
        REGION = "region", _("norm of the region")
        MEDIAN = "median", _("median of comparable municipalities")
        NONE = "", _("no standard")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="network_figures")
    service_type = models.CharField(max_length=60)
    target_group = models.CharField(max_length=60, blank=True)  # "" = all groups
    unit = models.CharField(max_length=20)
    target = models.CharField(max_length=10)          # the age group divided by: total, 65+ …
    year = models.PositiveSmallIntegerField(null=True)  # of the demography
    capacity = models.PositiveIntegerField(null=True)
    # Lines of this type, group and unit covering more than the municipality's territory
    # (a kraj-wide hotline): kept apart, never divided by its population (coverage.py).
    wider = models.PositiveIntegerField(null=True)
    population = models.PositiveIntegerField(null=True)
    per_1000 = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    standard = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    standard_source = models.CharField(max_length=10, blank=True, choices=Source.choices)
    comparables = models.PositiveIntegerField(default=0)
    required = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    gap = models.DecimalField(max_digits=14, decimal_places=1, null=True)
    share = models.DecimalField(max_digits=12, decimal_places=1, null=True)

    class Meta:
        verbose_name = _("network figure of a municipality")
        verbose_name_plural = _("network figures of municipalities")
        constraints = [models.UniqueConstraint(
            fields=["municipality", "service_type", "target_group", "unit"],
            name="one_network_figure_per_key")]
        indexes = [models.Index(fields=["service_type", "target_group", "unit"])]

    def __str__(self):
        return f"{self.municipality_id} {self.service_type} {self.target_group} {self.unit}"


class ServiceListing(models.Model):
    """A service of some municipality's public catalogue, for the regional search of residents."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="regional_listings")
    service_id = models.UUIDField()
    service = models.CharField(max_length=250)
    provider = models.CharField(max_length=250)
    service_type = models.CharField(max_length=60, blank=True)
    target_groups = models.JSONField(default=list)
    towns = models.JSONField(default=list)
    path = models.CharField(max_length=300)
    # Lower-case, diacritics stripped: service, provider and towns, for a plain LIKE search.
    search = models.TextField(blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "provider"]
        constraints = [models.UniqueConstraint(fields=["municipality", "service_id"],
                                               name="one_listing_per_service")]
        indexes = [models.Index(fields=["municipality", "service_type"])]

    def __str__(self):
        return self.service


class OpenDataRecord(models.Model):
    """A municipality's open datasets as its last refresh described them (tenants/portal's
    figures): the platform's dataset catalogue (/data/, DCAT-AP) is built from these rows
    alone, never by entering a municipality's schema. Published data only, no personal data."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE,
                                        related_name="open_data")
    licence = models.CharField(max_length=20)           # SPDX id, e.g. CC-BY-4.0
    licence_url = models.URLField()
    modified = models.DateTimeField()
    # [{"name", "title", "description", "rows"}], only datasets with published rows.
    datasets = models.JSONField(default=list)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("open data of a municipality")
        verbose_name_plural = _("open data of municipalities")

    def __str__(self):
        return f"{self.municipality_id} {self.licence}"


class RegionNorm(models.Model):
    """A standard the region (kraj) sets for all its municipalities: places per 1,000 of the
    type's target population, for one target group or all (empty). A municipality's own norm
    (tenants/analysis Norm) wins over it; it wins over the median of comparables."""

    area = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE,
                             related_name="norms", limit_choices_to={"kind": "region"})
    service_type = models.CharField(_("service type"), max_length=20)
    target_group = models.CharField(_("target group"), max_length=30, blank=True)
    unit = models.CharField(_("unit"), max_length=20)
    per_1000 = models.DecimalField(_("per 1,000 of the target population"), max_digits=8,
                                   decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(_("source of the norm"), max_length=250, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["service_type", "target_group", "unit"]
        verbose_name = _("norm of a region")
        verbose_name_plural = _("norms of regions")
        constraints = [
            models.UniqueConstraint(fields=["area", "service_type", "target_group", "unit"],
                                    name="one_region_norm_per_key",
                                    violation_error_message=_(
                                        "The region already has a norm for this service "
                                        "type, target group and unit.")),
            models.CheckConstraint(condition=models.Q(per_1000__gt=0),
                                   name="region_norm_positive"),
        ]

    def __str__(self):
        return f"{self.area_id} {self.service_type} {self.target_group} {self.per_1000}/{self.unit}"
