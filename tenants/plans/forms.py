"""Forms of the plans' staff and public pages; they validate input, services do the writing."""

from django import forms
from django.forms import formset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from hub.honeypot import HoneypotForm
from hub.richtext import RichTextarea
from tenants.plans.models import (
    ActionItem,
    Activity,
    Comment,
    EvaluationEntry,
    Measure,
    Plan,
    Priority,
    Status,
    TargetGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["legal_basis", "title", "year_from", "year_to", "vision"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_to"] < data["year_from"]:
            self.add_error("year_to", _("The period cannot end before it starts."))
        return data


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    discussion_from = forms.DateField(label=_("public discussion from"), required=False,
                                      widget=DATE)
    discussion_to = forms.DateField(label=_("public discussion until"), required=False,
                                    widget=DATE)
    resolution_number = forms.CharField(label=_("council resolution number"), required=False,
                                        max_length=60)
    resolution_date = forms.DateField(label=_("council resolution date"), required=False,
                                      widget=DATE)
    in_force_from = forms.DateField(label=_("in force from"), required=False, widget=DATE)
    supersede = forms.BooleanField(label=_("it supersedes the plan now in force"),
                                   required=False)
    reason = forms.CharField(label=_("reason"), required=False, max_length=500)


class ActionPlanApproveForm(forms.Form):
    body = forms.CharField(label=_("approved by (body)"), max_length=150,
                           help_text=_("e.g. the municipal council or the mayor"))
    reference = forms.CharField(label=_("resolution or record number"), max_length=60)
    approved_on = forms.DateField(label=_("approved on"), widget=DATE)


class AmendForm(forms.Form):
    label = forms.CharField(label=_("amendment"), max_length=120,
                            help_text=_("e.g. “Dodatok č. 1” / “Dodatek č. 1”"))


class SectionForm(forms.Form):
    body = forms.CharField(label=_("text"), required=False,
                           widget=RichTextarea(attrs={"rows": 18}))


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["number", "title", "description", "target_groups", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "target_groups": forms.CheckboxSelectMultiple}


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["number", "title", "description", "responsible", "partners", "target_groups",
                  "service_types", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "partners": forms.Textarea(attrs={"rows": 2}),
                   "target_groups": forms.CheckboxSelectMultiple}


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    source = forms.CharField(label=_("source"), max_length=150)
    amount = forms.DecimalField(label=_("amount (€/Kč)"), min_value=0, max_digits=14,
                                decimal_places=2)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("indicator"), max_length=250)
    unit = forms.CharField(label=_("unit"), max_length=60)
    baseline = forms.DecimalField(label=_("baseline"), required=False, max_digits=14,
                                  decimal_places=2)
    targets = forms.CharField(
        label=_("targets per year"), required=False, max_length=500,
        help_text=_("Year: value, separated by commas — e.g. “2024: 10, 2025: 12”."))

    def clean_targets(self):
        raw = self.cleaned_data["targets"].strip()
        result = {}
        for part in filter(None, (p.strip() for p in raw.split(","))):
            year, sep, value = part.partition(":")
            try:
                if not sep:
                    raise ValueError
                result[str(int(year.strip()))] = str(float(value.strip().replace(" ", "")))
            except ValueError:
                raise forms.ValidationError(
                    _("Write the targets as “year: value”, separated by commas.")) from None
        return result


BudgetLineFormSet = formset_factory(BudgetLineForm, extra=2, can_delete=True)
IndicatorFormSet = formset_factory(IndicatorForm, extra=1, can_delete=True)


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["number", "title", "description", "responsible", "weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["activity", "deadline", "responsible", "budget", "done"]
        widgets = {"deadline": DATE}
        # The foreign key has no verbose name of its own: Django's default "Activity" is
        # English on every language's form.
        labels = {"activity": _("activity")}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            measure__priority__plan=plan).select_related("measure__priority")


class EvaluationEntryForm(forms.ModelForm):
    class Meta:
        model = EvaluationEntry
        fields = ["status", "progress", "spending", "narrative", "evidence"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 2}),
                   "evidence": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        if data.get("status") in (Status.IN_PROGRESS, Status.PARTIAL) and \
                data.get("progress") is None:
            # xgettext:no-python-format
            self.add_error("progress", _("Enter the progress in % for this state."))
        return data


class IndicatorValueForm(forms.Form):
    value = forms.DecimalField(label=_("actual value"), required=False, max_digits=14,
                               decimal_places=2)


class CommentForm(HoneypotForm, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the municipality processes my comment, and my name and e-mail "
                "if I give them, for the public discussion of this plan."),
        error_messages={"required": _("Please agree to the processing of your comment.")})

    about = forms.ChoiceField(label=_("Your comment is about"), required=False)

    class Meta:
        model = Comment
        fields = ["about", "name", "email", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        choices = [("", _("the plan as a whole"))]
        if plan is not None:
            for priority in plan.priorities.prefetch_related("measures"):
                choices.append((f"p{priority.pk}", str(priority)))
                choices += [(f"m{m.pk}", f"— {m.code} {m.title}")
                            for m in priority.measures.all()]
        self.fields["about"].choices = choices

    def clean_about(self):
        """(priority, measure) the comment is about; the choices are this plan's only."""
        about = self.cleaned_data.get("about") or ""
        if not about:
            return (None, None)
        kind, pk = about[0], int(about[1:])
        if kind == "p":
            return (self.plan.priorities.get(pk=pk), None)
        return (None, Measure.objects.select_related("priority").get(
            pk=pk, priority__plan=self.plan))


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", _("Answer and publish")),
                                        ("reject", _("Reject")), ("reopen", _("Reopen"))])
    answer = forms.CharField(label=_("answer"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


TargetGroupFormSet = modelformset_factory(TargetGroup, fields=["name", "position", "is_active"],
                                          extra=1, can_delete=False)
