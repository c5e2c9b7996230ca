"""A round's states and the steps between them."""

from django.utils.translation import gettext_lazy as _

from tenants.funding.models import Round

S = Round.State
# (from, to): the label of the step on the staff page.
STEPS = {
    (S.DRAFT, S.OPEN): _("Open for applications"),
    (S.OPEN, S.EVALUATING): _("Close applications and evaluate"),
    (S.EVALUATING, S.OPEN): _("Reopen for applications"),
    (S.EVALUATING, S.DECIDED): _("Record the decision"),
    (S.DECIDED, S.EVALUATING): _("Take the decision back"),
    (S.DECIDED, S.PUBLISHED): _("Publish the results"),
}
# Steps that change what others see or undo work: the staff page asks first.
CONFIRM = {S.DECIDED: _("The amounts are fixed as they are now and can only be changed by "
                        "taking the decision back."),
           S.PUBLISHED: _("Everyone will see on the public site which services got how much "
                          "and why. A published round cannot be changed any more.")}
CRITERIA_EDITABLE = {S.DRAFT, S.OPEN}
APPLICATIONS_EDITABLE = {S.DRAFT, S.OPEN, S.EVALUATING}
SCORING = {S.EVALUATING}
ROUND_EDITABLE = {S.DRAFT, S.OPEN, S.EVALUATING}


def steps_from(state: str) -> list[tuple[str, str]]:
    return [(to, label) for (frm, to), label in STEPS.items() if frm == state]
