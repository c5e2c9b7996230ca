"""A progress bar tells a screen reader what it measures, not only how far it got."""

from django.template.loader import render_to_string
from django.utils import translation


def test_a_progress_bar_is_named_by_what_it_measures():
    with translation.override("sk"):
        html = render_to_string("includes/progress.html", {"value": 42.5, "label": "Seniori"})
        plain = render_to_string("includes/progress.html", {"value": 10})
    assert 'role="progressbar" aria-label="Pokrok: Seniori"' in html
    assert 'aria-valuenow="42.5"' in html
    assert 'aria-label="Pokrok"' in plain
