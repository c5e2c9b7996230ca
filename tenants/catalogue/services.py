"""Writes to the catalogue. Every write validates, runs in a transaction, records history,
bumps the catalogue stamp and tells the regional read model that figures may have moved."""

import contextlib
import contextvars
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.regional.refresh import figures_changed
from tenants.catalogue.models import CatalogueStamp, Location, OpeningHours, Provider, Service
from tenants.history.models import Change
from tenants.history.services import change_record, snapshot

PROVIDER_FIELDS = ["name", "legal_form", "ico", "website", "email", "phone", "address",
                   "description"]
SERVICE_FIELDS = ["provider", "name", "service_type", "form", "target_groups", "age_from",
                  "age_to", "capacities", "description", "fees", "eligibility",
                  "registry_id", "status", "phone", "email", "website", "covers",
                  "hidden_address", "ended_on"]
LOCATION_FIELDS = ["name", "address", "town", "postal_code", "latitude", "longitude",
                   "accessibility"]


_batch = contextvars.ContextVar("catalogue_batch", default=None)


def catalogue_touched() -> None:
    if _batch.get() is not None:
        _batch.get().append(True)  # once, when the batch ends
        return
    CatalogueStamp.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
    figures_changed()


@contextlib.contextmanager
def one_touch():
    """Many writes, one stamp and one regional refresh (imports of many services)."""
    token = _batch.set([])
    try:
        yield
    finally:
        touched = bool(_batch.get())
        _batch.reset(token)
    if touched:
        catalogue_touched()


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _save(obj, *, user, fields, before=None, record=True):
    obj.full_clean()
    creating = obj._state.adding
    obj.save()
    if record:
        change_record(obj=obj, user=user,
                      action=Change.Action.CREATED if creating else Change.Action.UPDATED,
                      before=before, after=snapshot(obj, fields))
    return obj


@transaction.atomic
def provider_save(*, user, provider: Provider | None = None, **data) -> Provider:
    provider = provider or Provider()
    before = None if provider._state.adding else snapshot(provider, PROVIDER_FIELDS)
    for name in PROVIDER_FIELDS:
        if name in data:
            setattr(provider, name, _clean(data[name]) if data[name] is not None else "")
    _save(provider, user=user, fields=PROVIDER_FIELDS, before=before)
    if before is not None and before["name"] != provider.name:
        for service in provider.services.all():  # the provider's name is searched with them
            service.save(update_fields=["search_text", "updated_at"])
    catalogue_touched()
    return provider


@transaction.atomic
def provider_delete(*, user, provider: Provider) -> None:
    if provider.services.exists():
        raise ValidationError(_("This provider still has services; delete or move them first."))
    change_record(obj=provider, user=user, action=Change.Action.DELETED)
    provider.delete()
    catalogue_touched()


def hours_rows(rows) -> list[tuple[int, datetime.time, datetime.time]]:
    """Weekly hours as (weekday, opens, closes), checked; from dicts or tuples."""
    return _hours(rows)


def _hours(rows) -> list[tuple[int, datetime.time, datetime.time]]:
    out = []
    for row in rows or []:
        if isinstance(row, dict):
            weekday, opens, closes = row.get("weekday"), row.get("opens"), row.get("closes")
        else:
            weekday, opens, closes = row
        if isinstance(opens, str):
            opens = datetime.time.fromisoformat(opens)
        if isinstance(closes, str):
            closes = datetime.time.fromisoformat(closes)
        if weekday is None or not 0 <= int(weekday) <= 6:
            raise ValidationError({"hours": _("A day of the week is 0 (Monday) to 6 (Sunday).")})
        if opens >= closes:
            raise ValidationError({"hours": _("Opening time must be before closing time.")})
        out.append((int(weekday), opens, closes))
    return out


def location_assign(loc: Location, data: dict) -> None:
    """Set a place's fields given in ``data``, cleaned as every write cleans them."""
    for name in LOCATION_FIELDS:
        if name in data:
            value = data[name]
            setattr(loc, name, _clean(value) if value is not None else
                    (None if name in ("latitude", "longitude") else ""))


def locations_replace(*, service: Service, locations: list[dict]) -> None:
    """Replace a service's places and their hours (ids kept where a place's id is given)."""
    keep = []
    existing = {str(loc.uuid): loc for loc in service.locations.all()}
    for position, data in enumerate(locations):
        loc = existing.get(str(data.get("uuid") or "")) or Location(service=service)
        location_assign(loc, data)
        loc.position = position
        loc.full_clean(exclude=["service"])
        loc.save()
        keep.append(loc.pk)
        if "hours" in data:
            loc.hours.all().delete()
            OpeningHours.objects.bulk_create(
                [OpeningHours(location=loc, weekday=d, opens=o, closes=c)
                 for d, o, c in _hours(data["hours"])])
    service.locations.exclude(pk__in=keep).delete()


def first_place(service: Service | None, place: dict | None) -> list[dict]:
    """Places for service_save when the staff form or a file edits only the first place:
    further places (added through the API) stay as they are; no place given removes only the
    first one."""
    existing = list(service.locations.all()) if service is not None and service.pk else []
    rest = [{"uuid": str(loc.uuid)} for loc in existing[1:]]
    if not place:
        return rest
    if existing:
        place = {**place, "uuid": str(existing[0].uuid)}
    return [place] + rest


def _check_places(service: Service, locations: list[dict] | None) -> None:
    """A service whose address is secret has no place at all (WAVE: hidden addresses)."""
    if not service.hidden_address:
        return
    keeps = locations if locations is not None else (
        [True] if service.pk and service.locations.exists() else [])
    if keeps:
        raise hidden_with_places()


def hidden_with_places() -> ValidationError:
    return ValidationError({"hidden_address": _(
        "A service whose address is kept secret has no place: remove its places first, "
        "or do not keep the address secret.")})


def _check_covers(service: Service) -> None:
    if not service.covers:
        return
    from tenants.catalogue import coverage

    unknown = [key for key in service.covers if key not in coverage.units(service.covers)]
    if unknown:
        raise unknown_units(unknown)


def unknown_units(keys: list[str]) -> ValidationError:
    return ValidationError({"covers": _("Unknown territorial units: %(units)s.")
                            % {"units": ", ".join(keys)}})


def service_assign(service: Service, data: dict) -> None:
    """Set a service's fields given in ``data``, cleaned as every write cleans them."""
    for name in SERVICE_FIELDS:
        if name in data:
            value = data[name]
            if name in ("target_groups", "covers"):
                value = list(dict.fromkeys(v.strip() for v in (value or []) if v and v.strip()))
            elif name == "capacities":
                value = [{"note": "", **dict(line)} for line in value or []]
            elif name == "hidden_address":
                value = bool(value)
            elif isinstance(value, str):
                value = value.strip()
            elif value is None and name not in ("age_from", "age_to", "provider", "ended_on"):
                value = ""
            setattr(service, name, value)


@transaction.atomic
def service_save(*, user, service: Service | None = None, locations: list[dict] | None = None,
                 record: bool = True, **data) -> Service:
    service = service or Service()
    before = None if service._state.adding else snapshot(service, SERVICE_FIELDS)
    service_assign(service, data)
    _check_places(service, locations)
    _check_covers(service)
    _save(service, user=user, fields=SERVICE_FIELDS, before=before, record=record)
    if locations is not None:
        locations_replace(service=service, locations=locations)
        service.save(update_fields=["updated_at", "search_text"])
    catalogue_touched()
    return service


@transaction.atomic
def service_delete(*, user, service: Service) -> None:
    change_record(obj=service, user=user, action=Change.Action.DELETED)
    service.delete()
    catalogue_touched()
