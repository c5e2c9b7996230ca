"""Staff forms of funding rounds; they parse input, the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.taxonomy import quality_area_name
from tenants.funding import services
from tenants.funding.models import Application, Criterion, QualityAnswer, Round

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = services.ROUND_FIELDS
        widgets = {"applications_from": DATE, "applications_until": DATE, "decision_on": DATE,
                   "description": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "kind", "weight", "max_points", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


CriterionFormSet = forms.modelformset_factory(Criterion, form=CriterionForm, extra=1,
                                              can_delete=True)


class MeasureChoice(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        return f"{measure.code} {measure.title} ({measure.priority.plan.title})"


class ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, service):
        return f"{service.name} — {service.provider.name}"


class ApplicationForm(forms.ModelForm):
    service = ServiceChoice(label=_("service"), queryset=None)
    measure = MeasureChoice(label=_("plan measure"), queryset=None, required=False)

    class Meta:
        model = Application
        fields = ["service", "measure", "requested", "personnel_costs", "operating_costs",
                  "other_sources", "capacity", "capacity_unit", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services.service_choices().select_related("provider")
        self.fields["measure"].queryset = services.measure_choices()
        if self.instance.pk:
            # The service is who applied; another service applies with its own application.
            self.fields["service"].disabled = True


class ScoreForm(forms.Form):
    """Points and a reason for each criterion staff score."""

    def __init__(self, *args, criteria, given, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            score = given.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=_("%(criterion)s — points (0 to %(max)s)") % {
                    "criterion": criterion.name, "max": criterion.max_points},
                min_value=0, max_value=criterion.max_points, decimal_places=2,
                initial=score.points if score else None, help_text=criterion.description)
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}),
                initial=score.reason if score else "")

    def scores(self) -> dict:
        data = self.cleaned_data
        return {c: (data[f"points_{c.pk}"], data[f"reason_{c.pk}"]) for c in self.criteria}


class OverrideForm(forms.Form):
    amount = forms.DecimalField(label=_("amount set by hand"), required=False, min_value=0,
                                decimal_places=0,
                                help_text=_("Leave empty to take the amount the rule gives."))
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}))


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Round.State.choices)


class ProviderApplicationForm(forms.ModelForm):
    """What a provider fills in behind its link (its service is given by the page)."""

    class Meta:
        model = Application
        fields = ["requested", "personnel_costs", "operating_costs", "other_sources",
                  "capacity", "capacity_unit", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class SelfAssessmentForm(forms.Form):
    """The year, a summary and, per criterion, a status, a comment, evidence and links.

    The fields of criterion "2.3" are "c2.3-status", "c2.3-comment", "c2.3-evidence" and
    "c2.3-links"; ``areas()`` groups them for the template, ``answers()`` for the service."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Summary"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, evidence_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.code}-status"] = forms.ChoiceField(
                label=_("Status"), choices=QualityAnswer.Status.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose met, partly met, not met or not "
                                              "applicable.")})
            self.fields[f"c{c.code}-comment"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
            if evidence_choices:  # nothing to choose yet: no empty box
                self.fields[f"c{c.code}-evidence"] = forms.MultipleChoiceField(
                    label=_("Evidence in Komplan"), required=False, choices=evidence_choices,
                    widget=forms.SelectMultiple(attrs={"size": 4}),
                    help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."))
            self.fields[f"c{c.code}-links"] = forms.CharField(
                label=_("Other evidence: web addresses, one a line"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_from(assessment) -> dict:
        initial = {"year": assessment.year, "note": assessment.note}
        for a in assessment.answers.all():
            initial.update({f"c{a.criterion}-status": a.status,
                            f"c{a.criterion}-comment": a.comment,
                            f"c{a.criterion}-evidence": a.evidence,
                            f"c{a.criterion}-links": "\n".join(a.links)})
        return initial

    def areas(self) -> list[dict]:
        grouped = {}
        for c in self.criteria:
            grouped.setdefault(c.area, []).append({
                "code": c.code, "text": c.text,
                "fields": {part: self[f"c{c.code}-{part}"]
                           for part in ("status", "comment", "evidence", "links")
                           if f"c{c.code}-{part}" in self.fields}})
        return [{"code": area, "name": quality_area_name(area), "criteria": rows}
                for area, rows in grouped.items()]

    def codes_with_errors(self) -> list[str]:
        """The criteria with an error, for the summary at the top of a long form."""
        return [c.code for c in self.criteria
                if any(f"c{c.code}-{part}" in self.errors
                       for part in ("status", "comment", "evidence", "links"))]

    def answers(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {c.code: {"status": data[f"c{c.code}-status"],
                         "comment": data[f"c{c.code}-comment"],
                         "evidence": data.get(f"c{c.code}-evidence") or [],
                         "links": data[f"c{c.code}-links"].split()}
                for c in self.criteria}
