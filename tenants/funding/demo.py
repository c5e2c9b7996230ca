"""Demo funding round (demo mode only): ORP Benešov's 2024 round for social services, with
criteria, applications of its demo catalogue's services, staff scores, decided and published.
And the self-assessments of the planning's quality of ORP Benešov and Banská Bystrica for 2024
and 2025, so the comparison with the year before shows. Figures are invented but plausible;
every text says "ukázka" (SK: "ukážka")."""

import datetime as dt
from decimal import Decimal as D

from django.db import transaction

from tenants.funding import evidence, quality, services
from tenants.funding.models import Criterion, Round, SelfAssessment

# (points for need and capacity use, target-group priority, quality), out of 10, in turn.
POINTS = [(9, 8, 9), (7, 9, 8), (8, 6, 7), (6, 7, 8), (9, 9, 6), (5, 6, 7), (8, 8, 8),
          (4, 5, 6)]
REASONS = ("Podle zprávy o činnosti za rok 2023 a návštěvy v zařízení (ukázka).",
           "Cílová skupina je prioritou střednědobého plánu (ukázka).",
           "Podle inspekce kvality a stížností za poslední rok (ukázka).")


def _capacity(service) -> int:
    return sum(line.get("capacity", 0) for line in service.capacities) or 10


# The statuses of the 31 criteria in turn (quality.CODES): M met, P partly, N not met,
# - not applicable; the later year a little better than the earlier.
ASSESSMENTS = {
    "benesov": {2024: "MMPM MPPN NP- MPPM MPPP PMNM MPMP PNNP",
                2025: "MMMM MMPP PP- MMMM MMPM MMPM MMMP PPNM"},
    "banska-bystrica": {2024: "MPPP PPNP NN- PPNP MNPN PPNN PNPP NNNN",
                        2025: "MMPM MPPP PN- MPPP MPPP MPNP MPPP PNPN"},
}
STATUS = {"M": "met", "P": "partly", "N": "not_met", "-": "na"}
COMMENT = {"CZ": "Doloženo zápisem z jednání řídicí skupiny (ukázka).",
           "SK": "Doložené zápisnicou zo stretnutia riadiacej skupiny (ukážka)."}


def _quality_seed(municipality) -> int:
    patterns = ASSESSMENTS.get(municipality.slug)
    if patterns is None or SelfAssessment.objects.filter(is_demo=True).exists():
        return 0
    found = evidence.known()
    meetings = [value for value in found if value.startswith("meeting:")][:2]
    plans = [value for value in found if value.startswith("plan:")][:1]
    comment = COMMENT["CZ" if municipality.country == "CZ" else "SK"]
    made = 0
    for year, pattern in patterns.items():
        statuses = [STATUS[c] for c in pattern.replace(" ", "")]
        answers = {}
        for n, (code, status) in enumerate(zip(quality.CODES, statuses, strict=True)):
            area = quality.AREA_OF[code]
            answers[code] = {
                "status": status, "comment": comment if n % 4 == 0 else "",
                "evidence": (meetings if area in ("management", "involvement") else
                             plans if area in ("legitimacy", "development") else []),
                "links": []}
        assessment = services.assessment_create(
            user=None, year=year, note=f"Sebahodnotenie za rok {year} (ukážka)."
            if municipality.country == "SK" else f"Sebehodnocení za rok {year} (ukázka).",
            answers=answers)
        SelfAssessment.objects.filter(pk=assessment.pk).update(is_demo=True)
        made += 1
    return made


@transaction.atomic
def demo_seed(municipality) -> int:
    made = _quality_seed(municipality)
    if municipality.slug != "benesov" or Round.objects.filter(is_demo=True).exists():
        return made
    chosen = list(services.service_choices().select_related("provider").order_by("name", "pk")
                  [:8])
    if not chosen:
        return 0
    measures = list(services.measure_choices().order_by("priority__plan__year_from",
                                                        "priority__number", "number")[:4])
    round_ = services.round_create(
        user=None, title="Dotační program města Benešov na sociální služby (ukázka)",
        year=2024, budget=D(3_000_000), source="rozpočet města Benešov",
        applications_from=dt.date(2024, 1, 15), applications_until=dt.date(2024, 2, 29),
        decision_on=dt.date(2024, 4, 22), decision_reference="usnesení ZM č. 12/2024 (ukázka)",
        description="Příspěvek města na provoz registrovaných sociálních služeb podle "
                    "kritérií schválených radou města (ukázka).",
        min_score=D(40), cap_percent=D(30))
    services.round_transition(user=None, round_=round_, to=Round.State.OPEN)
    for n, service in enumerate(chosen):
        capacity = _capacity(service)
        personnel = D(min(capacity, 120) * 38_000 + 250_000 + n * 40_000)
        operating = (personnel * D("0.3")).quantize(D(1000))
        costs = personnel + operating
        services.application_save(
            user=None, round_=round_, service=service,
            measure=measures[n % len(measures)] if measures and n % 3 != 2 else None,
            requested=(costs * D([20, 35, 25, 40, 15, 30, 45, 22][n]) / 100).quantize(D(1000)),
            personnel_costs=personnel, operating_costs=operating,
            other_sources=(costs * D("0.45")).quantize(D(1000)), capacity=capacity,
            capacity_unit="míst / klientů", note="Žádost podaná v termínu (ukázka).")
    services.round_transition(user=None, round_=round_, to=Round.State.EVALUATING)
    staff = [c for c in round_.criteria.all() if c.kind == Criterion.Kind.SCORED]
    for n, application in enumerate(round_.applications.order_by("service_name", "pk")):
        points = POINTS[n % len(POINTS)]
        services.scores_save(user=None, application=application, scores={
            c: (D(points[i % 3]), REASONS[i % 3]) for i, c in enumerate(staff)})
    services.round_allocate(user=None, round_=round_)
    services.round_transition(user=None, round_=round_, to=Round.State.DECIDED)
    services.round_transition(user=None, round_=round_, to=Round.State.PUBLISHED)
    Round.objects.filter(pk=round_.pk).update(is_demo=True)
    return made + 1 + round_.applications.count()
