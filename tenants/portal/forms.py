"""Forms of the portal's staff pages."""

from django import forms

from tenants.portal.models import Introduction


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Introduction
        fields = ["heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
