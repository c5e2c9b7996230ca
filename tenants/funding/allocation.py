"""The allocation of a round's budget, exact: a pure function from scores and requests to whole
amounts that add up to the budget (or to what the caps allow, when that is less).

1. An application below the round's minimum score (or with score 0, or asking for nothing) gets
   nothing.
2. Each other application has a cap: its request, and at most ``cap_percent`` % of its costs,
   rounded down to a whole unit.
3. The budget is shared in proportion to score × request. A share that reaches its cap is fixed
   at the cap, and what the cap freed is shared again among the rest by the same rule, until no
   share exceeds its cap (water-filling; at most one pass per application).
4. The shares are exact fractions; each is rounded down to a whole unit and the units left over
   go one each to the largest fractional parts, ties broken by the higher score, then the larger
   request, then the lower application id — so the result never depends on input order.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

BELOW_MINIMUM = "below_minimum"
NOTHING_REQUESTED = "nothing_requested"
CAPPED_REQUEST = "capped_request"
CAPPED_COSTS = "capped_costs"
PROPORTIONAL = "proportional"
FIXED = "fixed"  # an amount staff set by hand (override), taken out before sharing


@dataclass(frozen=True)
class Claim:
    """One application as the algorithm sees it."""

    id: int
    score: Decimal  # 0–100
    requested: Decimal  # whole units
    costs: Decimal  # personnel + operating, the base of the percentage cap
    fixed: Decimal | None = None  # a staff override: this amount, whatever the rule says


@dataclass
class Share:
    id: int
    amount: Decimal
    status: str
    cap: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)  # score × request
    exact: Fraction = field(default_factory=Fraction)  # the share before rounding
    rounded_up: bool = False


def _whole(value) -> Decimal:
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_FLOOR)


def allocate(*, budget: Decimal, claims: list[Claim], min_score: Decimal = Decimal(0),
             cap_percent: Decimal = Decimal(100)) -> dict[int, Share]:
    """Split ``budget`` (a whole amount) among ``claims``; returns a Share per claim id."""
    budget = _whole(budget)
    shares: dict[int, Share] = {}
    for claim in claims:
        if claim.fixed is not None:
            shares[claim.id] = Share(claim.id, _whole(claim.fixed), FIXED)
    left = budget - sum((s.amount for s in shares.values()), Decimal(0))
    if left < 0:
        raise ValueError("fixed amounts exceed the budget")
    active = []
    for claim in sorted((c for c in claims if c.fixed is None), key=lambda c: c.id):
        if claim.requested <= 0:
            shares[claim.id] = Share(claim.id, Decimal(0), NOTHING_REQUESTED)
            continue
        if claim.score <= 0 or claim.score < min_score:
            shares[claim.id] = Share(claim.id, Decimal(0), BELOW_MINIMUM)
            continue
        by_costs = _whole(claim.costs * cap_percent / 100)
        cap, status = (claim.requested, CAPPED_REQUEST) if claim.requested <= by_costs \
            else (by_costs, CAPPED_COSTS)
        share = Share(claim.id, Decimal(0), status, cap=_whole(cap),
                      weight=claim.score * claim.requested)
        shares[claim.id] = share
        active.append((claim, share))

    # Water-filling: fix every share that would pass its cap, share the rest again.
    pool = Fraction(left)
    while active:
        total_weight = sum((Fraction(s.weight) for _c, s in active), Fraction(0))
        if total_weight == 0:
            break
        over = [(c, s) for c, s in active if pool * Fraction(s.weight) / total_weight >= s.cap]
        if not over:
            for _c, s in active:
                s.exact = pool * Fraction(s.weight) / total_weight
                s.status = PROPORTIONAL
            break
        for _c, s in over:
            s.exact = Fraction(s.cap)
            s.amount = s.cap
            pool -= s.exact
        active = [(c, s) for c, s in active if (c, s) not in over]

    # Rounding: floors, then the leftover units to the largest fractional parts.
    proportional = [(c, s) for c, s in active if s.status == PROPORTIONAL]
    for _c, s in proportional:
        s.amount = Decimal(s.exact.numerator // s.exact.denominator)
    remainder = int(pool - sum((Fraction(s.amount) for _c, s in proportional), Fraction(0)))
    order = sorted(proportional, key=lambda cs: (-(cs[1].exact - int(cs[1].exact)),
                                                 -cs[0].score, -cs[0].requested, cs[0].id))
    for _c, s in order[:remainder]:
        s.amount += 1
        s.rounded_up = True
    return shares
