"""Funding rounds for tests (call inside a municipality's schema)."""

from decimal import Decimal as D

from django.db import connection

from tenants.funding import services
from tenants.funding.models import Criterion, Round
from tests.tenants.catalogue.builders import provider, service


def round_(user, *, title="Dotácie na sociálne služby", year=2024, budget=D(1000), **kw):
    data = {"title": title, "year": year, "budget": budget, "source": "rozpočet mesta",
            "min_score": D(0), "cap_percent": D(100)}
    data.update(kw)
    return services.round_create(user=user, **data)


def two_services(user, *, ico="55500011"):
    # The service types follow the current municipality's country (the matrix runs in both).
    country = getattr(connection.tenant, "country", "SK")
    prov = provider(user, name="Poskytovateľ dotácií", ico=ico)
    return (service(prov, user, country=country, name="Denné centrum Jeseň"),
            service(prov, user, country=country, name="Terénna opatrovateľská služba",
                    form="field",
                    capacities=[{"form": "field", "unit": "client", "capacity": 30,
                                 "note": ""}]))


def application(user, round_obj, svc, *, requested, personnel, operating=D(0), other=D(0),
                capacity=10):
    return services.application_save(
        user=user, round_=round_obj, service=svc, requested=D(requested),
        personnel_costs=D(personnel), operating_costs=D(operating), other_sources=D(other),
        capacity=capacity, capacity_unit="klientov")


def score_all(user, round_obj, points=(D(8), D(5))):
    """Every staff criterion of every application: the given points in turn."""
    staff = [c for c in round_obj.criteria.all() if c.kind == Criterion.Kind.SCORED]
    for n, app in enumerate(round_obj.applications.order_by("pk")):
        services.scores_save(user=user, application=app, scores={
            c: (points[n % len(points)], "Podľa návštevy v službe") for c in staff})


def evaluated(user, *, title="Kolo Alfa", ico="55500011", publish=False):
    """A round with two scored, allocated applications; decided and published if asked."""
    r = round_(user, title=title)
    a, b = two_services(user, ico=ico)
    services.round_transition(user=user, round_=r, to=Round.State.OPEN)
    first = application(user, r, a, requested=600, personnel=700, capacity=40)
    application(user, r, b, requested=800, personnel=500, operating=500, other=D(200),
                capacity=30)
    services.round_transition(user=user, round_=r, to=Round.State.EVALUATING)
    score_all(user, r)
    services.round_allocate(user=user, round_=r)
    if publish:
        services.round_transition(user=user, round_=r, to=Round.State.DECIDED)
        services.round_transition(user=user, round_=r, to=Round.State.PUBLISHED)
    return Round.objects.get(pk=r.pk), first
