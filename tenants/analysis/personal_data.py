"""Personal data the needs surveys hold about an e-mail address: an answer to an e-mail
question, given with consent (GDPR export, erasure and the retention purge; contract in
hub/plugins.py, run by tenants/portal/privacy.py).

Erasing deletes the e-mail answers only: the rest of each response was anonymous and becomes
anonymous again once the address is gone, so the survey's counts do not change.
"""

import datetime

from tenants.analysis.models import Answer, Question


def _emails(email: str):
    return Answer.objects.filter(question__kind=Question.Kind.EMAIL,
                                 text__iexact=email.strip())


def export(email: str) -> list[dict]:
    return [{"kind": "survey answer", "survey": a.question.survey.title,
             "question": a.question.text, "email": a.text,
             "created_at": a.response.created_at.isoformat()}
            for a in _emails(email).select_related("question__survey", "response")
            .order_by("response__created_at", "pk")]


def erase(email: str) -> int:
    deleted, _kinds = _emails(email).delete()
    return deleted


def purge(*, today: datetime.date, retention_days: int) -> int:
    """E-mails are kept to contact people about one survey: deleted ``retention_days`` after
    it closed (the consent the form asks says so)."""
    cutoff = today - datetime.timedelta(days=retention_days)
    deleted, _kinds = Answer.objects.filter(
        question__kind=Question.Kind.EMAIL, question__survey__closed_at__date__lt=cutoff,
    ).delete()
    return deleted
