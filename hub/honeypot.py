"""The honeypot of the public forms: a field people never see and spam bots fill in."""

from django import forms
from django.utils.html import format_html


class HoneypotInput(forms.TextInput):
    """Off-screen, out of the tab order and hidden from screen readers; a hidden field to the
    templates, so ``includes/field.html`` gives it no label or box."""

    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def render(self, *args, **kwargs):
        return format_html('<div class="hp" aria-hidden="true">{}</div>',
                           super().render(*args, **kwargs))


class HoneypotForm(forms.Form):
    """Mixed into a public form (before ``forms.ModelForm`` for a model form). The view answers
    a caught bot as if all went well and saves nothing."""

    website = forms.CharField(required=False, label="website", widget=HoneypotInput())

    def caught_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
