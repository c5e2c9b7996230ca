"""Writes of the needs analysis: population counts (entered or imported), norms, target
populations per service type, publication. Each write is whole or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub import taxonomy
from tenants.analysis import imports, selectors
from tenants.analysis.models import Norm, PopulationCount, Publication, TypeSetting


@transaction.atomic
def population_store(*, rows: list[dict], source: str) -> int:
    """Replace the counts of every (area, year) the rows give with the rows."""
    # One delete per year, not per (area, year): a file of 100 obce × 5 years was 1,000 queries.
    codes_of_year: dict[int, set[str]] = {}
    for row in rows:
        codes_of_year.setdefault(row["year"], set()).add(row["area_code"])
    for year, codes in codes_of_year.items():
        PopulationCount.objects.filter(year=year, area_code__in=codes).delete()
    made = [PopulationCount(source=source, **row) for row in rows]
    for count in made:
        count.full_clean(validate_unique=False, validate_constraints=False)
    PopulationCount.objects.bulk_create(made)
    return len(made)


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


def population_delete(*, area_code: str, year: int) -> int:
    deleted, _details = PopulationCount.objects.filter(area_code=area_code, year=year).delete()
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
