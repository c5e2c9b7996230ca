"""Forms of the optimal network pages."""

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hub import taxonomy
from tenants.analysis.models import NetworkItem


def _language() -> str:
    return (get_language() or "sk")[:2]


class DescriptionForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"))
    title = forms.CharField(label=_("Title"), max_length=250,
                            initial=_("Description of the optimal network of social services"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, str(p)) for p in plans]


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Approved on"),
                                  widget=forms.DateInput(attrs={"type": "date"},
                                                         format="%Y-%m-%d"))
    resolution = forms.CharField(label=_("Council resolution number"), max_length=60,
                                 required=False)


class ItemForm(forms.Form):
    """Only shapes here: the rules (capacity, the plan's years, cost) are the service's, so
    the page and the API answer with the same messages."""

    # A context: Django admin's "Action" (Akcia / Operace) would win over ours.
    action = forms.ChoiceField(label=pgettext_lazy("optimal network", "Action"),
                               choices=NetworkItem.Action.choices)
    service_type = forms.ChoiceField(label=_("Service type"))
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    capacity = forms.IntegerField(label=_("Capacity"))
    unit = forms.ChoiceField(label=_("Unit"))
    place = forms.CharField(label=_("Place"), max_length=150, help_text=_(
        "A town, a part of the territory or “the whole territory”."))
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    year = forms.IntegerField(label=_("Year"))
    cost = forms.DecimalField(label=_("Estimated cost per year"), required=False,
                              max_digits=14, decimal_places=2)
    gap_key = forms.ChoiceField(label=_("Gap it answers"), required=False)
    measures = forms.MultipleChoiceField(label=_("Plan measures that carry it out"),
                                         required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, country="SK", plan=None, measures=(), providers=(), gaps=(),
                 currency="€", **kwargs):
        super().__init__(*args, **kwargs)
        language = _language()
        self.fields["service_type"].choices = [("", "—")] + [
            (t.code, f"{taxonomy.name(t.code, language)} ({t.paragraph})")
            for t in taxonomy.service_types(country)]
        self.fields["target_group"].choices = [("", _("all target groups"))] + [
            (t.code, taxonomy.name(t.code, language)) for t in taxonomy.target_groups()]
        self.fields["unit"].choices = [(t.code, taxonomy.name(t.code, language))
                                       for t in taxonomy.units()]
        self.fields["provider"].choices = [("", _("not chosen yet"))] + [
            (p.pk, p.name) for p in providers]
        self.fields["gap_key"].choices = [("", _("none"))] + list(gaps)
        self.fields["measures"].choices = [(m.pk, f"{m.code} {m.title}") for m in measures]
        self.fields["cost"].label = _("Estimated cost per year (%(currency)s)") % {
            "currency": currency}
        if plan is not None:
            self.fields["year"].help_text = _("Within the plan's years, %(start)s–%(end)s.") % {
                "start": plan.year_from, "end": plan.year_to}

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["measures"] = [int(pk) for pk in data.get("measures") or []]
        provider = data.pop("provider", None)
        data["provider_id"] = int(provider) if provider else None
        return data
