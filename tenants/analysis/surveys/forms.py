"""Forms of the needs surveys: the staff's survey and question forms, and the public answer
form built from the questions. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.honeypot import HoneypotForm
from tenants.analysis.models import Question, Survey
from tenants.analysis.surveys.services import TEXT_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONSENT = _("I agree that the municipality keeps this e-mail address with my answers to "
            "contact me about this survey, until I ask for its erasure or its retention period "
            "after the survey closes ends.")
SCALE_LABELS = {1: _("1 — least"), 5: _("5 — most")}


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "audience", "intro", "opens_on", "closes_on"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "intro": forms.Textarea(
            attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data[
                "opens_on"]:
            self.add_error("closes_on", _("The survey must close on or after the day it "
                                          "opens."))
        return data


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    options = forms.CharField(
        label=_("Options, one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for a single or multiple choice. Once answered, an option can be "
                    "reworded or new ones added, but not removed."))
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    help_text = forms.CharField(label=_("Hint under the question"), max_length=300,
                                required=False)
    section = forms.CharField(label=_("Section"), max_length=150, required=False, help_text=_(
        "A heading over this question and the next ones, until another section starts."))
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    @classmethod
    def of(cls, question: Question) -> "QuestionForm":
        return cls(initial={
            "text": question.text, "kind": question.kind, "required": question.required,
            "help_text": question.help_text, "section": question.section,
            "position": question.position,
            "options": "\n".join(o.label for o in question.options.all())})

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = data["options"].splitlines()
        return data


class AnswerForm(HoneypotForm):
    """One field per question (``q<id>``, an e-mail question also ``q<id>_consent``). Only
    the types are parsed here; whether an answer is required or allowed is the service's
    word (services.response_submit), so the page and the rules cannot disagree."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            common = {"label": question.text, "required": False,
                      "help_text": question.help_text}
            kind = question.kind
            if kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(widget=forms.RadioSelect, choices=[
                    (o.pk, o.label) for o in question.options.all()], **common)
            elif kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=[
                    (o.pk, o.label) for o in question.options.all()], **common)
            elif kind == Question.Kind.SCALE:
                field = forms.ChoiceField(widget=forms.RadioSelect, choices=[
                    (v, SCALE_LABELS.get(v, str(v))) for v in range(1, 6)], **common)
            elif kind == Question.Kind.NUMBER:
                # Text, not type=number: a phone keyboard with digits, and "2,5" is accepted.
                field = forms.CharField(max_length=20, widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off"}), **common)
            elif kind == Question.Kind.EMAIL:
                field = forms.CharField(max_length=254, widget=forms.EmailInput(
                    attrs={"autocomplete": "email"}), **common)
                consent = forms.BooleanField(label=CONSENT, required=False)
            else:
                field = forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea(
                    attrs={"rows": 4}), **common)
                field.error_messages["max_length"] = _(
                    "Please shorten the answer to %(limit_value)s characters.")
            field.question = question
            self.fields[name] = field
            if kind == Question.Kind.EMAIL:
                self.fields[f"{name}_consent"] = consent

    def values(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def consents(self) -> frozenset[int]:
        return frozenset(q.pk for q in self.questions if q.kind == Question.Kind.EMAIL
                         and self.cleaned_data.get(f"q{q.pk}_consent"))

    def groups(self) -> list[dict]:
        """The questions in sections: [{title, items: [{question, field, consent, number}]}]."""
        found: list[dict] = []
        for number, question in enumerate(self.questions, start=1):
            name = f"q{question.pk}"
            if question.kind not in (*Question.CHOICES, Question.Kind.SCALE):
                attrs = self.fields[name].widget.attrs
                described = [f"{name}-hint"] if question.help_text else []
                if self.is_bound and self.errors.get(name):
                    attrs["aria-invalid"] = "true"
                    described.append(f"{name}-error")
                if described:
                    attrs["aria-describedby"] = " ".join(described)
            if not found or (question.section and question.section != found[-1]["title"]):
                found.append({"title": question.section, "items": []})
            found[-1]["items"].append({
                "question": question, "number": number, "field": self[f"q{question.pk}"],
                "consent": (self[f"q{question.pk}_consent"]
                            if question.kind == Question.Kind.EMAIL else None),
                "choice": question.kind in (*Question.CHOICES, Question.Kind.SCALE)})
        return found
