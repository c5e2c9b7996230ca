"""Forms of the coordinators' pages: a norm of the region."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hub import taxonomy


class RegionNormForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service type"))
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    unit = forms.ChoiceField(label=_("Unit"))
    # No min_value: the service says why a norm of 0 or less is refused, in one message.
    # Localized: a Slovak or Czech coordinator types "25,5".
    per_1000 = forms.DecimalField(label=_("Places per 1,000 of the target population"),
                                  max_digits=8, decimal_places=2, localize=True)
    note = forms.CharField(label=_("Source of the norm"), max_length=250, required=False,
                           help_text=_("E.g. the region's medium-term plan, a resolution."))

    def __init__(self, *args, country: str, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or "sk")[:2]
        # An empty first choice: the form never proposes a type the coordinator did not pick.
        self.fields["service_type"].choices = [("", "—")] + [
            (t.code, f"{taxonomy.name(t.code, language)} ({t.paragraph})")
            for t in taxonomy.service_types(country)]
        self.fields["target_group"].choices = [("", _("all target groups"))] + [
            (t.code, taxonomy.name(t.code, language)) for t in taxonomy.target_groups()]
        self.fields["unit"].choices = [(t.code, taxonomy.name(t.code, language))
                                       for t in taxonomy.units()]
