"""Seeding the demo: creates only what is missing, so running it twice changes nothing."""

from django.db import transaction
from django_tenants.utils import tenant_context

from hub import plugins
from hub.accounts.models import CoordinatorAssignment, Membership, User
from hub.demo import data
from hub.municipalities.codebooks import UnitRow
from hub.municipalities.models import Municipality, Region, TerritorialUnit
from hub.municipalities.selectors import unit_for_kind
from hub.municipalities.services import municipality_create, territory_load
from hub.regional.services import figures_refresh


def _territory_seed() -> int:
    """The demo's territorial units (codebook rows); returns how many were new."""
    before = TerritorialUnit.objects.count()
    for country, units in data.TERRITORY.items():
        levels = {code: level for level, code, _name, _parent in units}
        territory_load(country=country, rows=[
            UnitRow(level=level, code=code, name=name,
                    parent=(levels[parent], parent) if parent else None)
            for level, code, name, parent in units])
    return TerritorialUnit.objects.count() - before


def demo_seed() -> dict[str, int]:
    """Seed regions, municipalities, their content and the accounts; returns counts created
    (the tenant apps' content by app label)."""
    created = {"regions": 0, "municipalities": 0, "accounts": 0, "memberships": 0,
               "coordinators": 0}
    created["territorial units"] = _territory_seed()
    regions = {}
    for code, name, kind, country, parent, unit in data.REGIONS:
        regions[code], made = Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "country": country,
                                 "parent": regions.get(parent)})
        created["regions"] += made
        if unit and regions[code].territory_id is None:
            regions[code].territory = TerritorialUnit.objects.get(
                country=country, code=unit, level=TerritorialUnit.Level(
                    "region" if kind == "region" else "district"))
            regions[code].save(update_fields=["territory"])
    for spec in data.MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=spec["slug"]).first()
        territory = (unit_for_kind(country=spec["country"], kind=spec["kind"],
                                   code=spec["territory"]) if spec.get("territory") else None)
        if municipality is None:
            district = regions[spec["district"]]
            municipality = municipality_create(
                name=spec["name"], slug=spec["slug"], kind=spec["kind"], country=spec["country"],
                population=spec["population"], population_65=spec.get("population_65"),
                ico=spec["ico"], kpss_email=spec["kpss_email"], district=district,
                region=district.parent, territory=territory,
            )
            created["municipalities"] += 1
        # Demos seeded before a field existed get it now, without touching anything else.
        missing = {}
        if municipality.population_65 is None and spec.get("population_65"):
            missing["population_65"] = spec["population_65"]
        if municipality.territory_id is None and territory is not None:
            missing["territory"] = territory
        if missing:
            for field, value in missing.items():
                setattr(municipality, field, value)
            municipality.save(update_fields=list(missing))
        # Each tenant app seeds its own content (its AppConfig's `demo`), in INSTALLED_APPS
        # order: plans before participation (target groups) and documents (the plan in force).
        with tenant_context(municipality), transaction.atomic():
            for config, seed in plugins.offered("demo"):
                created[config.label] = created.get(config.label, 0) + seed(municipality)
    places = {m.slug: m for m in Municipality.objects.all()}
    for email, roles, areas, operator in data.ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            maker = User.objects.create_superuser if operator else User.objects.create_user
            user = maker(email=email, password=data.DEMO_PASSWORD)
            created["accounts"] += 1
        for slug, role in roles.items():
            _, made = Membership.objects.get_or_create(user=user, municipality=places[slug],
                                                       defaults={"role": role})
            created["memberships"] += made
        for code in areas:
            _, made = CoordinatorAssignment.objects.get_or_create(user=user, area=regions[code])
            created["coordinators"] += made
    # The coordinators' read model, filled at once (a worker keeps it fresh afterwards).
    for municipality in places.values():
        figures_refresh(municipality=municipality)
    return created
