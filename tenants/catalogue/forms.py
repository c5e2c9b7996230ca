"""Forms of the catalogue's staff pages and public search."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hub import taxonomy
from tenants.catalogue import capacities, coverage, selectors
from tenants.catalogue import hours as hours_text
from tenants.catalogue.models import Provider, Service
from tenants.catalogue.tabular import MAX_BYTES

MAX_RPSS_BYTES = 80 * 1024 * 1024


def _type_choices(language):
    country = selectors.country()
    groups = []
    for group in taxonomy.type_groups(country):
        members = [(t.code, f"{t.name(language)} ({t.paragraph})")
                   for t in taxonomy.service_types(country) if t.group == group.code]
        groups.append((group.name(language), members))
    return groups


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type of service"), required=False)
    target_group = forms.ChoiceField(label=_("Target group"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)
    town = forms.ChoiceField(label=_("Place"), required=False)

    def __init__(self, *args, language="sk", towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("— any —"))]
        self.fields["type"].choices = anything + _type_choices(language)
        self.fields["target_group"].choices = anything + taxonomy.choices(
            taxonomy.target_groups(), language)
        self.fields["form"].choices = anything + taxonomy.choices(
            taxonomy.forms(selectors.country()), language)
        self.fields["town"].choices = anything + [(t, t) for t in towns]


class ProviderForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = ["name", "legal_form", "ico", "website", "email", "phone", "address",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ServiceForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.all(),
                                      to_field_name="uuid")
    name = forms.CharField(label=_("Name"), max_length=250)
    service_type = forms.ChoiceField(label=_("Type of service"))
    form = forms.ChoiceField(label=_("Form"))
    target_groups = forms.MultipleChoiceField(label=_("Target groups"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    age_from = forms.IntegerField(label=_("Age from"), required=False, min_value=0,
                                  max_value=130)
    age_to = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=130)
    capacities = forms.CharField(
        label=_("Registered capacity"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The registered maximum (not free places), one line per form: the form, "
                    "the number and the unit, e.g. “terénní 120 klienti”."))
    status = forms.ChoiceField(label=_("Status"), choices=Service.Status.choices)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    fees = forms.CharField(label=_("Fees"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    eligibility = forms.CharField(label=_("Who it is for"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    registry_id = forms.CharField(label=_("National registry identifier"), required=False,
                                  max_length=40)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    covers = forms.CharField(
        label=_("Area covered"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: your municipality's territory. Otherwise territorial units, one per "
                    "line, e.g. “Středočeský kraj”, “okres Benešov”, “Vlašim”."))
    hidden_address = forms.BooleanField(
        label=_("Keep the address secret"), required=False,
        help_text=_("E.g. a shelter for victims of domestic violence: the service is published "
                    "without any place or address."))
    place_name = forms.CharField(label=_("Name of the place"), required=False, max_length=250)
    address = forms.CharField(label=_("Street and number"), required=False, max_length=250)
    town = forms.CharField(label=_("Town"), required=False, max_length=120)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=10)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90,
                                  max_value=90, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, min_value=-180,
                                   max_value=180, decimal_places=6)
    accessibility = forms.CharField(label=_("Accessibility"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    hours = forms.CharField(label=_("Opening hours"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("E.g. “Po-Pi 08:00-15:30; So 09:00-12:00”."))

    PLACE = ["place_name", "address", "town", "postal_code", "latitude", "longitude",
             "accessibility", "hours"]

    def __init__(self, *args, language="sk", **kwargs):
        super().__init__(*args, **kwargs)
        country = selectors.country()
        self.fields["service_type"].choices = [("", "—")] + _type_choices(language)
        self.fields["form"].choices = taxonomy.choices(taxonomy.forms(country), language)
        self.fields["target_groups"].choices = taxonomy.choices(taxonomy.target_groups(),
                                                                language)
        self.existing_capacities = (kwargs.get("initial") or {}).get("_capacities", [])

    def clean_hours(self):
        try:
            return hours_text.parse(self.cleaned_data["hours"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def clean_capacities(self):
        lines, errors = capacities.parse(self.cleaned_data["capacities"], selectors.country(),
                                         existing=self.existing_capacities)
        if errors:
            raise ValidationError(errors)
        return lines

    def clean_covers(self):
        keys, errors = coverage.resolve(self.cleaned_data["covers"])
        if errors:
            raise ValidationError(errors)
        return keys

    def clean(self):
        data = super().clean()
        place = [data.get(k) for k in self.PLACE if k != "hours"]
        if any(v not in (None, "") for v in place) or data.get("hours"):
            for required in ("address", "town"):
                if not data.get(required):
                    self.add_error(required, _("A place needs a street and a town."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        place = {k: data.pop(k) for k in self.PLACE}
        if place["address"] or place["town"]:
            place["name"] = place.pop("place_name")
            data["place"] = place
        else:
            data["place"] = None
        return data

    @classmethod
    def initial_for(cls, service, language) -> dict:
        initial = {name: getattr(service, name) for name in (
            "provider", "name", "service_type", "form", "target_groups", "age_from", "age_to",
            "status", "description", "fees", "eligibility", "registry_id", "phone", "email",
            "website", "hidden_address")}
        initial["capacities"] = capacities.render(service.capacities, language, "\n")
        initial["_capacities"] = service.capacities
        initial["covers"] = "\n".join(d["label"] for d in coverage.describe(service.covers,
                                                                            language))
        place = service.locations.first()
        if place is not None:
            initial.update({"place_name": place.name, "address": place.address,
                            "town": place.town, "postal_code": place.postal_code,
                            "latitude": place.latitude, "longitude": place.longitude,
                            "accessibility": place.accessibility,
                            "hours": hours_text.render(place.hours.all(), language)})
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.")
                                  % {"mb": MAX_BYTES // 2**20})
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class RpssImportForm(forms.Form):
    file = forms.FileField(label=_("The file rpss.json from the registry's open data"),
                           help_text=_("Only the services of your territory are imported; the "
                                       "file is read on the server, you can leave the page."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RPSS_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.")
                                  % {"mb": MAX_RPSS_BYTES // 2**20})
        if not upload.name.lower().endswith(".json"):
            raise ValidationError(_("Upload the registry's rpss.json."))
        return upload
