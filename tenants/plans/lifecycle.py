"""The plan's lifecycle: which state may follow which, and what each step needs.

draft → public discussion (from–to; may be closed early, with a reason) → approved (council
resolution no. + date, only after the discussion is over, SK 448/2008 §83(4), CZ 108/2006
§95) → in force on the day it takes effect (never before its period starts) → expired at the
end of its period, or superseded the day before its successor takes effect. Discussion can go
back to draft. Only one plan is ever in force on one legal basis.
"""

from django.utils.translation import gettext_lazy as _

from tenants.plans.models import Plan

S = Plan.Status

# action: (from states, to state)
TRANSITIONS = {
    "start_discussion": ({S.DRAFT}, S.DISCUSSION),
    "close_discussion": ({S.DISCUSSION}, S.DISCUSSION),
    "back_to_draft": ({S.DISCUSSION}, S.DRAFT),
    "approve": ({S.DISCUSSION}, S.APPROVED),
    "put_in_force": ({S.APPROVED}, S.IN_FORCE),
    "expire": ({S.IN_FORCE, S.APPROVED}, S.EXPIRED),
}

ACTION_LABELS = {
    "start_discussion": _("Open the public discussion"),
    "close_discussion": _("Close the public discussion early"),
    "back_to_draft": _("Return to draft"),
    "approve": _("Record the council's approval"),
    "put_in_force": _("Put in force"),
    "expire": _("End the plan early"),
}

#: States in which the plan's content (sections, priorities, measures, activities) is edited.
EDITABLE = {S.DRAFT, S.DISCUSSION}
#: States the public may see.
PUBLIC = {S.DISCUSSION, S.APPROVED, S.IN_FORCE, S.EXPIRED, S.SUPERSEDED}
#: States in which yearly action plans and evaluations are kept.
OPERATIONAL = {S.APPROVED, S.IN_FORCE, S.EXPIRED, S.SUPERSEDED}
#: Stored states of a plan that is, or is going to be, in force (its dates say which).
SCHEDULED = {S.APPROVED, S.IN_FORCE}


def actions_from(status: str) -> list[str]:
    return [action for action, (sources, _target) in TRANSITIONS.items() if status in sources]
