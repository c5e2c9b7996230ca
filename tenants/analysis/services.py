"""Writes of the needs analysis: population counts (entered or imported), norms, target
populations per service type, publication. Each write is whole or nothing."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import taxonomy
from hub.municipalities.models import stat_code_validator
from tenants.analysis import imports, selectors
from tenants.analysis.models import (
    DemographyStamp,
    Norm,
    PopulationCount,
    Publication,
    Sex,
    TypeSetting,
)

#: Bounds of the columns (PositiveSmallIntegerField, PositiveIntegerField, CharField(150)).
_SMALL, _INT, _NAME = 32767, 2_147_483_647, 150
_COLUMNS = ("area_code", "area_name", "year", "sex", "age_from", "age_to", "count", "source",
            "created_at", "updated_at")


def _check_rows(rows: list[dict]) -> None:
    """What full_clean() checked row by row, in one pass (it was a third of an import)."""
    for code in {row["area_code"] for row in rows}:
        stat_code_validator(code)
    sexes = set(Sex.values)
    for row in rows:
        low, high = row["age_from"], row["age_to"]
        if not (1900 <= row["year"] <= _SMALL and row["sex"] in sexes
                and 0 <= row["count"] <= _INT and len(row["area_name"]) <= _NAME
                and all(v is None or 0 <= v <= _SMALL for v in (low, high))
                and (high is None or (low is not None and low <= high))):
            raise ValidationError(_("A population count cannot be stored: %(row)s.") % {
                "row": f'{row["area_code"]} {row["year"]} {row["sex"]} {low}–{high}: '
                       f'{row["count"]}'})


@transaction.atomic
def population_store(*, rows: list[dict], source: str) -> int:
    """Replace the counts of every (area, year) the rows give with the rows: one DELETE per
    year and one COPY, whatever the number of rows."""
    _check_rows(rows)
    table = connection.ops.quote_name(PopulationCount._meta.db_table)
    codes_of_year: dict[int, set[str]] = {}
    for row in rows:
        codes_of_year.setdefault(row["year"], set()).add(row["area_code"])
    now = timezone.now()
    with connection.cursor() as cursor:
        for year, codes in codes_of_year.items():
            # Raw: nothing cascades from a count, yet Django's collector read the rows and
            # deleted them a hundred at a time (126 queries for an ORP's file).
            cursor.execute(f"DELETE FROM {table} WHERE year = %s AND area_code = ANY(%s)",  # noqa: S608 — the table's quoted name
                           [year, sorted(codes)])
        # COPY: 12,600 rows in one statement; bulk_create spent seconds building its SQL.
        columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((row["area_code"], row["area_name"], row["year"], row["sex"],
                                row["age_from"], row["age_to"], row["count"], source, now, now))
    demography_touched()
    return len(rows)


def demography_touched() -> None:
    """Move the demography's stamp, in the transaction of the counts written: what is cached
    of them (network_cache) is keyed on it, and COPY and raw DELETE send no signal."""
    DemographyStamp.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


def population_import(*, data: bytes) -> tuple[int, int, str]:
    """Read a demography file for this municipality's areas and store it, or nothing at all:
    (rows stored, rows of other areas skipped, layout). Bad rows raise one ValidationError
    listing each."""
    names = selectors.area_names()
    if not names:
        raise ValidationError(_("This municipality has no statistical code yet, so no "
                                "demography can be matched to it. Ask the operator to set "
                                "its territorial unit."))
    parsed = imports.parse(data, names)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    source = (PopulationCount.Source.CZSO if parsed.layout == "czso"
              else PopulationCount.Source.TEMPLATE)
    return population_store(rows=parsed.rows, source=source), parsed.skipped, parsed.layout


def population_enter(*, area_code: str, year: int, counts: dict[tuple, int | None],
                     sex: str = "t") -> int:
    """Enter one area's year by hand: {(from, to): count} of the standard bands (empty ones
    left out). Replaces what the area had for that year."""
    names = selectors.area_names()
    if area_code not in names:
        raise ValidationError({"area_code": _("Choose one of this municipality's areas.")})
    rows = [{"area_code": area_code, "area_name": names[area_code], "year": year, "sex": sex,
             "age_from": band[0], "age_to": band[1], "count": count}
            for band, count in counts.items() if count is not None]
    if not rows:
        raise ValidationError(_("Enter at least one count."))
    return population_store(rows=rows, source=PopulationCount.Source.MANUAL)


@transaction.atomic
def population_delete(*, area_code: str, year: int) -> int:
    deleted, _details = PopulationCount.objects.filter(area_code=area_code, year=year).delete()
    demography_touched()
    return deleted


def _check_type(service_type: str, country: str) -> None:
    if service_type not in {t.code for t in taxonomy.service_types(country)}:
        raise ValidationError({"service_type": _("Unknown service type “%(code)s”.") % {
            "code": service_type}})


@transaction.atomic
def norm_save(*, country: str, service_type: str, target_group: str, unit: str, per_1000,
              note: str = "", norm: Norm | None = None) -> Norm:
    _check_type(service_type, country)
    if target_group and target_group not in {t.code for t in taxonomy.target_groups()}:
        raise ValidationError({"target_group": _("Unknown target group.")})
    if unit not in {t.code for t in taxonomy.units()}:
        raise ValidationError({"unit": _("Unknown capacity unit.")})
    norm = norm or Norm()
    norm.service_type, norm.target_group, norm.unit = service_type, target_group, unit
    norm.per_1000, norm.note = per_1000, note
    norm.full_clean()
    norm.save()
    return norm


def norm_delete(*, norm: Norm) -> None:
    norm.delete()


@transaction.atomic
def target_set(*, country: str, service_type: str, target: str | None) -> None:
    """Choose the target population of a service type; None goes back to the default."""
    _check_type(service_type, country)
    if target is None:
        TypeSetting.objects.filter(service_type=service_type).delete()
        return
    setting = TypeSetting.objects.filter(service_type=service_type).first() or TypeSetting(
        service_type=service_type)
    setting.target = target
    setting.full_clean()
    setting.save()


@transaction.atomic
def analysis_publish(*, published: bool) -> Publication:
    row = Publication.objects.select_for_update().first() or Publication()
    row.published = published
    row.save()
    return row
