"""The guard's fast path against the slow exact one, on generated small systems.

The slow path is the definition: for every atom, its least and greatest value
(LP relaxation, rounded inwards) under the whole system, under the earlier
facts alone and under the new release's alone, each a fresh
``scipy.optimize.linprog`` problem; an atom is at risk when the whole system
narrows it below ``k`` values (some of them 1..k-1) and neither part alone
does. The fast path (basis reduction, history ruled out once, points, dual
certificates) must name exactly the same atoms with the same ranges.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from belong.privacy._system_solve import is_risky, subsystem_risks, whole

K = 5


def _range(rows: np.ndarray, counts: np.ndarray, atom: int) -> tuple[int, int] | None:
    """Whole-number LP range of one atom under ``rows x = counts, x >= 0`` (None: no rows)."""
    if rows.shape[0] == 0:
        return None
    bounds = []
    for sign in (1.0, -1.0):
        cost = np.zeros(rows.shape[1])
        cost[atom] = sign
        found = linprog(cost, A_eq=rows, b_eq=counts, bounds=(0, None), method="highs")
        if found.status == 3:  # unbounded above
            bounds.append(1e9)
            continue
        assert found.status == 0, found.message
        bounds.append(sign * found.fun)
    return whole(bounds[0], bounds[1])


def exact_risks(
    matrix: np.ndarray, counts: np.ndarray, earlier: np.ndarray, mine: np.ndarray, k: int
) -> list[tuple[int, int, int]]:
    risks = []
    for atom in range(matrix.shape[1]):
        full = _range(matrix, counts, atom)
        assert full is not None
        if not is_risky(*full, k):
            continue
        before = _range(matrix[earlier], counts[earlier], atom)
        alone = _range(matrix[mine], counts[mine], atom)
        if before is not None and is_risky(*before, k):
            continue
        if alone is not None and is_risky(*alone, k):
            continue
        risks.append((atom, *full))
    return risks


@st.composite
def systems(draw: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A small consistent system: hidden whole counts, facts that sum some of them."""
    atoms = draw(st.integers(3, 9))
    people = np.array(
        draw(st.lists(st.integers(0, 3) | st.integers(0, 12), min_size=atoms, max_size=atoms))
    )
    facts = draw(st.integers(2, 8))
    rows = np.array(
        draw(
            st.lists(
                st.lists(st.sampled_from((0, 0, 1)), min_size=atoms, max_size=atoms).filter(any),
                min_size=facts,
                max_size=facts,
            )
        ),
        dtype=np.int8,
    )
    # The new release adds one to three facts to what the earlier releases published.
    added = draw(st.integers(1, min(3, facts - 1)))
    earlier = np.arange(facts) < facts - added
    repeated = np.array(draw(st.lists(st.booleans(), min_size=facts, max_size=facts)))
    mine = ~earlier | (earlier & repeated)
    return rows, (rows @ people).astype(float), earlier, mine


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_the_fast_path_names_the_same_risks_as_the_exact_one(
    system: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    matrix, counts, earlier, mine = system

    fast = subsystem_risks(matrix, counts, earlier, mine, K).risks

    assert sorted(fast) == exact_risks(matrix, counts, earlier, mine, K)


def test_the_exact_path_can_fail_the_fast_one() -> None:
    """The comparison bites: three overlapping sums give a single small atom away."""
    matrix = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]], dtype=np.int8)
    counts = matrix @ np.array([30.0, 3.0, 25.0])
    earlier = np.array([True, True, False])

    risks = exact_risks(matrix, counts, earlier, ~earlier, K)

    assert risks == [(1, 3, 3)]
    assert subsystem_risks(matrix, counts, earlier, ~earlier, K).risks == risks


def test_nothing_new_is_recognised_without_a_program() -> None:
    matrix = np.array([[1, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=np.int8)
    counts = matrix @ np.array([30.0, 3.0, 25.0])
    earlier = np.array([True, True, False])

    verdict = subsystem_risks(matrix, counts, earlier, ~earlier, K)

    assert verdict.nothing_new and verdict.exact_lps == 0 and verdict.risks == []
