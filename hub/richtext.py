"""Rich text that staff write: sanitised to a small allow-list of tags (no scripts or
styles), edited through a textarea that komplan/richtext.js turns into a toolbar editor."""

import json
import re

import nh3
from django import forms
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

# h2 too: a text that sits right under a page's h1 (news, legal notices) starts its headings
# there, or a screen reader's outline skips a level.
TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td", "a"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def sanitize(text: str) -> str:
    """Clean HTML; plain text (no tags at all) becomes paragraphs, so nothing typed is lost."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        return linebreaks(escape(text))
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


# The editor's labels, in the page's language (read at render time, not at import).
TOOLBAR = {"toolbar": _("Text formatting"), "bold": _("Bold"), "italic": _("Italic"),
           "heading": _("Heading"), "subheading": _("Subheading"),
           "bullets": _("Bulleted list"), "numbers": _("Numbered list"), "link": _("Link"),
           "unlink": _("Remove the link"), "source": _("Show the HTML"),
           "link_prompt": _("Address of the link (https://…)")}


class RichTextarea(forms.Textarea):
    """A textarea with the editor's translated labels; without JavaScript it stays one."""

    def __init__(self, attrs=None):
        super().__init__({"class": "richtext", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-toolbar"] = json.dumps(
            {key: str(label) for key, label in TOOLBAR.items()}, ensure_ascii=False)
        return context
