"""Writes to plans: lifecycle steps, the strategic tree, action plans, evaluations, comments.

Every write validates (full_clean) inside a transaction and records history.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hub.regional.refresh import figures_changed
from hub.richtext import sanitize
from tenants.common import subscriptions
from tenants.history.models import Change
from tenants.history.services import change_record, snapshot
from tenants.plans import lifecycle, print_data
from tenants.plans.models import (
    ActionItem,
    ActionPlan,
    Activity,
    BudgetLine,
    Comment,
    Evaluation,
    EvaluationEntry,
    Indicator,
    IndicatorValue,
    Measure,
    Plan,
    PlanSection,
    Priority,
    Status,
    TargetGroup,
)
from tenants.plans.rollup import NEEDS_PERCENT

PLAN_FIELDS = ["legal_basis", "title", "year_from", "year_to", "vision"]
DEFAULT_TARGET_GROUPS = {
    # As Banská Bystrica names its five groups (shared/seeds/000).
    "SK": ["Seniori", "Osoby so zdravotným znevýhodnením", "Rodina, deti a mládež",
           "Osoby v nepriaznivých životných situáciách",
           "Osoby žijúce v marginalizovaných rómskych komunitách"],
    # As the Benešov district named its six priorities (shared/seeds/002).
    "CZ": ["Rodina", "Lidé ohrožení sociálním vyloučením a sociálně vyloučení", "Zaměstnanost",
           "Senioři", "Osoby se zdravotním postižením", "Informovanost"],
}


def target_groups_seed(*, country: str) -> int:
    """Give a new municipality its country's usual target groups (editable afterwards)."""
    made = 0
    for position, name in enumerate(DEFAULT_TARGET_GROUPS.get(country, []), start=1):
        _group, created = TargetGroup.objects.get_or_create(name=name,
                                                            defaults={"position": position})
        made += created
    return made


def _save(obj, *, user, plan_id, fields, before=None):
    obj.full_clean()
    creating = obj.pk is None
    obj.save()
    change_record(obj=obj, user=user, plan_id=plan_id,
                  action=Change.Action.CREATED if creating else Change.Action.UPDATED,
                  before=before, after=snapshot(obj, fields))
    return obj


def _require_editable(plan: Plan) -> None:
    # Read (and lock) the state now: the instance in hand may be older than a transition.
    plan.status = Plan.objects.select_for_update().values_list("status", flat=True).get(
        pk=plan.pk)
    if plan.status not in lifecycle.EDITABLE:
        raise ValidationError(_("A plan that is %(state)s cannot be changed; prepare an "
                                "amendment instead.") % {"state": plan.get_status_display()})


@transaction.atomic
def target_group_save(*, user, group: TargetGroup | None = None, name: str, position: int = 0,
                      is_active: bool = True) -> TargetGroup:
    group = group or TargetGroup()
    before = snapshot(group, ["name", "position", "is_active"]) if group.pk else None
    group.name, group.position, group.is_active = name.strip(), position or 0, is_active
    return _save(group, user=user, plan_id=None, fields=["name", "position", "is_active"],
                 before=before)


@transaction.atomic
def target_groups_save(*, user, groups: list[dict]) -> list[TargetGroup]:
    """Save the staff page's list of target groups at once, all or nothing. Each dict has
    ``group`` (None for a new one), ``name``, ``position`` and ``is_active``."""
    return [target_group_save(user=user, group=row.get("group"), name=row["name"],
                              position=row.get("position") or 0,
                              is_active=row.get("is_active", True))
            for row in groups]


# Plan -----------------------------------------------------------------------------------

@transaction.atomic
def plan_create(*, user, legal_basis: str, title: str, year_from: int, year_to: int,
                vision: str = "") -> Plan:
    if not TargetGroup.objects.exists():
        target_groups_seed(country=getattr(connection.tenant, "country", ""))
    plan = Plan(legal_basis=legal_basis, title=title, year_from=year_from, year_to=year_to,
                vision=vision)
    _check_period(plan)
    plan = _save(plan, user=user, plan_id=None, fields=PLAN_FIELDS)
    figures_changed()
    return plan


@transaction.atomic
def plan_update(*, user, plan: Plan, **fields) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _require_editable(plan)
    before = snapshot(plan, PLAN_FIELDS)
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    _check_period(plan)
    _save(plan, user=user, plan_id=plan.pk, fields=PLAN_FIELDS, before=before)
    if plan.priorities.exists() and (plan.year_from, plan.year_to) != (before["year_from"],
                                                                        before["year_to"]):
        _check_years_still_fit(plan)
    figures_changed()
    return plan


def _check_period(plan: Plan) -> None:
    # Said here, in words, before the database's constraint would refuse it by its name.
    if plan.year_from is not None and plan.year_to is not None and \
            plan.year_to < plan.year_from:
        raise ValidationError({"year_to": _("The period cannot end before it starts.")})


def _check_years_still_fit(plan: Plan) -> None:
    outside = (plan.action_plans.exclude(year__range=(plan.year_from, plan.year_to)).exists()
               or plan.evaluations.exclude(year__range=(plan.year_from, plan.year_to)).exists())
    if outside:
        raise ValidationError(_("Action plans or evaluations exist for years outside the new "
                                "period."))


def _fmt(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@transaction.atomic
def plan_transition(*, user, plan: Plan, action: str, discussion_from=None, discussion_to=None,
                    resolution_number: str = "", resolution_date=None, in_force_from=None,
                    supersede: bool = False, reason: str = "", on_date=None) -> Plan:
    """Move the plan along its lifecycle; an illegal step raises ValidationError.

    ``on_date`` is the day the step is taken (today unless a test moves the clock).
    Approving records the day the plan takes effect (``in_force_from``, by default the start
    of its period or the resolution's day if later); if that day has come, the plan is put in
    force at once, otherwise the nightly task does it on that day. A plan that would take
    effect while another one on the same legal basis is still running needs ``supersede``:
    the other one then ends the day before.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if action not in lifecycle.TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    sources, target = lifecycle.TRANSITIONS[action]
    if plan.status not in sources:
        raise ValidationError(
            _("A plan that is %(state)s cannot go to “%(target)s”.")
            % {"state": plan.get_status_display(), "target": Plan.Status(target).label})
    today = on_date or timezone.localdate()
    old = plan.status
    extra = {}
    if action == "start_discussion":
        if not discussion_from or not discussion_to:
            raise ValidationError(_("Enter the dates of the public discussion."))
        if discussion_to < discussion_from:
            raise ValidationError(_("The public discussion cannot end before it starts."))
        plan.discussion_from, plan.discussion_to = discussion_from, discussion_to
        plan.discussion_closed_on, plan.discussion_close_reason = None, ""
    elif action == "close_discussion":
        _close_discussion(plan, today=today, reason=reason)
        extra = {"discussion_closed_on": [None, today.isoformat()]}
    elif action == "approve":
        _approve(plan, today=today, resolution_number=resolution_number,
                 resolution_date=resolution_date, in_force_from=in_force_from,
                 supersede=supersede, user=user)
    elif action == "put_in_force":
        _require_in_force_possible(plan, today)
        _replace_running(plan, start=plan.in_force_from, supersede=supersede, user=user,
                         today=today)
    elif action == "expire":
        plan.ended_on = today
    plan.status = target
    plan.full_clean()
    plan.save()
    change_record(obj=plan, user=user, plan_id=plan.pk, action=Change.Action.STATE,
                  extra={"status": [old, target], **extra})
    if action == "approve":
        plans_advance(today=today, user=user)
        plan.refresh_from_db()
    if target in lifecycle.OPERATIONAL:
        print_data.announce(print_data.PLAN, plan.pk)
    if action == "start_discussion":
        subscriptions.notify(topics=[subscriptions.DISCUSSIONS],
                             key=f"discussion:{plan.pk}:{plan.discussion_from.isoformat()}",
                             title=str(plan), path=reverse("plans:public_plan", args=[plan.pk]))
    figures_changed()
    return plan


def _close_discussion(plan: Plan, *, today: datetime.date, reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the public discussion is closed early.")})
    if plan.discussion_closed_on is not None:
        raise ValidationError(_("The public discussion has already been closed."))
    if plan.discussion_from is None or today < plan.discussion_from:
        raise ValidationError(_("The public discussion has not started yet; change its dates "
                                "instead."))
    if today > plan.discussion_to:
        raise ValidationError(_("The public discussion is already over."))
    plan.discussion_closed_on, plan.discussion_close_reason = today, reason.strip()


def discussion_end(plan: Plan) -> datetime.date | None:
    """The last day comments were (or are) accepted."""
    return plan.discussion_closed_on or plan.discussion_to


def _approve(plan: Plan, *, today, resolution_number, resolution_date, in_force_from,
             supersede, user) -> None:
    if not resolution_number.strip() or not resolution_date:
        raise ValidationError(_("Enter the council resolution's number and date."))
    if resolution_date > today:
        raise ValidationError({"resolution_date": _(
            "The council resolution's date cannot be in the future.")})
    if plan.discussion_from and resolution_date < plan.discussion_from:
        raise ValidationError(_("The council cannot approve the plan before its public "
                                "discussion started."))
    last_day = discussion_end(plan)
    # SK 448/2008 §83(4), CZ 108/2006 §95: the draft is discussed before it is approved.
    if last_day is None or resolution_date < last_day or (
            plan.discussion_closed_on is None and resolution_date == last_day):
        raise ValidationError({"resolution_date": _(
            "The plan cannot be approved while its public discussion is open (until "
            "%(date)s); approve it after the discussion ends, or close the discussion early "
            "with a reason.") % {"date": _fmt(last_day) if last_day else "—"}})
    plan.resolution_number, plan.resolution_date = resolution_number.strip(), resolution_date
    start = in_force_from or max(plan.period_start, resolution_date)
    if start < plan.period_start:
        raise ValidationError({"in_force_from": _(
            "The plan cannot take effect before its period starts (%(date)s).")
            % {"date": _fmt(plan.period_start)}})
    if start > plan.valid_until:
        raise ValidationError({"in_force_from": _(
            "The plan cannot take effect after its period ends (%(date)s).")
            % {"date": _fmt(plan.valid_until)}})
    if start < resolution_date:
        raise ValidationError({"in_force_from": _(
            "The plan cannot take effect before the council approved it.")})
    plan.in_force_from = start
    _replace_running(plan, start=start, supersede=supersede, user=user, today=today)


def _require_in_force_possible(plan: Plan, today: datetime.date) -> None:
    if plan.in_force_from is None:  # approved before the day was recorded
        plan.in_force_from = max(plan.period_start, plan.resolution_date or plan.period_start)
    if plan.in_force_from > today:
        raise ValidationError(_(
            "The plan takes effect on %(date)s; it will be put in force automatically on that "
            "day.") % {"date": _fmt(plan.in_force_from)})
    if plan.valid_until < today:
        raise ValidationError(_("The plan's period ended on %(date)s; it cannot be put in "
                                "force.") % {"date": _fmt(plan.valid_until)})


def _replace_running(plan: Plan, *, start: datetime.date, supersede: bool, user,
                     today: datetime.date) -> None:
    """Schedule the end of any plan on the same basis still running on ``start``: it ends the
    day before. Refused unless ``supersede`` was chosen, or the plan is an amendment of it."""
    running = list(Plan.objects.select_for_update()
                   .filter(legal_basis=plan.legal_basis, status__in=lifecycle.SCHEDULED)
                   .exclude(pk=plan.pk))
    running = [other for other in running if other.valid_until >= start]
    for other in running:
        if other.pk == plan.amends_id:
            continue  # an amendment replaces the version it amends, whenever that started
        if (other.in_force_from or other.period_start) >= start:
            raise ValidationError({"in_force_from": _(
                "“%(other)s” takes effect on %(date)s, not before this plan; it cannot be "
                "superseded by it.") % {"other": other,
                                        "date": _fmt(other.in_force_from or other.period_start)}})
        if not supersede:
            raise ValidationError({"supersede": _(
                "“%(other)s” is in force until %(until)s. To put this plan in force from "
                "%(start)s, confirm that it supersedes that plan; it will then end on "
                "%(end)s.") % {"other": other, "until": _fmt(other.valid_until),
                               "start": _fmt(start),
                               "end": _fmt(start - datetime.timedelta(days=1))}})
    for other in running:
        other.ended_on = start - datetime.timedelta(days=1)
        other.superseded_by = plan
        other.save(update_fields=["ended_on", "superseded_by", "updated_at"])
        change_record(obj=other, user=user, plan_id=other.pk, action=Change.Action.UPDATED,
                      extra={"ended_on": [None, other.ended_on.isoformat()]})
    if start <= today:
        for other in running:
            _end(other, Plan.Status.SUPERSEDED, other.ended_on, user)


def _end(plan: Plan, status: str, day: datetime.date, user) -> None:
    old = plan.status
    plan.status, plan.ended_on = status, day
    plan.save(update_fields=["status", "ended_on", "updated_at"])
    print_data.announce(print_data.PLAN, plan.pk)
    change_record(obj=plan, user=user, plan_id=plan.pk, action=Change.Action.STATE,
                  extra={"status": [old, status]})


@transaction.atomic
def plans_advance(*, today: datetime.date | None = None, user=None) -> int:
    """Bring the stored states in line with the calendar (the nightly task, and after each
    approval): end the plans whose last day has passed, then put in force the approved plans
    whose day has come. Returns how many plans changed."""
    today = today or timezone.localdate()
    changed = 0
    for plan in Plan.objects.select_for_update().filter(status__in=lifecycle.SCHEDULED):
        if plan.valid_until < today:
            ended = Plan.Status.SUPERSEDED if plan.superseded_by_id else Plan.Status.EXPIRED
            _end(plan, ended, plan.valid_until, user)
            changed += 1
    due = (Plan.objects.select_for_update()
           .filter(status=Plan.Status.APPROVED, in_force_from__lte=today)
           .order_by("in_force_from", "version"))
    for plan in due:
        # Approval scheduled the end of what it replaces; anything still in force on this
        # basis (a plan approved before that rule) gives way the same way.
        for other in Plan.objects.filter(legal_basis=plan.legal_basis,
                                         status=Plan.Status.IN_FORCE).exclude(pk=plan.pk):
            other.superseded_by = plan
            other.save(update_fields=["superseded_by", "updated_at"])
            _end(other, Plan.Status.SUPERSEDED,
                 min(other.valid_until, plan.in_force_from - datetime.timedelta(days=1)), user)
            changed += 1
        old = plan.status
        plan.status = Plan.Status.IN_FORCE
        plan.save(update_fields=["status", "updated_at"])
        print_data.announce(print_data.PLAN, plan.pk)
        change_record(obj=plan, user=user, plan_id=plan.pk, action=Change.Action.STATE,
                      extra={"status": [old, plan.status]})
        changed += 1
    if changed:
        figures_changed()
    return changed


@transaction.atomic
def plan_amend(*, user, plan: Plan, label: str, on_date=None) -> Plan:
    """An amendment (dodatok / dodatek): a new draft version copying the whole plan; the
    amended version stays untouched until the amendment is put in force. A plan whose period
    has ended by the calendar cannot be amended, whatever its stored state still says."""
    if plan.state_on(on_date or timezone.localdate()) not in (Plan.Status.APPROVED,
                                                             Plan.Status.IN_FORCE):
        raise ValidationError(_("Only an approved plan or a plan in force can be amended."))
    if not label.strip():
        raise ValidationError({"amendment_label": _("Name the amendment, e.g. “Dodatok č. 1”.")})
    if plan.amendments.filter(status__in=lifecycle.EDITABLE).exists():
        raise ValidationError(_("An amendment of this plan is already being prepared."))
    new = Plan.objects.create(
        legal_basis=plan.legal_basis, title=plan.title, year_from=plan.year_from,
        year_to=plan.year_to, vision=plan.vision, amends=plan, version=plan.version + 1,
        amendment_label=label.strip(), is_demo=plan.is_demo)
    for section in plan.sections.all():
        PlanSection.objects.create(plan=new, kind=section.kind, body=section.body)
    for priority in plan.priorities.prefetch_related(
            "target_groups", "measures__target_groups", "measures__budget_lines",
            "measures__indicators", "measures__activities"):
        new_priority = Priority.objects.create(plan=new, number=priority.number,
                                               title=priority.title,
                                               description=priority.description,
                                               weight=priority.weight)
        new_priority.target_groups.set(priority.target_groups.all())
        for measure in priority.measures.all():
            groups = list(measure.target_groups.all())
            budget = list(measure.budget_lines.all())
            indicators = list(measure.indicators.all())
            activities = list(measure.activities.all())
            measure.pk, measure.priority = None, new_priority
            measure._state.adding = True
            measure.save()
            measure.target_groups.set(groups)
            for row in budget + indicators + activities:
                row.pk, row.measure = None, measure
                row._state.adding = True
                row.save()
    change_record(obj=new, user=user, plan_id=new.pk, action=Change.Action.CREATED,
                  extra={"amends": [None, str(plan)]})
    figures_changed()
    return new


@transaction.atomic
def plan_delete(*, user, plan: Plan) -> None:
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."))
    change_record(obj=plan, user=user, plan_id=None, action=Change.Action.DELETED)
    plan.delete()
    figures_changed()


@transaction.atomic
def section_update(*, user, plan: Plan, kind: str, body: str) -> PlanSection:
    _require_editable(plan)
    section, _created = PlanSection.objects.get_or_create(plan=plan, kind=kind)
    before = snapshot(section, ["body"])
    section.body = sanitize(body)
    return _save(section, user=user, plan_id=plan.pk, fields=["body"], before=before)


# Strategic tree --------------------------------------------------------------------------

PRIORITY_FIELDS = ["number", "title", "description", "weight"]
MEASURE_FIELDS = ["number", "title", "description", "responsible", "partners", "service_types",
                  "weight"]
ACTIVITY_FIELDS = ["number", "title", "description", "responsible", "weight"]


def _next_number(queryset) -> int:
    return (queryset.aggregate(n=Max("number"))["n"] or 0) + 1


def _apply(obj, fields, data):
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def priority_save(*, user, plan: Plan, priority: Priority | None = None,
                  target_groups=None, **data) -> Priority:
    _require_editable(plan)
    priority = priority or Priority(plan=plan, number=_next_number(plan.priorities))
    before = snapshot(priority, PRIORITY_FIELDS) if priority.pk else None
    _apply(priority, PRIORITY_FIELDS, data)
    _save(priority, user=user, plan_id=plan.pk, fields=PRIORITY_FIELDS, before=before)
    if target_groups is not None:
        priority.target_groups.set(target_groups)
    return priority


@transaction.atomic
def measure_save(*, user, priority: Priority, measure: Measure | None = None,
                 target_groups=None, budget_lines=None, indicators=None, **data) -> Measure:
    """Create or change a measure; ``budget_lines`` / ``indicators`` (lists of dicts) replace
    the existing ones when given."""
    plan = priority.plan
    _require_editable(plan)
    measure = measure or Measure(priority=priority, number=_next_number(priority.measures))
    before = snapshot(measure, MEASURE_FIELDS) if measure.pk else None
    _apply(measure, MEASURE_FIELDS, data)
    _save(measure, user=user, plan_id=plan.pk, fields=MEASURE_FIELDS, before=before)
    if target_groups is not None:
        measure.target_groups.set(target_groups)
    if budget_lines is not None:
        measure.budget_lines.all().delete()
        for line in budget_lines:
            row = BudgetLine(measure=measure, **line)
            _check_year(plan, row.year, "budget_lines")
            row.full_clean()
            row.save()
    if indicators is not None:
        measure.indicators.all().delete()
        for spec in indicators:
            targets = {str(k): str(v) for k, v in (spec.get("targets") or {}).items()}
            for year in targets:
                _check_year(plan, int(year), "indicators")
            row = Indicator(measure=measure, name=spec["name"], unit=spec["unit"],
                            baseline=spec.get("baseline"), targets=targets)
            row.full_clean()
            row.save()
    return measure


def _check_year(plan: Plan, year: int, field: str) -> None:
    if not plan.year_from <= year <= plan.year_to:
        raise ValidationError({field: _("The year %(year)s is outside the plan's period "
                                        "%(start)s–%(end)s.")
                               % {"year": year, "start": plan.year_from, "end": plan.year_to}})


@transaction.atomic
def activity_save(*, user, measure: Measure, activity: Activity | None = None,
                  **data) -> Activity:
    plan = measure.priority.plan
    _require_editable(plan)
    activity = activity or Activity(measure=measure, number=_next_number(measure.activities))
    before = snapshot(activity, ACTIVITY_FIELDS) if activity.pk else None
    _apply(activity, ACTIVITY_FIELDS, data)
    return _save(activity, user=user, plan_id=plan.pk, fields=ACTIVITY_FIELDS, before=before)


@transaction.atomic
def tree_delete(*, user, obj: Priority | Measure | Activity) -> None:
    """Delete a priority, measure or activity with everything under it."""
    plan = (obj.plan if isinstance(obj, Priority) else
            obj.priority.plan if isinstance(obj, Measure) else obj.measure.priority.plan)
    _require_editable(plan)
    change_record(obj=obj, user=user, plan_id=plan.pk, action=Change.Action.DELETED)
    obj.delete()


# Action plans ----------------------------------------------------------------------------

def _require_operational(plan: Plan) -> None:
    plan.status = Plan.objects.values_list("status", flat=True).get(pk=plan.pk)
    if plan.status not in lifecycle.OPERATIONAL:
        raise ValidationError(_("Action plans and evaluations are kept for approved plans."))


@transaction.atomic
def action_plan_create(*, user, plan: Plan, year: int, note: str = "") -> ActionPlan:
    _require_operational(plan)
    _check_year(plan, year, "year")
    if plan.action_plans.filter(year=year).exists():
        raise ValidationError({"year": _("An action plan for %(year)s already exists.")
                               % {"year": year}})
    figures_changed()
    return _save(ActionPlan(plan=plan, year=year, note=note), user=user, plan_id=plan.pk,
                 fields=["year", "status", "note"])


@transaction.atomic
def action_plan_approve(*, user, action_plan: ActionPlan, body: str, reference: str,
                        approved_on: datetime.date, on_date=None) -> ActionPlan:
    """Record the approval of a year's action plan: who approved it (council, mayor …), under
    which resolution or record number, on which day; its items are fixed from then on."""
    action_plan = ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    today = on_date or timezone.localdate()
    if action_plan.status != ActionPlan.Status.PREPARATION:
        raise ValidationError(_("Only an action plan in preparation can be approved."))
    _require_operational(action_plan.plan)
    errors = {}
    if not body.strip():
        errors["body"] = _("Name the body that approved the action plan.")
    if not reference.strip():
        errors["reference"] = _("Enter the resolution or record number.")
    if not approved_on:
        errors["approved_on"] = _("Enter the day of the approval.")
    elif approved_on > today:
        errors["approved_on"] = _("The day of the approval cannot be in the future.")
    elif action_plan.plan.resolution_date and approved_on < action_plan.plan.resolution_date:
        errors["approved_on"] = _("The action plan cannot be approved before the plan itself "
                                  "(%(date)s).") % {"date": _fmt(action_plan.plan.resolution_date)}
    if errors:
        raise ValidationError(errors)
    old = action_plan.status
    action_plan.status = ActionPlan.Status.APPROVED
    action_plan.approved_body, action_plan.approval_reference = body.strip(), reference.strip()
    action_plan.approved_on, action_plan.approved_by = approved_on, user
    action_plan.full_clean()
    action_plan.save()
    change_record(obj=action_plan, user=user, plan_id=action_plan.plan_id,
                  action=Change.Action.STATE,
                  extra={"status": [old, action_plan.status],
                         "approved": [None, f"{body.strip()}, {reference.strip()}, "
                                            f"{approved_on.isoformat()}"]})
    print_data.announce(print_data.ACTION_PLAN, action_plan.pk)
    figures_changed()
    return action_plan


@transaction.atomic
def action_plan_close(*, user, action_plan: ActionPlan, on_date=None) -> ActionPlan:
    """Close an approved action plan once its year is over or has been evaluated."""
    action_plan = ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    today = on_date or timezone.localdate()
    if action_plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Only an approved action plan can be closed."))
    evaluated = Evaluation.objects.filter(plan_id=action_plan.plan_id,
                                          year=action_plan.year).exists()
    if today.year <= action_plan.year and not evaluated:
        raise ValidationError(_("The action plan %(year)s can be closed after its year ends or "
                                "once the year has been evaluated.") % {"year": action_plan.year})
    action_plan.status, action_plan.closed_on, action_plan.closed_by = (
        ActionPlan.Status.CLOSED, today, user)
    action_plan.save(update_fields=["status", "closed_on", "closed_by", "updated_at"])
    change_record(obj=action_plan, user=user, plan_id=action_plan.plan_id,
                  action=Change.Action.STATE,
                  extra={"status": [ActionPlan.Status.APPROVED, ActionPlan.Status.CLOSED]})
    print_data.announce(print_data.ACTION_PLAN, action_plan.pk)
    figures_changed()
    return action_plan


@transaction.atomic
def action_item_save(*, user, action_plan: ActionPlan, activity: Activity,
                     item: ActionItem | None = None, **data) -> ActionItem:
    if activity.measure.priority.plan_id != action_plan.plan_id:
        raise ValidationError({"activity": _("The activity belongs to another plan.")})
    status = ActionPlan.objects.values_list("status", flat=True).get(pk=action_plan.pk)
    item = item or ActionItem(action_plan=action_plan, activity=activity)
    fields = ["deadline", "responsible", "budget", "done"]
    if status != ActionPlan.Status.PREPARATION:
        # What was approved stays as approved; only "done" is recorded afterwards.
        changed = [f for f in fields if f in data and f != "done"
                   and (item.pk is None or data[f] != getattr(item, f))]
        if status == ActionPlan.Status.CLOSED or item.pk is None or changed:
            raise ValidationError(_("The action plan has been approved; only whether an "
                                    "activity is done can still be recorded."))
    before = snapshot(item, fields) if item.pk else None
    _apply(item, fields, data)
    if item.deadline and item.deadline.year != action_plan.year:
        raise ValidationError({"deadline": _("The deadline must fall in %(year)s.")
                               % {"year": action_plan.year}})
    return _save(item, user=user, plan_id=action_plan.plan_id, fields=fields, before=before)


def _unfinished(item: ActionItem, evaluation: Evaluation | None) -> bool:
    if evaluation is not None:
        entry = next((e for e in evaluation.entries.all() if e.activity_id == item.activity_id),
                     None)
        if entry is not None:
            return entry.status not in (Status.FULFILLED, Status.CANCELLED, Status.NOT_APPLICABLE)
    return not item.done


@transaction.atomic
def action_plan_prepare_next_year(*, user, action_plan: ActionPlan) -> ActionPlan:
    """Create next year's action plan with this year's unfinished activities carried over
    (unfinished: not done, or evaluated as anything but fulfilled, cancelled or n/a)."""
    plan = action_plan.plan
    year = action_plan.year + 1
    nxt = action_plan_create(user=user, plan=plan, year=year,
                             note=_("Prepared from the action plan %(year)s.")
                             % {"year": action_plan.year})
    evaluation = plan.evaluations.filter(year=action_plan.year).prefetch_related("entries").first()
    for item in action_plan.items.select_related("activity"):
        if _unfinished(item, evaluation):
            deadline = None
            if item.deadline:
                try:
                    deadline = item.deadline.replace(year=year)
                except ValueError:  # 29 February
                    deadline = item.deadline.replace(year=year, day=28)
            ActionItem.objects.create(action_plan=nxt, activity=item.activity, deadline=deadline,
                                      responsible=item.responsible, budget=item.budget,
                                      carried_over_from=item)
    return nxt


# Evaluations -----------------------------------------------------------------------------

@transaction.atomic
def evaluation_create(*, user, plan: Plan, year: int) -> Evaluation:
    _require_operational(plan)
    _check_year(plan, year, "year")
    if plan.evaluations.filter(year=year).exists():
        raise ValidationError({"year": _("The evaluation of %(year)s already exists.")
                               % {"year": year}})
    return _save(Evaluation(plan=plan, year=year), user=user, plan_id=plan.pk, fields=["year"])


ENTRY_FIELDS = ["status", "progress", "spending", "narrative", "evidence"]


def _clean_evidence(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    bad = [line for line in lines if not line.startswith(("http://", "https://"))]
    if bad:
        raise ValidationError({"evidence": _("Each line must be a web address starting with "
                                             "http:// or https://.")})
    return "\n".join(lines)


@transaction.atomic
def evaluation_entry_save(*, user, evaluation: Evaluation, measure: Measure | None = None,
                          activity: Activity | None = None, **data) -> EvaluationEntry:
    if (measure is None) == (activity is None):
        raise ValidationError(_("Evaluate either a measure or an activity."))
    target = measure or activity
    plan_id = (measure.priority.plan_id if measure else activity.measure.priority.plan_id)
    if plan_id != evaluation.plan_id:
        raise ValidationError(_("The measure or activity belongs to another plan."))
    entry = (EvaluationEntry.objects.filter(evaluation=evaluation, measure=measure,
                                            activity=activity).first()
             or EvaluationEntry(evaluation=evaluation, measure=measure, activity=activity))
    before = snapshot(entry, ENTRY_FIELDS) if entry.pk else None
    _apply(entry, ENTRY_FIELDS, data)
    entry.evidence = _clean_evidence(entry.evidence)
    if entry.status in NEEDS_PERCENT and entry.progress is None:
        # xgettext:no-python-format
        raise ValidationError({"progress": _("Enter the progress in % for this state.")})
    if entry.status not in NEEDS_PERCENT:
        entry.progress = None
    entry.full_clean()
    entry.save()
    # Recorded on the evaluation, one key per field of this measure's / activity's entry.
    label = f"{target.code} {target.title}"[:80]
    change_record(obj=evaluation, user=user, plan_id=plan_id, action=Change.Action.UPDATED,
                  before={f"{label}: {k}": v for k, v in (before or {}).items()},
                  after={f"{label}: {k}": v for k, v in snapshot(entry, ENTRY_FIELDS).items()})
    if evaluation.published_at is not None:
        figures_changed()  # the published fulfilment moves
    return entry


@transaction.atomic
def indicator_value_save(*, user, evaluation: Evaluation, indicator: Indicator,
                         value: Decimal | None) -> IndicatorValue | None:
    if indicator.measure.priority.plan_id != evaluation.plan_id:
        raise ValidationError(_("The indicator belongs to another plan."))
    if value is None:
        IndicatorValue.objects.filter(evaluation=evaluation, indicator=indicator).delete()
        return None
    row, _created = IndicatorValue.objects.update_or_create(
        evaluation=evaluation, indicator=indicator, defaults={"value": value})
    return row


class EvaluationLineRefused(ValidationError):
    """One line of a submitted evaluation was refused: ``line`` is its measure, activity or
    indicator; the messages are the refusal's own."""

    def __init__(self, *, line, error: ValidationError):
        super().__init__(error)
        self.line = line


@transaction.atomic
def evaluation_save(*, user, evaluation: Evaluation, entries: list[dict],
                    indicator_values: list[tuple[Indicator, Decimal | None]]) -> Evaluation:
    """Save a whole submitted evaluation in one transaction: ``entries`` (each names its
    ``measure`` or ``activity`` and carries ENTRY_FIELDS) and the actual value of each
    indicator (None clears it). One refused line (EvaluationLineRefused) and nothing is
    saved."""
    for entry in entries:
        try:
            evaluation_entry_save(user=user, evaluation=evaluation, **entry)
        except ValidationError as error:
            raise EvaluationLineRefused(line=entry.get("measure") or entry.get("activity"),
                                        error=error) from error
    for indicator, value in indicator_values:
        try:
            indicator_value_save(user=user, evaluation=evaluation, indicator=indicator,
                                 value=value)
        except ValidationError as error:
            raise EvaluationLineRefused(line=indicator, error=error) from error
    return evaluation


@transaction.atomic
def evaluation_publish(*, user, evaluation: Evaluation, publish: bool = True) -> Evaluation:
    old = evaluation.published_at
    evaluation.published_at = timezone.now() if publish else None
    evaluation.save(update_fields=["published_at", "updated_at"])
    change_record(obj=evaluation, user=user, plan_id=evaluation.plan_id,
                  action=Change.Action.STATE,
                  extra={"published": [old is not None, publish]})
    if publish:
        print_data.announce(print_data.EVALUATION, evaluation.pk)
    figures_changed()
    return evaluation


# Public comments -------------------------------------------------------------------------

def discussion_open(plan: Plan, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (plan.status == Plan.Status.DISCUSSION and plan.discussion_from is not None
            and plan.discussion_closed_on is None
            and plan.discussion_from <= today <= plan.discussion_to)


@transaction.atomic
def comment_submit(*, plan: Plan, text: str, consent: bool, name: str = "",
                   email: str = "", priority: Priority | None = None,
                   measure: Measure | None = None) -> Comment:
    """A resident's comment on the draft as a whole, or on one of its priorities or
    measures (which must belong to this plan)."""
    if not discussion_open(plan):
        raise ValidationError(_("Comments are accepted only during the public discussion."))
    if not consent:
        raise ValidationError({"consent": _("Please agree to the processing of your comment.")})
    if priority is not None and measure is not None:
        raise ValidationError(_("Comment on a priority or on a measure, not on both."))
    if (priority is not None and priority.plan_id != plan.pk) or (
            measure is not None and measure.priority.plan_id != plan.pk):
        raise ValidationError(_("This priority or measure is not part of the plan."))
    comment = Comment(plan=plan, text=text.strip(), name=name.strip(), email=email.strip(),
                      consent_at=timezone.now(), priority=priority, measure=measure)
    comment.full_clean()
    comment.save()
    figures_changed()
    return comment


@transaction.atomic
def comment_moderate(*, user, comment: Comment, action: str, answer: str = "") -> Comment:
    """Staff answer and publish a comment, or reject it; an answer is required to publish."""
    if action == "publish":
        if not answer.strip():
            raise ValidationError({"answer": _("Write an answer before publishing.")})
        comment.state, comment.answer = Comment.State.PUBLISHED, answer.strip()
        comment.answered_by, comment.answered_at = user, timezone.now()
    elif action == "reject":
        comment.state = Comment.State.REJECTED
    elif action == "reopen":
        comment.state = Comment.State.PENDING
    else:
        raise ValidationError(_("Unknown step."))
    comment.full_clean()
    comment.save()
    figures_changed()
    return comment
