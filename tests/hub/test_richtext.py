"""The rich-text widget's labels follow the page's language; the sanitiser keeps the editor's
tags (h2 included) and drops scripts and handlers."""

import json
import re

import pytest
from django.utils import translation

from hub.richtext import RichTextarea, sanitize


@pytest.mark.parametrize("language,bold,bullets", [("sk", "Tučné", "Zoznam s odrážkami"),
                                                   ("cs", "Tučně", "Seznam s odrážkami"),
                                                   ("en", "Bold", "Bulleted list")])
def test_the_toolbar_labels_are_in_the_pages_language(language, bold, bullets):
    with translation.override(language):
        html = RichTextarea(attrs={"rows": 4}).render("body", "<p>x</p>", {"id": "id_body"})
    labels = json.loads(re.search(r'data-toolbar="([^"]*)"', html).group(1)
                        .replace("&quot;", '"'))
    assert (labels["bold"], labels["bullets"]) == (bold, bullets)
    assert set(labels) == {"toolbar", "bold", "italic", "heading", "subheading", "bullets",
                           "numbers", "link", "unlink", "source", "link_prompt"}
    assert 'class="richtext"' in html and 'rows="4"' in html
    assert "&lt;p&gt;x&lt;/p&gt;</textarea>" in html


def test_what_the_editor_writes_survives_and_scripts_do_not():
    written = ('<h2>Rozvoz</h2><ul><li>pondelok</li></ul><p><strong>Prihlášky</strong> '
               '<a href="https://alfa.example/">na webe</a></p>'
               '<script>alert(1)</script><p onclick="x()">z</p><a href="javascript:x()">zlý</a>')
    assert sanitize(written) == (
        '<h2>Rozvoz</h2><ul><li>pondelok</li></ul><p><strong>Prihlášky</strong> '
        '<a href="https://alfa.example/" rel="noopener noreferrer nofollow">na webe</a></p>'
        '<p>z</p><a rel="noopener noreferrer nofollow">zlý</a>')
