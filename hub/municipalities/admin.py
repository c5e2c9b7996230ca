"""Django admin for operators: onboard municipalities, edit the registry, manage domains."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub.municipalities.models import Domain, Municipality, Region, TerritorialUnit
from hub.municipalities.services import municipality_create, placement_check, territory_check


@admin.register(TerritorialUnit)
class TerritorialUnitAdmin(admin.ModelAdmin):
    """Loaded from codebooks (``territory_load``); corrected here by hand when needed."""

    list_display = ["name", "code", "level", "country", "parent", "orp", "population"]
    list_filter = ["country", "level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "orp"]
    list_select_related = ["parent", "orp"]

    def has_delete_permission(self, request, obj=None):
        # Tenants and areas point at units; a codebook row is corrected, not removed.
        return False


class RegionAdminForm(forms.ModelForm):
    """Says in words what the table's check (region_has_no_parent_district_has_one) refuses."""

    def clean(self):
        data = super().clean()
        kind, parent = data.get("kind"), data.get("parent")
        if kind == Region.Kind.REGION and parent is not None:
            self.add_error("parent", _("A region is not part of another region; leave this "
                                       "empty."))
        elif kind == Region.Kind.DISTRICT and parent is None and "parent" not in self.errors:
            self.add_error("parent", _("Choose the region this district or ORP belongs to."))
        elif parent is not None and data.get("country") and parent.country != data["country"]:
            self.add_error("parent", _("The region is in another country."))
        return data


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionAdminForm
    list_display = ["name", "kind", "country", "parent", "territory"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["territory"]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class MunicipalityAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                data["region"] = placement_check(region=data.get("region"),
                                                 district=data.get("district"),
                                                 country=data.get("country"))
                territory_check(kind=data.get("kind"), country=data.get("country"),
                                territory=data.get("territory"))
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "country", "region", "district", "population"]
    list_filter = ["country", "kind", "region"]
    search_fields = ["name", "slug", "ico"]
    fields = ["name", "slug", "kind", "country", "language", "population", "population_65", "ico",
              "kpss_email", "region", "district", "territory"]
    autocomplete_fields = ["territory"]
    inlines = [DomainInline]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []

    def get_inlines(self, request, obj):
        # The primary domain is made by onboarding; more can be added afterwards.
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Onboarding goes through the service (schema first); the admin then logs that row.
        created = municipality_create(**{f: form.cleaned_data.get(f) for f in self.fields})
        obj.__dict__.update(created.__dict__)

    def has_delete_permission(self, request, obj=None):
        # Removing a municipality drops its data; that is a deliberate command, not a click.
        return False

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = MunicipalityAdminForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "language" in form.base_fields:
            form.base_fields["language"].required = False
            form.base_fields["language"].help_text = _("Empty: the country's language.")
        return form
