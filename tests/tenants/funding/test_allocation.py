"""The allocation arithmetic on exact fixtures: proportional shares, caps, the minimum score,
redistribution, the rounding remainder and ties; the sum is always the budget (or the caps)."""

import random
from decimal import Decimal as D

import pytest

from tenants.funding.allocation import (
    BELOW_MINIMUM,
    CAPPED_COSTS,
    CAPPED_REQUEST,
    FIXED,
    NOTHING_REQUESTED,
    PROPORTIONAL,
    Claim,
    allocate,
)


def _claim(id_, score, requested, costs=None, fixed=None):
    return Claim(id=id_, score=D(score), requested=D(requested),
                 costs=D(costs if costs is not None else requested), fixed=fixed)


def _amounts(shares):
    return {k: (v.amount, v.status) for k, v in sorted(shares.items())}


def test_proportional_with_the_remainder_to_the_largest_fractions():
    # Weights 80×600, 60×400, 50×300 = 48,000 : 24,000 : 15,000 of 87,000.
    # Exact shares 551.72…, 275.86…, 172.41…; floors 998; the 2 left go to .86 and .72.
    shares = allocate(budget=D(1000), claims=[_claim(1, 80, 600), _claim(2, 60, 400),
                                              _claim(3, 50, 300)])
    assert _amounts(shares) == {1: (D(552), PROPORTIONAL), 2: (D(276), PROPORTIONAL),
                                3: (D(172), PROPORTIONAL)}
    assert [shares[i].rounded_up for i in (1, 2, 3)] == [True, True, False]
    assert shares[1].weight == D(48000)


def test_caps_free_money_that_is_shared_again_over_several_passes():
    # cap 50 % of costs: A 200, B 300, C min(1000 requested, 2000) = 1000.
    # Pass 1: 1000 × 50,000/134,200 = 372.58 ≥ 200 fixes A; B 254.84 < 300.
    # Pass 2: 800 × 34,200/84,200 = 324.94 ≥ 300 fixes B. Pass 3: C gets the 500 left.
    claims = [_claim(1, 100, 500, costs=400), _claim(2, 90, 380, costs=600),
              _claim(3, 50, 1000, costs=4000)]
    shares = allocate(budget=D(1000), claims=claims, cap_percent=D(50))
    assert _amounts(shares) == {1: (D(200), CAPPED_COSTS), 2: (D(300), CAPPED_COSTS),
                                3: (D(500), PROPORTIONAL)}


def test_capped_at_the_request_and_the_rest_to_the_others():
    # Weights 10,000 : 30,000 : 50,000; A's 111.1 and B's 333.3 pass their requests.
    shares = allocate(budget=D(1000), claims=[_claim(1, 100, 100), _claim(2, 100, 300),
                                              _claim(3, 50, 1000)])
    assert _amounts(shares) == {1: (D(100), CAPPED_REQUEST), 2: (D(300), CAPPED_REQUEST),
                                3: (D(600), PROPORTIONAL)}


def test_below_the_minimum_score_gets_nothing_and_the_others_share_all():
    shares = allocate(budget=D(900), claims=[_claim(1, D("49.99"), 1000), _claim(2, 50, 1000),
                                             _claim(3, 100, 1000), _claim(4, 0, 1000),
                                             _claim(5, 90, 0)], min_score=D(50))
    # 50×1000 : 100×1000 → 300 and 600.
    assert _amounts(shares) == {1: (D(0), BELOW_MINIMUM), 2: (D(300), PROPORTIONAL),
                                3: (D(600), PROPORTIONAL), 4: (D(0), BELOW_MINIMUM),
                                5: (D(0), NOTHING_REQUESTED)}


def test_a_budget_larger_than_all_requests_gives_each_its_cap():
    shares = allocate(budget=D(10000), claims=[_claim(1, 10, 100), _claim(2, 90, 200)])
    assert _amounts(shares) == {1: (D(100), CAPPED_REQUEST), 2: (D(200), CAPPED_REQUEST)}


def test_ties_go_to_the_lower_id_whatever_the_order():
    claims = [_claim(3, 50, 100), _claim(1, 50, 100), _claim(2, 50, 100)]
    for order in (claims, list(reversed(claims))):
        assert _amounts(allocate(budget=D(100), claims=order)) == {
            1: (D(34), PROPORTIONAL), 2: (D(33), PROPORTIONAL), 3: (D(33), PROPORTIONAL)}


def test_equal_remainders_go_to_the_higher_score_then_the_larger_request():
    # Three equal weights of 10,000: 33.33 each; the one unit left goes to score 100.
    shares = allocate(budget=D(100), claims=[_claim(1, 50, 200), _claim(2, 100, 100),
                                             _claim(3, 25, 400)])
    assert [shares[i].amount for i in (1, 2, 3)] == [D(33), D(34), D(33)]
    # Same score: the larger request.
    shares = allocate(budget=D(101), claims=[_claim(1, 50, 100), _claim(2, 50, 100),
                                             _claim(3, 25, 200), _claim(4, 25, 200)])
    # Weights all 5,000: 25.25 each; floors 100, the 1 left to score 50 → id 1 (lower id).
    assert [shares[i].amount for i in (1, 2, 3, 4)] == [D(26), D(25), D(25), D(25)]


def test_amounts_set_by_hand_are_taken_out_first():
    shares = allocate(budget=D(1000), claims=[_claim(1, 10, 900, fixed=D(500)),
                                              _claim(2, 80, 800), _claim(3, 80, 800)])
    assert _amounts(shares) == {1: (D(500), FIXED), 2: (D(250), PROPORTIONAL),
                                3: (D(250), PROPORTIONAL)}
    with pytest.raises(ValueError):
        allocate(budget=D(100), claims=[_claim(1, 10, 900, fixed=D(500))])


def test_the_sum_is_the_budget_or_what_the_caps_allow_on_many_random_rounds():
    rng = random.Random(16)
    for _round in range(300):
        claims = [_claim(i, rng.randint(0, 100), rng.randint(0, 50_000),
                         costs=rng.randint(1, 80_000)) for i in range(1, rng.randint(2, 12))]
        budget = D(rng.randint(0, 200_000))
        min_score, cap = D(rng.choice([0, 30, 60])), D(rng.choice([100, 80, 50]))
        shares = allocate(budget=budget, claims=claims, min_score=min_score, cap_percent=cap)
        total = sum(s.amount for s in shares.values())
        caps = sum(s.cap for s in shares.values())
        assert total == min(budget, caps)
        for claim in claims:
            share = shares[claim.id]
            assert share.amount == share.amount.to_integral_value()
            assert 0 <= share.amount <= claim.requested
            assert share.amount <= claim.costs * cap / 100
