"""Forms of working-group and meeting pages; they validate input, services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.honeypot import HoneypotForm
from hub.richtext import RichTextarea
from tenants.common.models import TargetGroup
from tenants.participation.models import Meeting, Member, WorkingGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
CONSENT = _("I agree that the municipality processes my personal data for the work of the "
            "working group (name, organisation, e-mail, phone) until I withdraw.")


class GroupForm(forms.ModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["name", "kind", "target_group", "description", "open_to_join", "position",
                  "is_active"]
        widgets = {"description": RichTextarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].queryset = TargetGroup.objects.filter(is_active=True)


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "organisation", "sector", "role", "email", "phone", "note"]


class JoinForm(HoneypotForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation (if you represent one)"),
                                   max_length=200, required=False)
    sector = forms.ChoiceField(label=_("You take part as"), choices=Member.Sector.choices,
                               initial=Member.Sector.PUBLIC)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(label=CONSENT, required=False)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "groups", "date", "starts_at", "ends_at", "place", "room", "agenda",
                  "open_to_public", "capacity"]
        widgets = {"date": DATE, "starts_at": TIME, "ends_at": TIME,
                   "groups": forms.CheckboxSelectMultiple,
                   "agenda": RichTextarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = WorkingGroup.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Meeting.Status.choices)


class RegistrationForm(HoneypotForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    organisation = forms.CharField(label=_("Organisation (if you represent one)"),
                                   max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("I agree that the municipality processes my name and e-mail to organise this "
                "meeting."), required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("minutes"), required=False,
                              widget=RichTextarea(attrs={"rows": 14}))
    public_attendees = forms.IntegerField(label=_("other attendees (not members)"), min_value=0,
                                          initial=0, required=False)
    publish = forms.BooleanField(label=_("Published on the public page"), required=False)


class FileForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    file = forms.FileField(label=_("file"))
