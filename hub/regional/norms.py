"""Services of the norms a region (kraj) sets for all its municipalities (RegionNorm)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.municipalities.models import Municipality, Region
from hub.regional import refresh
from hub.regional.models import RegionNorm
from workers import fanout


def region_norm_check(*, area: Region, service_type: str, target_group: str, unit: str,
                      per_1000) -> None:
    """What a norm of the region must be, in words the coordinator (or operator) reads."""
    if area.kind != Region.Kind.REGION:
        raise ValidationError(_("Norms are set by the coordinators of a whole region (kraj)."))
    if service_type not in {t.code for t in taxonomy.service_types(area.country)}:
        raise ValidationError({"service_type": _("Unknown service type.")})
    if target_group and target_group not in {t.code for t in taxonomy.target_groups()}:
        raise ValidationError({"target_group": _("Unknown target group.")})
    if unit not in {t.code for t in taxonomy.units()}:
        raise ValidationError({"unit": _("Unknown capacity unit.")})
    if per_1000 is None or Decimal(per_1000) <= 0:
        # A norm of 0 would turn every place into a surplus: not a standard anybody means.
        raise ValidationError({"per_1000": _("The norm must be more than 0 places per 1,000.")})


#: Seconds over which a norm change spreads its municipalities' refreshes (a kraj has up
#: to ~1,150 obce, each refresh 50–100 ms of a worker).
REFRESH_WINDOW = 600


def _changed(area: Region) -> None:
    """Every municipality of the region recomputes its network rows (the gaps tab): a
    municipality's standard may now come from this norm, or no longer. Recorded in the
    outbox in the norm's own transaction, one row a municipality in one bulk insert, due
    over REFRESH_WINDOW (workers.fanout): the request does not send a thousand messages, and
    a process that dies after the commit loses none of them — the sweeper sends them."""
    schemas = Municipality.objects.filter(region=area).order_by("pk").values_list(
        "schema_name", flat=True)
    fanout.fan_out(task_name=refresh.TASK, window=REFRESH_WINDOW, schemas=schemas,
                   run=f"region-norm:{area.pk}:{timezone.now().isoformat()}")


@transaction.atomic
def region_norm_save(*, area: Region, user, service_type: str, target_group: str, unit: str,
                     per_1000, note: str = "", norm: RegionNorm | None = None) -> RegionNorm:
    """Add a norm of the region (or change ``norm``); one per type × group × unit."""
    region_norm_check(area=area, service_type=service_type, target_group=target_group, unit=unit,
           per_1000=per_1000)
    norm = norm or RegionNorm(area=area)
    norm.service_type, norm.target_group, norm.unit = service_type, target_group, unit
    norm.per_1000, norm.note, norm.updated_by = per_1000, note, user
    norm.full_clean()
    norm.save()
    _changed(area)
    return norm


@transaction.atomic
def region_norm_delete(*, norm: RegionNorm) -> None:
    area = norm.area
    norm.delete()
    _changed(area)
