"""Seeding the demo: creates only what is missing, so running it twice changes nothing."""

from django.db import transaction
from django_tenants.utils import tenant_context

from hub import plugins
from hub.accounts.models import CoordinatorAssignment, Membership, User
from hub.demo import data
from hub.municipalities.models import Municipality, Region
from hub.municipalities.services import municipality_create
from hub.regional.services import figures_refresh


def demo_seed() -> dict[str, int]:
    """Seed regions, municipalities, their content and the accounts; returns counts created
    (the tenant apps' content by app label)."""
    created = {"regions": 0, "municipalities": 0, "accounts": 0, "memberships": 0,
               "coordinators": 0}
    regions = {}
    for code, name, kind, country, parent in data.REGIONS:
        regions[code], made = Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "country": country,
                                 "parent": regions.get(parent)})
        created["regions"] += made
    for spec in data.MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=spec["slug"]).first()
        if municipality is None:
            district = regions[spec["district"]]
            municipality = municipality_create(
                name=spec["name"], slug=spec["slug"], kind=spec["kind"], country=spec["country"],
                population=spec["population"], ico=spec["ico"], kpss_email=spec["kpss_email"],
                district=district, region=district.parent,
            )
            created["municipalities"] += 1
        if municipality.population_65 is None and spec.get("population_65"):
            municipality.population_65 = spec["population_65"]
            municipality.save(update_fields=["population_65"])
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
