"""Django admin of regional coordination: the norms regions set (operators correct them)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from hub.regional import norms
from hub.regional.models import RegionNorm


class RegionNormAdminForm(forms.ModelForm):
    """The coordinators' rules (a kraj, a known type, group and unit, more than 0)."""

    class Meta:
        model = RegionNorm
        fields = ["area", "service_type", "target_group", "unit", "per_1000", "note"]

    def clean(self):
        data = super().clean()
        if self.errors or data.get("area") is None:
            return data
        try:
            norms.region_norm_check(**{k: data.get(k) for k in (
                "area", "service_type", "target_group", "unit", "per_1000")})
        except ValidationError as error:
            self.add_error(None, error)
        return data


@admin.register(RegionNorm)
class RegionNormAdmin(admin.ModelAdmin):
    form = RegionNormAdminForm
    list_display = ["area", "service_type", "target_group", "unit", "per_1000", "updated_by",
                    "updated_at"]
    list_filter = ["area"]
    search_fields = ["area__name", "service_type", "note"]
    list_select_related = ["area", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        # Through the service: the municipalities of the region refresh their network rows.
        data = {k: form.cleaned_data.get(k) or "" for k in ("service_type", "target_group",
                                                          "unit", "note")}
        norms.region_norm_save(area=obj.area, user=request.user, per_1000=obj.per_1000,
                               norm=obj, **data)

    def delete_model(self, request, obj):
        norms.region_norm_delete(norm=obj)

    def delete_queryset(self, request, queryset):
        for norm in queryset:
            norms.region_norm_delete(norm=norm)
