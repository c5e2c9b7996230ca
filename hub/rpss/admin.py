"""Django admin for operators: load the registry's codebooks and national files, see what
they contained and what could not be mapped."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from hub.rpss import problems as problem_texts
from hub.rpss.models import CodebookEntry, RegistryFile, RegistryService
from hub.rpss.services import codebooks_load, registry_file_check, registry_file_create


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True,
                                                             "accept": ".json"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class CodebookUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Codebook files"),
        help_text=_("The registry's JSON codebooks, several at once: druhy-socialni-sluzby.json, "
                    "cilove-skupiny-osoby.json, formy-soc-sluzby.json, kraje.json, okresy.json, "
                    "obce.json. Everything is loaded or nothing."))

    def clean_files(self):
        uploads = [upload for upload in self.cleaned_data["files"] if upload]
        if not uploads:
            raise ValidationError(_("Choose at least one file."))
        return uploads


class MapsToFilter(admin.SimpleListFilter):
    title = _("mapping")
    parameter_name = "mapped"

    def lookups(self, request, model_admin):
        return [("yes", _("maps to Komplan")), ("no", _("maps to nothing"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(maps_to="")
        if self.value() == "no":
            return queryset.filter(maps_to="")
        return queryset


@admin.register(CodebookEntry)
class CodebookEntryAdmin(admin.ModelAdmin):
    """Loaded from the registry's files; the mapping comes from hub/rpss/mapping.py."""

    list_display = ["name", "reference", "codebook", "maps_to"]
    list_filter = ["codebook", MapsToFilter]
    search_fields = ["name", "code", "maps_to"]
    readonly_fields = ["codebook", "code", "name", "maps_to", "loaded_at"]
    change_list_template = "admin/rpss/codebookentry/change_list.html"

    def has_add_permission(self, request):
        return False  # entries come from files (the "Load codebook files" button)

    def get_urls(self):
        return [path("load/", self.admin_site.admin_view(self.load_view),
                     name="rpss_codebookentry_load")] + super().get_urls()

    def load_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = CodebookUploadForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = codebooks_load(files=[(f.name, f.read()) for f in
                                               form.cleaned_data["files"]])
            except ValidationError as error:
                for message in error.messages[:50]:
                    form.add_error("files", message)
            else:
                messages.success(request, _("The codebooks have been loaded."))
        return render(request, "admin/rpss/codebookentry/load.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "result": result, "title": _("Load codebook files")},
            status=400 if form.is_bound and form.errors else 200)


class RegistryFileForm(forms.ModelForm):
    class Meta:
        model = RegistryFile
        fields = ["file"]
        help_texts = {"file": _("The national rpss.json from the registry's open data (over "
                                "30 MB). It is read once on the worker; this page shows the "
                                "progress.")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            registry_file_check(upload)
        except ValidationError as error:
            raise ValidationError(error.message_dict["file"]) from None
        return upload


@admin.register(RegistryFile)
class RegistryFileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "message", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["filename", "size", "status", "progress", "message", "counts",
                       "problem_list", "loaded_by", "created_at", "started_at", "finished_at"]
    form = RegistryFileForm

    def get_fields(self, request, obj=None):
        return ["file"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = registry_file_create(upload=form.cleaned_data["file"], user=request.user)
        obj.__dict__.update(created.__dict__)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the snapshot points at the file it came from

    @admin.display(description=_("problems found (a sample)"))
    def problem_list(self, obj):
        if not obj.problems:
            return "—"
        return format_html_join("", "<div>{}: {}</div>", (
            (p.get("registry_id") or "?", problem_texts.text(p)) for p in obj.problems))


@admin.register(RegistryService)
class RegistryServiceAdmin(admin.ModelAdmin):
    list_display = ["registry_id", "name", "service_type", "ended_on", "gone"]
    list_filter = ["gone", "service_type"]
    search_fields = ["registry_id", "territory_keys"]
    readonly_fields = ["registry_id", "record", "territory_keys", "service_type", "ended_on",
                       "gone", "content_hash", "seen_in", "changed_in", "updated_at"]

    @admin.display(description=_("name"))
    def name(self, obj):
        return obj.record.get("name", "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
