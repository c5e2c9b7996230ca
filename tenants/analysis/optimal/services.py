"""Writes of the optimal network: descriptions (versions, approval), items (by hand or from
the gaps of the analysis) and their links to plan measures. Each write is whole or nothing
and recorded in the history under its plan."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import taxonomy
from tenants.analysis import print_data
from tenants.analysis.models import MeasureLink, NetworkDescription, NetworkItem
from tenants.analysis.optimal import selectors
from tenants.history.models import Change
from tenants.history.services import change_record, snapshot

Status = NetworkDescription.Status
ITEM_FIELDS = ("action", "service_type", "target_group", "capacity", "unit", "place",
               "provider", "year", "cost", "note", "gap_key")


def _record(obj, action, user, *, plan_id, before=None, after=None, extra=None):
    change_record(obj=obj, action=action, user=user, before=before, after=after,
                  plan_id=plan_id, extra=extra)


def _editable(description: NetworkDescription) -> None:
    # Read again: the caller's object may predate an approval made meanwhile.
    if not NetworkDescription.objects.filter(pk=description.pk, status=Status.DRAFT).exists():
        raise ValidationError(_("This version is approved and can no longer be changed. "
                                "Make a new version to change the network."))


# Descriptions ------------------------------------------------------------------------------

@transaction.atomic
def description_create(*, user, plan, title: str, note: str = "") -> NetworkDescription:
    """The first version of a plan's description, or a new one while none is a draft."""
    if NetworkDescription.objects.filter(plan=plan, status=Status.DRAFT).exists():
        raise ValidationError(_("This plan already has a draft of the optimal network; "
                                "continue in it."))
    latest = NetworkDescription.objects.filter(plan=plan).order_by("-version").first()
    description = NetworkDescription(plan=plan, title=title.strip(), note=note,
                                     version=(latest.version + 1) if latest else 1)
    description.full_clean()
    description.save()
    _record(description, Change.Action.CREATED, user, plan_id=plan.pk)
    return description


@transaction.atomic
def description_update(*, user, description: NetworkDescription, title: str,
                       note: str = "") -> NetworkDescription:
    _editable(description)
    before = snapshot(description, ("title", "note"))
    description.title, description.note = title.strip(), note
    description.full_clean()
    description.save()
    _record(description, Change.Action.UPDATED, user, plan_id=description.plan_id,
            before=before, after=snapshot(description, ("title", "note")))
    return description


@transaction.atomic
def description_approve(*, user, description: NetworkDescription, approved_on: datetime.date,
                        resolution: str = "") -> NetworkDescription:
    """Record the council's approval; the version it amends (if approved) is superseded."""
    description = NetworkDescription.objects.select_for_update().get(pk=description.pk)
    _editable(description)
    if not description.items.exists():
        raise ValidationError(_("Add at least one item before approving the network."))
    earlier = NetworkDescription.objects.filter(plan_id=description.plan_id,
                                                status=Status.APPROVED)
    for old in earlier:
        old.status = Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        _record(old, Change.Action.STATE, user, plan_id=old.plan_id,
                extra={"state": [Status.APPROVED, Status.SUPERSEDED]})
        print_data.announce(old.pk)
    description.status, description.approved_on = Status.APPROVED, approved_on
    description.resolution = resolution.strip()
    description.full_clean()
    description.save()
    _record(description, Change.Action.STATE, user, plan_id=description.plan_id,
            extra={"state": [Status.DRAFT, Status.APPROVED]})
    print_data.announce(description.pk)
    return description


@transaction.atomic
def description_amend(*, user, description: NetworkDescription) -> NetworkDescription:
    """A new draft version from an approved one: its items and their links copied (the gap
    at the time of linking kept), the approved version left as it was."""
    description = NetworkDescription.objects.select_related("plan").get(pk=description.pk)
    if description.status == Status.DRAFT:
        raise ValidationError(_("This version is still a draft; change it directly."))
    new = description_create(user=user, plan=description.plan, title=description.title,
                             note=description.note)
    new.amends = description
    new.save(update_fields=["amends", "updated_at"])
    for item in description.items.prefetch_related("links"):
        links = list(item.links.all())
        item.pk, item.id, item.description = None, None, new
        item._state.adding = True
        item.save()
        MeasureLink.objects.bulk_create([MeasureLink(item=item, measure_id=link.measure_id,
                                                     gap_at_link=link.gap_at_link)
                                         for link in links])
    return new


@transaction.atomic
def description_delete(*, user, description: NetworkDescription) -> None:
    _editable(description)
    _record(description, Change.Action.DELETED, user, plan_id=description.plan_id)
    description.delete()


# Items -------------------------------------------------------------------------------------

def _check(values: dict, *, plan, country: str) -> None:
    """The rules a person can break, each with its own message on its own field."""
    errors = {}
    if values["action"] not in NetworkItem.Action.values:
        errors["action"] = _("Choose keep, extend or create.")
    if values["service_type"] not in {t.code for t in taxonomy.service_types(country)}:
        errors["service_type"] = _("Choose a service type of the law.")
    if values["target_group"] and values["target_group"] not in {
            t.code for t in taxonomy.target_groups()}:
        errors["target_group"] = _("Unknown target group.")
    if values["unit"] not in {t.code for t in taxonomy.units()}:
        errors["unit"] = _("Unknown capacity unit.")
    if values["capacity"] is None or values["capacity"] <= 0:
        errors["capacity"] = _("The capacity must be more than 0.")
    if values["year"] not in plan.years:
        errors["year"] = _("The year must be within the plan's years, %(start)s–%(end)s.") % {
            "start": plan.year_from, "end": plan.year_to}
    if values["cost"] is not None and values["cost"] < 0:
        errors["cost"] = _("The cost cannot be negative.")
    if not (values["place"] or "").strip():
        errors["place"] = _("Say where the service is (a town, an area or “the whole "
                            "territory”).")
    if values["gap_key"] and selectors.split_key(values["gap_key"]) is None:
        errors["gap_key"] = _("Choose a gap of the network analysis, or none.")
    if errors:
        raise ValidationError(errors)


def _provider(provider_id, item):
    """The catalogue's provider; one no longer active stays on the item that has it."""
    if provider_id is None:
        return None
    if item is not None and item.provider_id == provider_id:
        return item.provider
    provider = selectors.providers().filter(pk=provider_id).first()
    if provider is None:
        raise ValidationError({"provider": _("Choose a provider of the catalogue.")})
    return provider


def _measures(plan, measure_ids) -> list:
    allowed = {m.pk: m for m in selectors.measures_of(plan)}
    wrong = [pk for pk in measure_ids if pk not in allowed]
    if wrong:
        raise ValidationError({"measures": _("Choose measures of this plan only.")})
    return [allowed[pk] for pk in measure_ids]


def _link(item: NetworkItem, measures: list, gaps=None) -> None:
    """Keep the links of ``measures``; a new link remembers the gap of the item's row now."""
    wanted = {m.pk for m in measures}
    item.links.exclude(measure_id__in=wanted).delete()
    new = wanted - set(item.links.values_list("measure_id", flat=True))
    if not new:
        return
    key = item.gap_key or selectors.gap_key(item.service_type, item.target_group, item.unit)
    gap = (gaps or selectors.gaps_now()).gap(key)
    MeasureLink.objects.bulk_create([MeasureLink(item=item, measure_id=pk, gap_at_link=gap)
                                     for pk in sorted(new)])


@transaction.atomic
def item_save(*, user, description: NetworkDescription, item: NetworkItem | None = None,
              country: str, action: str, service_type: str, target_group: str = "",
              capacity: int | None, unit: str, place: str, year: int | None,
              provider_id: int | None = None, cost=None, note: str = "", gap_key: str = "",
              measures: list[int] | None = None, gaps=None) -> NetworkItem:
    """Add an item to a draft version or change one. ``provider_id``: a provider of the
    catalogue; ``measures``: the ids of the plan's measures that carry it out (None: leave
    the links as they are)."""
    _editable(description)
    values = {"action": action, "service_type": service_type, "target_group": target_group,
              "capacity": capacity, "unit": unit, "place": place, "year": year,
              "provider": _provider(provider_id, item), "cost": cost, "note": note,
              "gap_key": gap_key}
    _check(values, plan=description.plan, country=country)
    chosen = _measures(description.plan, measures) if measures is not None else None
    creating = item is None
    if not creating and item.description_id != description.pk:
        raise ValidationError(_("This item belongs to another version."))
    item = item or NetworkItem(description=description)
    before = None if creating else snapshot(item, ITEM_FIELDS)
    if gap_key and gap_key != item.gap_key:
        item.gap_then = (gaps or selectors.gaps_now()).gap(gap_key)
    elif not gap_key:
        item.gap_then = None
    for name, value in values.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    item.full_clean()
    item.save()
    if chosen is not None:
        _link(item, chosen, gaps)
    _record(item, Change.Action.CREATED if creating else Change.Action.UPDATED, user,
            plan_id=description.plan_id, before=before,
            after=None if creating else snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def item_delete(*, user, item: NetworkItem) -> None:
    _editable(item.description)
    _record(item, Change.Action.DELETED, user, plan_id=item.description.plan_id)
    item.delete()


def _first_year(plan, today: datetime.date) -> int:
    return min(max(today.year, plan.year_from), plan.year_to)


@transaction.atomic
def items_from_gaps(*, user, description: NetworkDescription, country: str,
                    today: datetime.date | None = None) -> list[NetworkItem]:
    """One item per place missing in the own area's analysis (a positive gap) that no item
    of this version answers yet: extend where some capacity exists, create where none does,
    the missing places rounded up, in the plan's first year still ahead. Staff then edit
    them (place, provider, year, cost)."""
    _editable(description)
    gaps = selectors.gaps_now()
    answered = set(description.items.values_list("gap_key", flat=True))
    year = _first_year(description.plan, today or timezone.localdate())
    made = []
    for key, row in gaps.rows.items():
        if row.gap is None or row.gap <= 0 or key in answered:
            continue
        made.append(item_save(
            user=user, description=description, country=country,
            action=NetworkItem.Action.EXTEND if row.capacity else NetworkItem.Action.CREATE,
            service_type=row.service_type, target_group=row.target_group,
            capacity=math.ceil(row.gap), unit=row.unit, place=gaps.area, year=year,
            gap_key=key, gaps=gaps))
    return made
