"""Forms of generated documents."""

from django import forms

from tenants.documents.models import DocumentSettings, Kind


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(choices=Kind.choices)
    subject_id = forms.IntegerField(required=False, min_value=1)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = ["catalogue_cadence", "leaflets_cadence", "plans_cadence"]
