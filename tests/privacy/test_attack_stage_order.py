"""Attack tests: what a reader who knows the stage order can read off a suppression.

The attacker solves integer programmes (``feasible_ranges`` with ``integer=True``) over
everything published: every table of every stage, the margins, and the stage order
(a later stage is at most the stage before, cell by cell). Every hidden cell of 1..k-1
people must keep at least ``k`` whole-number values, for a reader who knows exactly
which hidden cells are empty (``find_narrow_cells``) and so for one who assumes "—"
is at least 0. The frozen examples show the attack catching what the old suppressor
(two values, margins only, one stage at a time) left open.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belong.privacy import (
    Constraint,
    ProtectionError,
    Suppression,
    feasible_ranges,
    find_narrow_cells,
    suppress_small_cells,
)

K = 10


def pipeline(stages: list[dict[str, int]]) -> tuple[dict, list[Constraint], list[tuple]]:
    """One-way tables of groups per stage, each stage's total published, stage order declared."""
    counts: dict = {}
    constraints = []
    order = []
    for s, values in enumerate(stages):
        counts.update({(s, g): v for g, v in values.items()})
        counts[(s, "total")] = sum(values.values())
        constraints.append(Constraint((s, "total"), tuple((s, g) for g in values)))
        if s:
            order += [((s, g), (s - 1, g)) for g in [*values, "total"]]
    return counts, constraints, order


# A frozen case: three stages of one cohort. Suppressed stage by stage and checked for
# two values against margins only (the old rule), the hidden cells look protected:
OLD_STAGES = [
    {"white": 60, "black": 14, "asian": 4, "aian": 3},
    {"white": 40, "black": 11, "asian": 3, "aian": 2},
    {"white": 25, "black": 10, "asian": 2, "aian": 1},
]
# ...and this is what the old suppressor hid (cheapest complement per stage).
OLD_HIDDEN = {
    (0, "asian"),
    (0, "aian"),
    (1, "asian"),
    (1, "aian"),
    (2, "asian"),
    (2, "aian"),
}


def test_old_per_stage_suppression_is_narrowed_by_the_stage_order():
    counts, constraints, order = pipeline(OLD_STAGES)
    old = Suppression(k=K, primary=frozenset(OLD_HIDDEN), complementary=frozenset(), interval=K)
    # Margins alone: the old rule's two values hold (each pair sums to 7, 5, 3)...
    ranges = feasible_ranges(old.published(counts), constraints, integer=True, lower_bound=1)
    assert all(high > low for low, high in ranges.values())
    # ...but far fewer than k values, and the stage order pins the last stage's pair:
    # aian in stage 2 is at most aian in stage 1, which is at most 2.
    narrow = find_narrow_cells(counts, constraints, old, at_most=order)
    assert set(narrow) == OLD_HIDDEN
    assert narrow[(2, "aian")] == (1.0, 2.0)


def test_joint_suppression_with_the_order_declared_keeps_k_values():
    counts, constraints, order = pipeline(OLD_STAGES)
    never = [(s, "total") for s in range(len(OLD_STAGES))]
    result = suppress_small_cells(counts, constraints, k=K, never_suppress=never, at_most=order)
    assert result.at_most == tuple(order)
    assert find_narrow_cells(counts, constraints, result) == {}
    # A reader who does not know which hidden cells are empty sees wider ranges still.
    published = result.published(counts)
    ranges = feasible_ranges(published, constraints, integer=True, at_most=order)
    small = [key for key in result.suppressed if 0 < counts[key] < K]
    assert all(ranges[key][1] - ranges[key][0] + 1 >= K for key in small)


def test_stage_order_left_undeclared_is_what_the_attack_catches():
    # One applicant of group b; suppressed without the order, c (25) is its complement
    # and margins leave b 1..25. But interviewed c = 25 <= applied c pins b to 1.
    stages = [{"a": 30, "b": 1, "c": 25}, {"a": 28, "b": 0, "c": 25}]
    counts, constraints, order = pipeline(stages)
    never = [(0, "total"), (1, "total")]
    blind = suppress_small_cells(counts, constraints, k=K, never_suppress=never)
    assert find_narrow_cells(counts, constraints, blind, at_most=()) == {}
    assert find_narrow_cells(counts, constraints, blind, at_most=order) == {(0, "b"): (1.0, 1.0)}
    # Told the order, the suppressor sees that no choice of complements can help while
    # both totals are shown (b <= 56 - 53 = 3 whatever else is hidden), and says so...
    with pytest.raises(ProtectionError) as raised:
        suppress_small_cells(counts, constraints, k=K, never_suppress=never, at_most=order)
    assert raised.value.keys == ((0, "b"),)
    # ...and when a total may be hidden, it finds a suppression the attack cannot narrow.
    told = suppress_small_cells(counts, constraints, k=K, at_most=order)
    assert find_narrow_cells(counts, constraints, told) == {}


def test_a_hidden_zero_is_never_the_complement_when_a_positive_cell_will_do():
    counts, constraints, _ = pipeline([{"a": 3, "b": 0, "c": 40, "d": 12}])
    result = suppress_small_cells(counts, constraints, k=K, never_suppress=[(0, "total")])
    assert (0, "b") not in result.suppressed
    assert find_narrow_cells(counts, constraints, result) == {}


def test_an_order_the_counts_break_is_rejected():
    counts, constraints, _ = pipeline([{"a": 3, "b": 20}, {"a": 4, "b": 10}])
    try:
        suppress_small_cells(counts, constraints, k=K, at_most=[((1, "a"), (0, "a"))])
    except ValueError as error:
        assert "Declare only orderings that always hold" in str(error)
    else:  # pragma: no cover
        raise AssertionError("a broken order was accepted")


@st.composite
def nested_cohorts(draw):
    """A cohort passing 2-4 stages: each stage's people a subset of the stage before's."""
    n_groups = draw(st.integers(2, 5))
    n_stages = draw(st.integers(2, 4))
    first = [draw(st.one_of(st.integers(0, 12), st.integers(0, 80))) for _ in range(n_groups)]
    stages = [first]
    for _ in range(n_stages - 1):
        stages.append([draw(st.integers(0, v)) for v in stages[-1]])
    return [{f"g{i}": v for i, v in enumerate(row)} for row in stages]


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stages=nested_cohorts(), k=st.integers(3, 10))
def test_nested_cohorts_keep_k_values_under_the_stage_order(stages, k):
    counts, constraints, order = pipeline(stages)
    result = suppress_small_cells(counts, constraints, k=k, at_most=order)
    assert find_narrow_cells(counts, constraints, result) == {}


@st.composite
def nested_two_way(draw):
    """Race x sex per stage with both margins, stages nested cell by cell."""
    n_race = draw(st.integers(2, 3))
    base = np.array(
        [
            [draw(st.one_of(st.integers(0, 8), st.integers(0, 40))) for _ in range(2)]
            for _ in range(n_race)
        ]
    )
    stages = [base]
    for _ in range(draw(st.integers(1, 2))):
        stages.append(np.array([[draw(st.integers(0, int(v))) for v in row] for row in stages[-1]]))
    return stages


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stages=nested_two_way())
def test_linked_tables_across_stages_keep_k_values(stages):
    counts: dict = {}
    constraints: list[Constraint] = []
    order = []
    for s, table in enumerate(stages):
        total = (s, "total")
        counts[total] = int(table.sum())
        rows = [(s, "race", i) for i in range(table.shape[0])]
        cols = [(s, "sex", j) for j in range(2)]
        counts.update(zip(rows, table.sum(axis=1).tolist(), strict=True))
        counts.update(zip(cols, table.sum(axis=0).tolist(), strict=True))
        constraints += [Constraint(total, tuple(rows)), Constraint(total, tuple(cols))]
        for i, r in enumerate(rows):
            cells = tuple((s, "cell", i, j) for j in range(2))
            counts.update(zip(cells, table[i].tolist(), strict=True))
            constraints.append(Constraint(r, cells))
        for j, c in enumerate(cols):
            constraints.append(
                Constraint(c, tuple((s, "cell", i, j) for i in range(table.shape[0])))
            )
        if s:
            order += [((s, *key[1:]), (s - 1, *key[1:])) for key in counts if key[0] == s]
    result = suppress_small_cells(counts, constraints, k=5, at_most=order)
    assert find_narrow_cells(counts, constraints, result) == {}
