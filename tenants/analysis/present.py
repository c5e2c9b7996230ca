"""What the analysis pages show: charts and table rows in the active language."""

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub import taxonomy
from tenants.analysis import charts, network, selectors
from tenants.analysis.models import TargetPopulation


def _language() -> str:
    return (get_language() or "sk")[:2]


def band_label(label: str) -> str:
    return _("total") if label == "total" else label


def demography_view() -> dict:
    """Areas with their latest year's standard bands, and the own area's charts."""
    demography = selectors.Demography()
    areas = []
    for area in demography.areas:
        year = demography.latest_year(area["code"])
        areas.append({**area, "year": year, "bands": [
            {**b, "label": band_label(b["label"]), "shown": _fmt(b["count"])}
            for b in demography.standard_bands(area["code"], year)] if year else []})
    own = demography.areas[0] if demography.areas else None
    pyramid_svg = trend_svg = None
    # The own area's pyramid; when it has no counts by sex (nor all its obce), the first
    # obec's that has them, titled with its name.
    for area in areas:
        bands = demography.pyramid(area["code"], area["year"]) if area["year"] else []
        if bands:
            pyramid_svg = charts.pyramid(
                title=_("Age pyramid of %(area)s, %(year)s") % {"area": area["name"],
                                                                  "year": area["year"]},
                bands=bands, men_label=_("men"), women_label=_("women"))
            break
    if own and areas[0]["year"]:
        points = demography.trend(own["code"])
        if points:
            trend_svg = charts.trend(
                title=_("People aged 65+ and 80+ in %(area)s") % {"area": own["name"]},
                points=points, series=[("seniors", _("aged 65+")), ("oldest", _("aged 80+"))],
                missing_label=_("n/a"))
    return {"areas": areas, "pyramid": pyramid_svg, "trend": trend_svg,
            "demo_figures": selectors.has_demo_figures(),
            "band_labels": [band_label(b) for b in ("0–14", "15–64", "65–79", "80+", "total")]}


def _fmt(value, places: int = 0) -> str:
    return _("n/a") if value is None else number_format(value, places, force_grouping=True)


def network_view(analysis: network.Analysis, *, chosen: str = "") -> dict:
    """The rows of the areas analysed, and the member obce to choose from (``chosen``: the
    one shown)."""
    language = _language()
    targets = dict(TargetPopulation.choices)
    areas = []
    for area in analysis.areas:
        rows = []
        for row in area.rows:
            rows.append({
                "row": row,
                "type_name": taxonomy.name(row.service_type, language),
                "group_name": (taxonomy.name(row.target_group, language) if row.target_group
                               else _("all target groups")),
                "unit_name": taxonomy.name(row.unit, language),
                "target_name": str(targets.get(row.target, row.target)),
                "capacity": _fmt(row.capacity), "population": _fmt(row.population),
                "per_1000": _fmt(row.per_1000, 2), "standard": _fmt(row.standard, 2),
                "required": _fmt(row.required, 1), "gap": _fmt(row.gap, 1),
                "share": _fmt(row.share, 1),
                "state": ("na" if row.gap is None else "missing" if row.gap > 0 else "enough"),
                "standard_source": (
                    _("norm") if row.standard_source == "norm" else
                    _("norm set by the region") if row.standard_source == "region" else
                    _("median of %(n)s comparable municipalities") % {"n": row.comparables}
                    if row.standard_source == "median" else _("no norm, too few to compare")),
            })
        areas.append({"area": area, "rows": rows})
    return {"network": areas, "capacity_known": analysis.capacity_known,
            "capacity_source": analysis.capacity_source, "wider": analysis.wider,
            "members": analysis.members, "chosen": chosen}


def norms_view() -> list[dict]:
    language = _language()
    return [{"norm": n, "type_name": taxonomy.name(n.service_type, language),
             "group_name": (taxonomy.name(n.target_group, language) if n.target_group
                            else _("all target groups")),
             "unit_name": taxonomy.name(n.unit, language)} for n in selectors.norms()]


def targets_view() -> list[dict]:
    """The service types whose target population the municipality chose itself."""
    language = _language()
    names = dict(TargetPopulation.choices)
    return [{"type_name": taxonomy.name(code, language), "target": names.get(target, target)}
            for code, target in sorted(selectors.target_settings().items())]
