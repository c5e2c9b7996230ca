"""Why an application got its amount, in the reader's language, from the stored explanation."""

from django.utils.translation import gettext as _

from hub.numbers import number
from tenants.funding import allocation


def explanation_text(application) -> str:
    """One or two sentences, e.g. "Score 78.00 of 100. Capped at the amount requested."."""
    data = application.explanation or {}
    status = data.get("status")
    if not status:
        return ""
    score = _("Score %(score)s of 100.") % {"score": number(data["score"], 2)}
    if status == allocation.FIXED:
        return score + " " + _("Amount set by hand: %(reason)s") % {
            "reason": application.override_reason}
    if status == allocation.NOTHING_REQUESTED:
        return score + " " + _("Nothing was requested.")
    if status == allocation.BELOW_MINIMUM:
        return score + " " + _("Below the minimum score of %(min)s: no money.") % {
            "min": number(data["min_score"], 2)}
    if status == allocation.CAPPED_REQUEST:
        return score + " " + _("Its share reached the amount requested, so it gets all of it; "
                               "the rest went to the others.")
    if status == allocation.CAPPED_COSTS:
        return score + " " + _("Its share reached %(percent)s %% of its costs, the most a "
                               "service may get; the rest went to the others.") % {
            "percent": number(data["cap_percent"], 0)}
    text = score + " " + _("Share in proportion to score × request (%(weight)s): %(exact)s") % {
        "weight": number(data["weight"], 0), "exact": number(data["exact"], 2)}
    if data.get("rounded_up"):
        text += ", " + _("rounded up (one of the largest remainders).")
    else:
        text += ", " + _("rounded down.")
    return text
