"""Forms of the portal's staff pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.richtext import RichTextarea
from tenants.portal.models import Document, Introduction, NewsItem


class IntroductionForm(forms.ModelForm):
    class Meta:
        model = Introduction
        fields = ["heading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class NewsForm(forms.ModelForm):
    published_at = forms.DateTimeField(
        label=_("published"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: a draft. A future time: published then."))

    class Meta:
        model = NewsItem
        fields = ["title", "summary", "body", "published_at"]
        widgets = {"body": RichTextarea(attrs={"rows": 12}),
                   "summary": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=250, required=False,
                            help_text=_("Empty: the file's name."))
    category = forms.ChoiceField(label=_("category"), choices=Document.Category.choices)
    description = forms.CharField(label=_("description"), max_length=500, required=False)
    file = forms.FileField(label=_("file"), help_text=_(
        "PDF, Word, Excel, OpenDocument, PowerPoint, PNG, JPEG, TXT or CSV; at most 20 MB."))


class LegalNoticeForm(forms.Form):
    text = forms.CharField(label=_("text"), required=False, max_length=50000,
                           widget=RichTextarea(attrs={"rows": 20}),
                           help_text=_("Empty: the default text for your country is shown."))
