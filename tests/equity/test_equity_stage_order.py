"""Stage-years of one year suppressed jointly under their stage order (equity.analytics.ordering).

``protect_year`` is what the release builder calls per year; these tests give it
the stage pairs directly, so they hold whether or not releases declare the order
(``ordering.FULL_PROTECTION``). Whole releases under the declared order are attacked
in ``test_equity_stage_order_attack.py``.
"""

from __future__ import annotations

import numpy as np

from belong.equity.analytics.ordering import StageBlock, nested_pairs, protect_year
from belong.privacy import Constraint, feasible_ranges

K = 10
# Three nested stages of one cohort, one table (total first, then four groups).
STAGES = [[81, 60, 14, 4, 3], [56, 40, 11, 3, 2], [38, 25, 10, 2, 1]]


def blocks() -> dict[int, StageBlock]:
    return {s: StageBlock(v, [Constraint(0, (1, 2, 3, 4))]) for s, v in enumerate(STAGES)}


def attack(masks: dict[int, np.ndarray], pairs: list[tuple[int, int]]) -> dict:
    published = {
        (s, i): None if masks[s][i] else v
        for s, values in enumerate(STAGES)
        for i, v in enumerate(values)
    }
    constraints = [Constraint((s, 0), tuple((s, i) for i in range(1, 5))) for s in range(3)]
    order = [((a, i), (b, i)) for a, b in pairs for i in range(5)]
    return feasible_ranges(published, constraints, integer=True, lower_bound=1, at_most=order)


def test_joint_suppression_keeps_k_values_under_the_stage_order():
    pairs = [(1, 0), (2, 1)]
    masks = protect_year(blocks(), pairs, k=K, whole=set(), interval=K)
    ranges = attack(masks, pairs)
    small = [(s, i) for s, v in enumerate(STAGES) for i, x in enumerate(v) if 0 < x < K]
    assert all(masks[s][i] for s, i in small)
    assert all(ranges[key][1] - ranges[key][0] + 1 >= K for key in small)


def test_a_stage_year_that_cannot_be_protected_is_hidden_whole():
    # The last stage's total of 12 leaves a cell of 1 at most 12 - 1 - 1 + 1 values
    # beside a total that must stay shown... unless the stage-year goes whole.
    stages = {
        0: StageBlock([40, 30, 9, 1], [Constraint(0, (1, 2, 3))]),
        1: StageBlock([11, 9, 1, 1], [Constraint(0, (1, 2, 3))]),
    }
    whole: set[int] = set()
    masks = protect_year(stages, [(1, 0)], k=K, whole=whole, interval=K)
    assert 1 in whole
    assert masks[1][1:].all() and masks[1][0]


def test_only_nested_transitions_declare_an_order():
    nested = np.array([[True, False], [True, True]])
    stage_pairs = [(0, 1), (1, 2)]
    from belong.equity.analytics import ordering

    saved = ordering.FULL_PROTECTION
    ordering.FULL_PROTECTION = True
    try:
        assert nested_pairs(nested, stage_pairs, 0) == [(1, 0), (2, 1)]
        assert nested_pairs(nested, stage_pairs, 1) == [(2, 1)]
    finally:
        ordering.FULL_PROTECTION = saved
    assert nested_pairs(nested, stage_pairs, 0) == ([(1, 0), (2, 1)] if saved else [])
