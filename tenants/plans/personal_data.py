"""Personal data plans hold about an e-mail address: residents' comments on drafts (GDPR export,
erasure and the retention purge; contract in hub/plugins.py, run by tenants/portal/privacy.py).

Erasure keeps a *published* comment's text and the municipality's answer, without the name and
the address: the settlement of comments (vyhodnotenie pripomienok / vypořádání připomínek) is
part of the plan's public record and was published with the commenter's consent; the text is
not tied to anyone once the name and address are gone. A comment still waiting for moderation
or rejected was never public and is deleted whole.
"""

import datetime

from django.db.models import Q

from tenants.plans.models import Comment


def _comments(email: str):
    return Comment.objects.filter(email__iexact=email.strip())


def export(email: str) -> list[dict]:
    return [{"kind": "comment", "plan": c.plan.title,
             "about": str(c.measure or c.priority or c.plan), "created_at": c.created_at.isoformat(),
             "name": c.name, "email": c.email, "text": c.text, "state": c.state,
             "answer": c.answer}
            for c in _comments(email).select_related("plan", "priority", "measure__priority")
            .order_by("created_at")]


def erase(email: str) -> int:
    comments = _comments(email)
    deleted, _kinds = comments.exclude(state=Comment.State.PUBLISHED).delete()
    anonymised = comments.update(name="", email="")
    return deleted + anonymised


def purge(*, today: datetime.date, retention_days: int) -> int:
    """Addresses of comments are for answering during the discussion: dropped once the
    discussion ended ``retention_days`` ago (the comment and its shown name stay)."""
    cutoff = today - datetime.timedelta(days=retention_days)
    ended = Q(plan__discussion_closed_on__lt=cutoff) | Q(
        plan__discussion_closed_on__isnull=True, plan__discussion_to__lt=cutoff)
    return Comment.objects.filter(ended).exclude(email="").update(email="")
