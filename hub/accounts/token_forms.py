"""The forms that make a token: a municipality's API token (hub/accounts/views_tokens.py) and,
through their shared expiry, a coordinator's (hub/regional/views_tokens.py)."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.accounts import tokens
from hub.accounts.models import ApiToken


class TokenExpiryForm(forms.Form):
    """The optional last day of a token, last on the form."""

    expires_on = forms.DateField(label=_("Valid until"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Empty: until revoked."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"] = self.fields.pop("expires_on")  # a base's field comes first

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return day

    def expires_at(self):
        """The end of the chosen day in the municipality's time zone, or None."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class TokenForm(TokenExpiryForm):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("Who uses it and what for, e.g. “Town website”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices,
                              initial=ApiToken.Scope.READ, widget=forms.RadioSelect)
    resources = forms.MultipleChoiceField(
        label=_("Resources"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all of them, including those added later."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].choices = [(name, name) for name in tokens.resource_names()]
