"""The plan's lifecycle: which state may follow which, and what each step needs.

draft → public discussion (from–to) → approved (council resolution no. + date) → in force
→ expired / superseded. Discussion can go back to draft. Putting a plan in force supersedes
the plan then in force on the same legal basis, so only one is ever in force.
"""

from django.utils.translation import gettext_lazy as _

from tenants.plans.models import Plan

S = Plan.Status

# action: (from states, to state)
TRANSITIONS = {
    "start_discussion": ({S.DRAFT}, S.DISCUSSION),
    "back_to_draft": ({S.DISCUSSION}, S.DRAFT),
    "approve": ({S.DISCUSSION}, S.APPROVED),
    "put_in_force": ({S.APPROVED}, S.IN_FORCE),
    "expire": ({S.IN_FORCE, S.APPROVED}, S.EXPIRED),
    "supersede": ({S.IN_FORCE, S.APPROVED}, S.SUPERSEDED),
}

ACTION_LABELS = {
    "start_discussion": _("Open the public discussion"),
    "back_to_draft": _("Return to draft"),
    "approve": _("Record the council's approval"),
    "put_in_force": _("Put in force"),
    "expire": _("Mark as expired"),
    "supersede": _("Mark as superseded"),
}

#: States in which the plan's content (sections, priorities, measures, activities) is edited.
EDITABLE = {S.DRAFT, S.DISCUSSION}
#: States the public may see.
PUBLIC = {S.DISCUSSION, S.APPROVED, S.IN_FORCE, S.EXPIRED, S.SUPERSEDED}
#: States in which yearly action plans and evaluations are kept.
OPERATIONAL = {S.APPROVED, S.IN_FORCE, S.EXPIRED, S.SUPERSEDED}


def actions_from(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]
