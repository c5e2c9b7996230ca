"""Evidence of a self-assessment's criterion: this municipality's Komplan objects, named
"kind:id", read through the planning apps' selectors, and links.

Meetings (with their minutes), plans, published evaluations and published public comments can
be chosen; documents and surveys live in apps of the same layer as funding (analysis,
documents), which it may not read, so they are given as links (their addresses in Komplan)."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenants.participation import selectors as participation
from tenants.plans import selectors as plans

KINDS = {
    "meeting": gettext_lazy("Meetings and their minutes"),
    "plan": gettext_lazy("Plans"),
    "evaluation": gettext_lazy("Evaluations"),
    "comment": gettext_lazy("Public comments"),
}
MAX_ITEMS = 20
MAX_LINKS = 10


def _meetings():
    for m in participation.meetings_for_feed().order_by("-date", "-starts_at")[:200]:
        minutes = " · " + _("minutes") if m.minutes else ""
        yield m.pk, f"{m.date:%d.%m.%Y} {m.title}{minutes}", reverse(
            "participation:staff_meeting", args=[m.pk])


def _plans():
    for p in plans.plans_for_staff().order_by("-year_from", "pk"):
        yield p.pk, str(p), reverse("plans:staff_plan", args=[p.pk])


def _evaluations():
    for e in plans.evaluations_public().select_related("plan").order_by("-year", "pk"):
        yield e.pk, _("Evaluation %(year)s of %(plan)s") % {"year": e.year, "plan": e.plan.title}, \
            reverse("plans:staff_evaluation", args=[e.plan_id, e.year])


def _comments():
    for c in plans.comments_public().order_by("-created_at")[:200]:
        yield c.pk, f"{c.created_at:%d.%m.%Y} {Truncator(c.text).chars(70)}", reverse(
            "plans:staff_comments", args=[c.plan_id])


SOURCES = {"meeting": _meetings, "plan": _plans, "evaluation": _evaluations,
           "comment": _comments}


def known() -> dict[str, tuple[str, str]]:
    """{"kind:id": (label, staff address)} of every object that can be chosen now."""
    return {f"{kind}:{pk}": (label, url) for kind, source in SOURCES.items()
            for pk, label, url in source()}


def choices(found: dict | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: [(group label, [(value, label)])]."""
    found = known() if found is None else found
    return [(str(label), [(value, text) for value, (text, _url) in found.items()
                          if value.startswith(kind + ":")])
            for kind, label in KINDS.items()
            if any(v.startswith(kind + ":") for v in found)]


def check(values, links, *, found: dict | None = None) -> tuple[list[str], list[str]]:
    """The evidence and links, cleaned; a ValidationError names what is not acceptable."""
    found = known() if found is None else found
    values = list(dict.fromkeys(str(v).strip() for v in values or [] if str(v).strip()))
    links = list(dict.fromkeys(str(u).strip() for u in links or [] if str(u).strip()))
    errors = []
    unknown = [v for v in values if v not in found]
    if unknown:
        errors.append(_("These objects are not in this municipality's Komplan: %(items)s.")
                      % {"items": ", ".join(unknown[:5])})
    if len(values) > MAX_ITEMS:
        errors.append(_("At most %(n)d objects per criterion.") % {"n": MAX_ITEMS})
    if len(links) > MAX_LINKS:
        errors.append(_("At most %(n)d links per criterion.") % {"n": MAX_LINKS})
    validate = URLValidator(schemes=["http", "https"])
    for url in links:
        try:
            validate(url)
        except ValidationError:
            errors.append(_("“%(url)s” is not a web address (https://…).") % {"url": url[:80]})
    if errors:
        raise ValidationError(errors)
    return values, links


def described(values, found: dict) -> list[dict]:
    """[{label, url}] of chosen evidence; an object removed since is named as gone."""
    return [{"label": found[v][0], "url": found[v][1]} if v in found
            else {"label": _("%(item)s (no longer exists)") % {"item": v}, "url": ""}
            for v in values]
