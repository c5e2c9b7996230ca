"""Forms of the needs analysis pages."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hub import taxonomy
from tenants.analysis import spreadsheet
from tenants.analysis.models import TargetPopulation

MAX_FILE = 60 * 1024 * 1024  # a national file of the statistical office is ~40 MB


def _language() -> str:
    return (get_language() or "sk")[:2]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Demography file (CSV or XLSX)"), help_text=_(
        "The Czech statistical office's CSV (columns hodnota, vek_txt, pohlavi_kod, "
        "vuzemi_kod, casref_do) or the template: code;year;age_band;count[;sex], as CSV or "
        "as a spreadsheet (XLSX, first sheet). Up to 60 MB; it is imported in the background "
        "and you can leave the page. Rows of other areas are skipped; the years in the file "
        "replace what the areas had."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE:
            raise forms.ValidationError(_("The file is larger than 60 MB."))
        name = (upload.name or "").lower()
        head = upload.read(4096)
        upload.seek(0)
        # A spreadsheet is a zip archive; any other binary file has NUL bytes early, which a
        # CSV in UTF-8 or Windows-1250 never has. Refused here, not minutes later on the worker.
        if name.endswith(".xlsx") and spreadsheet.is_workbook(upload):
            return upload
        if not name.endswith((".csv", ".txt")) or b"\x00" in head:
            raise forms.ValidationError(_(
                "Choose a CSV file (.csv) or a spreadsheet (.xlsx): the statistical office's "
                "CSV or the template."))
        return upload


class EntryForm(forms.Form):
    area_code = forms.ChoiceField(label=_("Area"))
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    age_0_14 = forms.IntegerField(label=_("aged 0–14"), min_value=0, required=False)
    age_15_64 = forms.IntegerField(label=_("aged 15–64"), min_value=0, required=False)
    age_65_79 = forms.IntegerField(label=_("aged 65–79"), min_value=0, required=False)
    age_80 = forms.IntegerField(label=_("aged 80 and over"), min_value=0, required=False)

    BANDS = {"age_0_14": (0, 14), "age_15_64": (15, 64), "age_65_79": (65, 79),
             "age_80": (80, None)}

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].choices = [(a["code"], f'{a["name"]} ({a["code"]})')
                                            for a in areas]

    def counts(self) -> dict:
        return {band: self.cleaned_data.get(name) for name, band in self.BANDS.items()}


def _type_choices(country: str):
    language = _language()
    return [(t.code, f"{taxonomy.name(t.code, language)} ({t.paragraph})")
            for t in taxonomy.service_types(country)]


class NormForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service type"))
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    unit = forms.ChoiceField(label=_("Unit"))
    per_1000 = forms.DecimalField(label=_("Places per 1,000 of the target population"),
                                  min_value=0, max_digits=8, decimal_places=2)
    note = forms.CharField(label=_("Source of the norm"), max_length=250, required=False)

    def __init__(self, *args, country="CZ", **kwargs):
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["service_type"].choices = _type_choices(country)
        self.fields["target_group"].choices = [("", _("all target groups"))] + [
            (t.code, taxonomy.name(t.code, language)) for t in taxonomy.target_groups()]
        self.fields["unit"].choices = [(t.code, taxonomy.name(t.code, language))
                                       for t in taxonomy.units()]


class TargetForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service type"))
    target = forms.ChoiceField(label=_("Target population"), required=False)

    def __init__(self, *args, country="CZ", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = _type_choices(country)
        self.fields["target"].choices = [("", _("the default"))] + list(
            TargetPopulation.choices)
