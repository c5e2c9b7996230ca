"""Writes to funding rounds: the round and its steps, criteria, applications, scores, the
allocation and staff overrides. Each validates inside a transaction and records history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.numbers import number
from tenants.catalogue import selectors as catalogue
from tenants.funding import allocation, evidence, lifecycle, quality
from tenants.funding.models import (
    Application,
    Criterion,
    QualityAnswer,
    Round,
    Score,
    SelfAssessment,
)
from tenants.funding.scoring import round_scores
from tenants.history.models import Change
from tenants.history.services import change_record, snapshot
from tenants.plans import selectors as plans

ROUND_FIELDS = ["title", "year", "budget", "source", "applications_from", "applications_until",
                "decision_on", "decision_reference", "description", "min_score", "cap_percent"]
APPLICATION_FIELDS = ["service_name", "provider_name", "measure", "requested", "personnel_costs",
                      "operating_costs", "other_sources", "capacity", "capacity_unit", "note"]
K = Criterion.Kind
# The first round's criteria, in the municipality's language (later rounds copy the last one).
DEFAULT_CRITERIA = {
    "SK": [("Služba napĺňa opatrenie komunitného plánu", K.IN_PLAN, 25),
           ("Potrebnosť služby a využitie kapacity", K.SCORED, 20),
           ("Náklady na jednotku kapacity", K.COST_PER_UNIT, 20),
           ("Podiel iných zdrojov financovania", K.COFINANCING, 15),
           ("Priorita cieľovej skupiny", K.SCORED, 10),
           ("Kvalita poskytovania služby", K.SCORED, 10)],
    "CZ": [("Služba naplňuje opatření střednědobého plánu", K.IN_PLAN, 25),
           ("Potřebnost služby a využití kapacity", K.SCORED, 20),
           ("Náklady na jednotku kapacity", K.COST_PER_UNIT, 20),
           ("Podíl jiných zdrojů financování", K.COFINANCING, 15),
           ("Priorita cílové skupiny", K.SCORED, 10),
           ("Kvalita poskytování služby", K.SCORED, 10)],
}


def _country() -> str:
    return getattr(getattr(connection, "tenant", None), "country", "") or "SK"


def _locked(round_: Round) -> Round:
    # The state is read again under a lock: the instance in hand may predate a step.
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require(round_: Round, states, message: str) -> None:
    if round_.state not in states:
        raise ValidationError(message % {"state": round_.get_state_display()})


def _forget_allocation(round_: Round) -> None:
    """Inputs changed: the last allocation no longer holds and must be computed again."""
    if round_.allocated_at is not None:
        round_.applications.update(score=None, allocated=None, explanation={})
        Round.objects.filter(pk=round_.pk).update(allocated_at=None)
        round_.allocated_at = None


def _check_round(round_: Round) -> None:
    round_.full_clean()
    if round_.applications_from and round_.applications_until and \
            round_.applications_until < round_.applications_from:
        raise ValidationError({"applications_until": _(
            "Applications cannot close before they open.")})


# Rounds ------------------------------------------------------------------------------------

@transaction.atomic
def round_create(*, user, **fields) -> Round:
    """A new round in draft; its criteria are copied from the latest earlier round (or the
    usual ones for a first round), to be edited before it opens."""
    round_ = Round(**{k: v for k, v in fields.items() if k in ROUND_FIELDS})
    _check_round(round_)
    previous = Round.objects.order_by("-year", "-pk").first()
    round_.save()
    if previous is not None:
        Criterion.objects.bulk_create([
            Criterion(round=round_, position=c.position, name=c.name, description=c.description,
                      kind=c.kind, weight=c.weight, max_points=c.max_points)
            for c in previous.criteria.all()])
    else:
        Criterion.objects.bulk_create([
            Criterion(round=round_, position=n, name=name, kind=kind, weight=Decimal(weight))
            for n, (name, kind, weight) in enumerate(DEFAULT_CRITERIA[_country()], start=1)])
    change_record(obj=round_, action=Change.Action.CREATED, user=user,
                  extra={"criteria from": [None, str(previous) if previous else "—"]})
    return round_


@transaction.atomic
def round_update(*, user, round_: Round, **fields) -> Round:
    round_ = _locked(round_)
    _require(round_, lifecycle.ROUND_EDITABLE, _("A round that is %(state)s cannot be changed."))
    before = snapshot(round_, ROUND_FIELDS)
    for name in ROUND_FIELDS:
        if name in fields:
            setattr(round_, name, fields[name])
    _check_round(round_)
    round_.save()
    after = snapshot(round_, ROUND_FIELDS)
    if change_record(obj=round_, action=Change.Action.UPDATED, user=user, before=before,
                     after=after):
        _forget_allocation(round_)
    return round_


@transaction.atomic
def round_delete(*, user, round_: Round) -> None:
    round_ = _locked(round_)
    _require(round_, {Round.State.DRAFT}, _("Only a draft can be deleted; this round is "
                                            "%(state)s."))
    change_record(obj=round_, action=Change.Action.DELETED, user=user)
    round_.delete()


def _check_weights(criteria) -> None:
    total = sum((c.weight for c in criteria), Decimal(0))
    if not criteria:
        raise ValidationError(_("A round needs at least one criterion."))
    if total != 100:
        raise ValidationError(_("The weights of the criteria must add up to 100 %%; now they "
                                "add up to %(total)s %%.") % {"total": number(total)})


@transaction.atomic
def round_transition(*, user, round_: Round, to: str) -> Round:
    round_ = _locked(round_)
    if (round_.state, to) not in lifecycle.STEPS:
        raise ValidationError(_("A round that is %(state)s cannot go there.")
                              % {"state": round_.get_state_display()})
    if to == Round.State.OPEN:
        _check_weights(list(round_.criteria.all()))
    if to == Round.State.DECIDED:
        if not round_.applications.exists():
            raise ValidationError(_("There is no application to decide on."))
        if round_.allocated_at is None:
            raise ValidationError(_("Allocate the budget first: the scores or the "
                                    "applications changed since the last allocation."))
    if to == Round.State.PUBLISHED:
        round_.published_at = timezone.now()
    if to == Round.State.EVALUATING and round_.state == Round.State.DECIDED:
        round_.decision_on = None
    old = round_.state
    round_.state = to
    round_.save()
    change_record(obj=round_, action=Change.Action.STATE, user=user,
                  extra={"state": [old, to]})
    return round_


# Criteria ----------------------------------------------------------------------------------

CRITERION_FIELDS = ["position", "name", "description", "kind", "weight", "max_points"]


@transaction.atomic
def criteria_save(*, user, round_: Round, rows: list[dict]) -> list[Criterion]:
    """Replace the round's criteria with ``rows`` at once (each with ``criterion`` — None for a
    new one — and the fields); criteria left out are removed. All or nothing."""
    round_ = _locked(round_)
    _require(round_, lifecycle.CRITERIA_EDITABLE, _(
        "The criteria are fixed once applications are evaluated; this round is %(state)s."))
    existing = {c.pk: c for c in round_.criteria.all()}
    before = [snapshot(c, ["name", "kind", "weight"]) for c in existing.values()]
    kept, errors = [], {}
    for index, row in enumerate(rows):
        criterion = row.get("criterion") or Criterion(round=round_)
        if criterion.pk and criterion.pk not in existing:
            raise ValidationError(_("This criterion belongs to another round."))
        for name in CRITERION_FIELDS:
            if name in row:
                setattr(criterion, name, row[name])
        try:
            criterion.full_clean()
        except ValidationError as error:
            errors[f"{index}"] = error.messages
        kept.append(criterion)
    if errors:
        raise ValidationError(_("Check criterion no. %(numbers)s.")
                              % {"numbers": ", ".join(str(int(i) + 1) for i in errors)})
    _check_weights(kept)
    keep_ids = {c.pk for c in kept if c.pk}
    round_.criteria.exclude(pk__in=keep_ids).delete()
    for criterion in kept:
        criterion.save()
    after = [snapshot(c, ["name", "kind", "weight"]) for c in kept]
    change_record(obj=round_, action=Change.Action.UPDATED, user=user,
                  before={"criteria": before}, after={"criteria": after})
    _forget_allocation(round_)
    return kept


# Applications ------------------------------------------------------------------------------

def service_choices():
    """The catalogue's active services a round may fund."""
    return catalogue.services_public()


def measure_choices():
    """Measures of the municipality's public plans (from the discussion on)."""
    return plans.measures_public().select_related("priority", "priority__plan")


@transaction.atomic
def application_save(*, user, round_: Round, application: Application | None = None,
                     service=None, **fields) -> Application:
    round_ = _locked(round_)
    _require(round_, lifecycle.APPLICATIONS_EDITABLE,
             _("Applications cannot be changed in a round that is %(state)s."))
    creating = application is None
    if creating:
        application = Application(round=round_)
    else:
        # Read again: a ModelForm's validation has already written the new values onto the
        # instance in hand, and the history needs the stored ones as "before".
        application = Application.objects.select_for_update().get(pk=application.pk)
    if application.round_id != round_.pk:
        raise ValidationError(_("This application belongs to another round."))
    before = None if creating else snapshot(application, APPLICATION_FIELDS)
    if service is not None and (creating or service.pk != application.service_id):
        if not service_choices().filter(pk=service.pk).exists():
            raise ValidationError({"service": _("Choose an active service of the catalogue.")})
        if round_.applications.filter(service=service).exclude(pk=application.pk).exists():
            raise ValidationError({"service": _("This service has already applied in this "
                                                "round; change its application instead.")})
        application.service = service
        application.service_name = service.name
        application.provider_name = service.provider.name
    if creating and service is None:
        raise ValidationError({"service": _("Choose the service that applies.")})
    for name in APPLICATION_FIELDS[2:]:
        if name in fields:
            setattr(application, name, fields[name])
    if application.measure_id and not measure_choices().filter(
            pk=application.measure_id).exists():
        raise ValidationError({"measure": _("Choose a measure of a published plan.")})
    application.full_clean()
    costs = application.costs
    if application.requested > costs:
        raise ValidationError({"requested": _(
            "The request (%(requested)s) is more than the costs (%(costs)s).") % {
            "requested": number(application.requested, 0), "costs": number(costs, 0)}})
    if application.requested + application.other_sources > costs:
        raise ValidationError({"other_sources": _(
            "The request and the other sources together (%(sum)s) are more than the costs "
            "(%(costs)s).") % {
            "sum": number(application.requested + application.other_sources, 0),
            "costs": number(costs, 0)}})
    application.save()
    change_record(obj=application, user=user,
                  action=Change.Action.CREATED if creating else Change.Action.UPDATED,
                  before=before, after=snapshot(application, APPLICATION_FIELDS))
    _forget_allocation(round_)
    return application


@transaction.atomic
def application_delete(*, user, application: Application) -> None:
    round_ = _locked(application.round)
    _require(round_, lifecycle.APPLICATIONS_EDITABLE,
             _("Applications cannot be changed in a round that is %(state)s."))
    change_record(obj=application, action=Change.Action.DELETED, user=user)
    application.delete()
    _forget_allocation(round_)


# Scores, allocation, overrides -------------------------------------------------------------

@transaction.atomic
def scores_save(*, user, application: Application, scores: dict) -> list[Score]:
    """Staff's points for an application, ``{criterion: (points, reason)}``; all or nothing."""
    round_ = _locked(application.round)
    _require(round_, lifecycle.SCORING, _("Applications are scored while the round is being "
                                          "evaluated; this round is %(state)s."))
    saved, errors = [], {}
    for criterion, (points, reason) in scores.items():
        if criterion.round_id != round_.pk or criterion.kind != Criterion.Kind.SCORED:
            raise ValidationError(_("This criterion is not scored by staff in this round."))
        if points is None or points < 0 or points > criterion.max_points:
            errors[f"points_{criterion.pk}"] = _("Give 0 to %(max)s points.") % {
                "max": criterion.max_points}
        if not (reason or "").strip():
            errors[f"reason_{criterion.pk}"] = _("Say why.")
    if errors:
        raise ValidationError(errors)
    for criterion, (points, reason) in scores.items():
        score, _created = Score.objects.update_or_create(
            application=application, criterion=criterion,
            defaults={"points": points, "reason": reason.strip(), "scored_by": user})
        saved.append(score)
    change_record(obj=application, action=Change.Action.UPDATED, user=user, extra={
        "scores": [None, {c.name: str(p) for c, (p, _r) in scores.items()}]})
    _forget_allocation(round_)
    return saved


def _allocate(round_: Round) -> None:
    scores, missing = round_scores(round_)
    if missing:
        names = sorted({a.service_name for a, _c in missing})
        raise ValidationError(_("Score every application first; missing: %(names)s.")
                              % {"names": ", ".join(names[:5]) + (" …" if len(names) > 5 else "")})
    applications = list(round_.applications.all())
    claims = [allocation.Claim(id=a.pk, score=scores[a.pk]["score"], requested=a.requested,
                               costs=a.costs, fixed=a.override) for a in applications]
    shares = allocation.allocate(budget=round_.budget, claims=claims,
                                 min_score=round_.min_score, cap_percent=round_.cap_percent)
    for application in applications:
        share = shares[application.pk]
        application.score = scores[application.pk]["score"]
        application.allocated = share.amount
        application.explanation = {
            "status": share.status, "score": str(application.score),
            "weight": str(share.weight), "cap": str(share.cap),
            "exact": str(round(share.exact.numerator / share.exact.denominator, 2)),
            "rounded_up": share.rounded_up, "min_score": str(round_.min_score),
            "cap_percent": str(round_.cap_percent), "parts": scores[application.pk]["parts"]}
    Application.objects.bulk_update(applications, ["score", "allocated", "explanation"])
    round_.allocated_at = timezone.now()
    round_.save(update_fields=["allocated_at", "updated_at"])


@transaction.atomic
def round_allocate(*, user, round_: Round) -> Round:
    """Score every application and share the budget (allocation.py says how)."""
    round_ = _locked(round_)
    _require(round_, lifecycle.SCORING, _("The budget is allocated while the round is being "
                                          "evaluated; this round is %(state)s."))
    if not round_.applications.exists():
        raise ValidationError(_("There is no application to allocate to."))
    _allocate(round_)
    change_record(obj=round_, action=Change.Action.UPDATED, user=user, extra={
        "allocated": [None, number(sum(round_.applications.values_list("allocated",
                                                                       flat=True)), 0)]})
    return round_


@transaction.atomic
def application_override(*, user, application: Application, amount: Decimal | None,
                         reason: str) -> Application:
    """Set an application's amount by hand (None takes the rule's amount back); the others
    share what is left by the rule. The reason is recorded."""
    round_ = _locked(application.round)
    _require(round_, lifecycle.SCORING, _("Amounts are set while the round is being "
                                          "evaluated; this round is %(state)s."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the amount is set by hand.")})
    if amount is not None:
        if amount < 0 or amount != amount.to_integral_value():
            raise ValidationError({"amount": _("Give a whole amount, 0 or more.")})
        if amount > application.requested:
            raise ValidationError({"amount": _("The amount is more than was requested (%(r)s).")
                                   % {"r": number(application.requested, 0)}})
        others = sum(round_.applications.exclude(pk=application.pk).exclude(
            override=None).values_list("override", flat=True))
        if others + amount > round_.budget:
            raise ValidationError({"amount": _(
                "Amounts set by hand would add up to more than the budget (%(budget)s).")
                % {"budget": number(round_.budget, 0)}})
    old = application.override
    application.override = amount
    application.override_reason = reason if amount is not None else ""
    application.save(update_fields=["override", "override_reason", "updated_at"])
    change_record(obj=application, action=Change.Action.UPDATED, user=user, extra={
        "override": [None if old is None else str(old), None if amount is None else str(amount)],
        "reason": [None, reason]})
    _allocate(round_)
    return application


# Self-assessment of the planning's quality -------------------------------------------------

def _answers_checked(answers: dict) -> dict[str, dict]:
    """{criterion code: {status, comment, evidence, links}} for every criterion, checked: each
    needs a status; unknown criteria, objects not in this municipality and bad links are
    refused, each message naming its criterion."""
    answers = answers or {}
    errors = []
    unknown = sorted(set(answers) - set(quality.CODES))
    if unknown:
        errors.append(_("Unknown criteria: %(codes)s.") % {"codes": ", ".join(unknown)})
    found = evidence.known()
    statuses = set(QualityAnswer.Status.values)
    cleaned = {}
    for code in quality.CODES:
        answer = answers.get(code) or {}
        status = answer.get("status") or ""
        if status not in statuses:
            errors.append(_("%(code)s: choose met, partly met, not met or not applicable.")
                          % {"code": code})
        try:
            items, links = evidence.check(answer.get("evidence"), answer.get("links"),
                                          found=found)
        except ValidationError as error:
            errors.extend(f"{code}: {message}" for message in error.messages)
            continue
        cleaned[code] = {"status": status, "comment": str(answer.get("comment") or "").strip(),
                         "evidence": items, "links": links}
    if errors:
        raise ValidationError({"answers": errors})
    return cleaned


def _answers_write(assessment: SelfAssessment, answers: dict[str, dict]) -> None:
    assessment.answers.all().delete()
    QualityAnswer.objects.bulk_create([QualityAnswer(assessment=assessment, criterion=code,
                                                     **answer)
                                       for code, answer in answers.items()])


@transaction.atomic
def assessment_create(*, user, year: int, note: str = "", answers: dict) -> SelfAssessment:
    """A year's self-assessment with an answer to every criterion."""
    assessment = SelfAssessment(year=year, note=note or "")
    assessment.full_clean()
    cleaned = _answers_checked(answers)
    assessment.save()
    _answers_write(assessment, cleaned)
    change_record(obj=assessment, action=Change.Action.CREATED, user=user)
    return assessment


@transaction.atomic
def assessment_update(*, user, assessment: SelfAssessment, year: int | None = None,
                      note: str | None = None, answers: dict | None = None) -> SelfAssessment:
    """Change the year, the summary or the answers; answers given replace all of them."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    before = snapshot(assessment, ["year", "note"])
    if year is not None:
        assessment.year = year
    if note is not None:
        assessment.note = note
    assessment.full_clean()
    cleaned = _answers_checked(answers) if answers is not None else None
    assessment.save()
    extra = None
    if cleaned is not None:
        old = dict(assessment.answers.values_list("criterion", "status"))
        _answers_write(assessment, cleaned)
        changed = {code: [old.get(code), a["status"]] for code, a in cleaned.items()
                   if old.get(code) != a["status"]}
        extra = {"statuses": changed} if changed else None
    change_record(obj=assessment, action=Change.Action.UPDATED, user=user, before=before,
                  after=snapshot(assessment, ["year", "note"]), extra=extra)
    return assessment


@transaction.atomic
def assessment_delete(*, user, assessment: SelfAssessment) -> None:
    change_record(obj=assessment, action=Change.Action.DELETED, user=user)
    assessment.delete()
