"""Complements for the protection interval chosen jointly (``belong.privacy._joint``).

The choice is one integer programme over every short cell's candidate directions,
weighted by what hiding a cell loses (its count times its ``priority``). Whatever it
picks is certified again, so the attack (integer programmes over the margins and
the stage order) must find no hidden small cell below ``k`` values, with or without
priorities; and a priority must steer the choice away from the cells it marks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belong.privacy import Constraint, find_narrow_cells, suppress_small_cells
from tests.privacy.test_attack_stage_order import nested_two_way

K = 10


def race_by_sex(stages: list[np.ndarray]) -> tuple[dict, list[Constraint], list[tuple]]:
    """Race x sex per stage with both margins and the total, stages nested cell by cell."""
    counts: dict = {}
    constraints: list[Constraint] = []
    order = []
    for s, table in enumerate(stages):
        total = (s, "total")
        counts[total] = int(table.sum())
        rows = [(s, "race", i) for i in range(table.shape[0])]
        cols = [(s, "sex", j) for j in range(table.shape[1])]
        counts.update(zip(rows, table.sum(axis=1).tolist(), strict=True))
        counts.update(zip(cols, table.sum(axis=0).tolist(), strict=True))
        constraints += [Constraint(total, tuple(rows)), Constraint(total, tuple(cols))]
        for i, r in enumerate(rows):
            cells = tuple((s, "cell", i, j) for j in range(table.shape[1]))
            counts.update(zip(cells, table[i].tolist(), strict=True))
            constraints.append(Constraint(r, cells))
        for j, c in enumerate(cols):
            constraints.append(
                Constraint(c, tuple((s, "cell", i, j) for i in range(table.shape[0])))
            )
        if s:
            order += [((s, *key[1:]), (s - 1, *key[1:])) for key in counts if key[0] == s]
    return counts, constraints, order


# Found by a seeded search: applied and interviewed, three races by two sexes.
STAGES = [np.array([[26, 21], [25, 43], [4, 7]]), np.array([[22, 13], [8, 23], [2, 4]])]
TOTALS = [(0, "total"), (1, "total")]


def _margins(result) -> set:
    return {key for key in result.suppressed if key[1] in ("race", "sex")}


def test_a_priority_steers_complements_off_the_margins_and_stays_protected():
    counts, constraints, order = race_by_sex(STAGES)
    plain = suppress_small_cells(counts, constraints, k=K, at_most=order, never_suppress=TOTALS)
    dear = {key: 30.0 for key in counts if key[1] in ("race", "sex")}
    steered = suppress_small_cells(
        counts, constraints, k=K, at_most=order, never_suppress=TOTALS, priority=dear
    )
    assert len(_margins(steered)) < len(_margins(plain))
    for result in (plain, steered):
        assert find_narrow_cells(counts, constraints, result) == {}


def test_a_priority_below_one_or_on_an_unknown_cell_is_refused():
    counts, constraints, _ = race_by_sex(STAGES)
    with pytest.raises(ValueError, match="at least 1"):
        suppress_small_cells(counts, constraints, k=K, priority={(0, "race", 0): 0.5})
    with pytest.raises(ValueError, match="not among the counts"):
        suppress_small_cells(counts, constraints, k=K, priority={"nowhere": 2.0})


@st.composite
def priced_cohorts(draw):
    """Nested race x sex stages (as the stage-order attack draws them), and a priority."""
    stages = draw(nested_two_way())
    dear = draw(st.sampled_from(["race", "sex", "cell"]))
    factor = draw(st.sampled_from([1.0, 5.0, 100.0]))
    return stages, dear, factor


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(case=priced_cohorts())
def test_jointly_chosen_complements_keep_k_values_under_any_priority(case):
    stages, dear, factor = case
    counts, constraints, order = race_by_sex(stages)
    priority = {key: factor for key in counts if key[1] == dear}
    result = suppress_small_cells(counts, constraints, k=5, at_most=order, priority=priority)
    assert find_narrow_cells(counts, constraints, result) == {}
