"""What the survey pages show: the results with their bars and figures in the active
language, and the exports' cells."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tenants.analysis import charts
from tenants.analysis.models import Question
from tenants.analysis.surveys import selectors


def _fmt(value, places: int = 0) -> str:
    return number_format(value, places, force_grouping=True)


def count_percent(row: dict) -> str:
    return f"{_fmt(row['count'])} ({_fmt(row['percent'], 1)} %)"


def results_view(survey, *, texts_shown: int = 0) -> dict:
    """Each question's answers: bars and a table for choices and the scale, the figures of a
    number, and (``texts_shown`` > 0, staff only) the latest free texts."""
    found = selectors.results(survey)
    items = []
    for result in found.questions:
        question = result.question
        item = {"result": result, "question": question, "chart": None, "stats": None,
                "texts": [], "kind": question.get_kind_display()}
        if result.rows and result.answered:
            item["chart"] = charts.option_bars(
                title=_("Answers to “%(question)s”") % {"question": question.text},
                rows=result.rows, value_label=count_percent)
            item["rows"] = [{**row, "shown": count_percent(row)} for row in result.rows]
        if result.stats:
            item["stats"] = {k: _fmt(v, 2 if k in ("mean", "median") else 0
                                     if v == v.to_integral_value() else 2)
                             for k, v in result.stats.items()}
        if texts_shown and question.kind == Question.Kind.TEXT:
            item["texts"] = list(selectors.text_answers(question)[:texts_shown])
        items.append(item)
    return {"results": found, "items": items}
