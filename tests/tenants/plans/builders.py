"""Builds plans for tests through the services, as staff would."""

import datetime
from decimal import Decimal

from tenants.plans import services
from tenants.plans.models import Plan


def plan_with_tree(user, *, title="Komunitný plán", year_from=2024, year_to=2027,
                   basis=Plan.LegalBasis.SK_KPSS):
    """A draft with two priorities; priority 1 has measures 1.1 (two activities) and 1.2."""
    plan = services.plan_create(user=user, legal_basis=basis, title=title, year_from=year_from,
                                year_to=year_to, vision="Dostupné služby pre všetkých.")
    p1 = services.priority_save(user=user, plan=plan, title="Seniori", weight=Decimal("2"))
    p2 = services.priority_save(user=user, plan=plan, title="Rodina", weight=Decimal("1"))
    m11 = services.measure_save(
        user=user, priority=p1, title="Denný stacionár", responsible="Odbor sociálnych vecí",
        budget_lines=[{"year": year_from, "source": "mesto", "amount": Decimal("15000")}],
        indicators=[{"name": "Miesta", "unit": "miest", "baseline": Decimal("10"),
                     "targets": {str(year_from): "15"}}])
    m12 = services.measure_save(user=user, priority=p1, title="Opatrovateľská služba",
                                weight=Decimal("3"))
    a111 = services.activity_save(user=user, measure=m11, title="Projekt", weight=Decimal("1"))
    a112 = services.activity_save(user=user, measure=m11, title="Stavba", weight=Decimal("3"))
    m21 = services.measure_save(user=user, priority=p2, title="Poradňa")
    return plan, {"p1": p1, "p2": p2, "m11": m11, "m12": m12, "m21": m21, "a111": a111,
                  "a112": a112}


def plan_in_force(user, *, resolution=datetime.date(2023, 10, 20), on_date=None,
                  supersede=True, **kwargs):
    """A plan discussed in the weeks before ``resolution``, approved on it and in force from the
    start of its period (or the resolution, if later), approved on ``on_date`` (by default the
    day it takes effect). A plan already in force on its basis is superseded."""
    plan, tree = plan_with_tree(user, **kwargs)
    services.plan_transition(user=user, plan=plan, action="start_discussion",
                             discussion_from=resolution - datetime.timedelta(days=49),
                             discussion_to=resolution - datetime.timedelta(days=20))
    start = max(plan.period_start, resolution)
    plan = services.plan_transition(user=user, plan=plan, action="approve",
                                    resolution_number="12/2023", resolution_date=resolution,
                                    supersede=supersede, on_date=on_date or start)
    return plan, tree
