"""Sanitising rich text that staff write: a small allow-list of tags, no scripts or styles."""

import re

import nh3
from django.utils.html import escape, linebreaks

TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote",
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
