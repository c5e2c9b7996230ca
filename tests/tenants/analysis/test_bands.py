"""Age bands with a shared Tilings (one per Demography): every band and pyramid of areas with
different stored bands is the one each area's own rows give without it, in any order."""

from tenants.analysis import bands

FIVE = {(a, None if a == 95 else a + 4): a + 1 for a in range(0, 100, 5)}
STANDARD = {(0, 14): 100, (15, 64): 200, (65, 79): 30, (80, None): 4}
#: Single years to 84 and 85+, and 5-year bands over them: the finest tiling is the years.
MIXED = {**{(a, a): 1 for a in range(85)}, (85, None): 7,
         **{(a, a + 4): 5 for a in range(0, 85, 5)}}
GAP = {(0, 14): 10, (20, 64): 20, (65, None): 30}           # 15–19 missing
OVERLAP = {(0, 19): 10, (15, 64): 20, (65, None): 30}       # 15–19 twice
TOTAL_ONLY = {(None, None): 999, (0, 14): 50}
ALL = [FIVE, STANDARD, MIXED, GAP, OVERLAP, TOTAL_ONLY,
       dict(reversed(list(FIVE.items()))), dict(reversed(list(MIXED.items())))]
ASKED = [*bands.TARGET_RANGES.values(), *bands.STANDARD, (0, 4), (5, 19), (85, None),
         (0, 0), (84, 84), (65, 64)]


def test_one_tilings_for_all_areas_gives_each_its_own_bands():
    tilings = bands.Tilings()
    for _round in range(2):  # the second round answers from what the first remembered
        for rows in ALL:
            for age_from, age_to in ASKED:
                assert (bands.band_count(rows, age_from, age_to, tilings)
                        == bands.band_count(rows, age_from, age_to)), (rows, age_from, age_to)
            assert bands.finest_bands(rows, tilings) == bands.finest_bands(rows)


def test_the_figures_the_shared_tilings_give():
    tilings = bands.Tilings()
    found = {name: [bands.band_count(rows, a, b, tilings)
                    for a, b in bands.TARGET_RANGES.values()]
             for name, rows in [("five", FIVE), ("standard", STANDARD), ("mixed", MIXED),
                                ("gap", GAP), ("overlap", OVERLAP), ("total", TOTAL_ONLY)]}
    # total, 0-14, 15-64, 15+, 65+, 80+
    assert found == {"five": [970, 18, 385, 952, 567, 354],
                     "standard": [334, 100, 200, 234, 34, 4],
                     "mixed": [92, 15, 50, 77, 27, 12],
                     "gap": [None, 10, None, None, 30, None],
                     "overlap": [None, None, 20, 50, 30, None],
                     "total": [999, 50, None, None, None, None]}
    assert [k for k, _ in bands.finest_bands(MIXED, tilings)] == [
        *((a, a) for a in range(85)), (85, None)]
