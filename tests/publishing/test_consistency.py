"""Noisy counts made consistent: whole, non-negative, ordered, adding up; nearest to the draw."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from belong.publishing.consistency import Observed, reconcile

# MD admissions: applied > interviewed > offered > matriculated > {graduated, withdrew, dismissed}.
EDGES = [(0, 1), (1, 2), (2, 3), (3, 4), (3, 5), (3, 6)]


def _check(total, tables, rounded, edges) -> None:  # type: ignore[no-untyped-def]
    assert (total >= 0).all()
    for a, b in edges:
        assert total[b] <= total[a]
    for observed, values in zip(tables, rounded, strict=True):
        assert values.dtype.kind == "i" and (values >= 0).all()
        for a, b in edges:
            assert (values[:, b] <= values[:, a]).all()
        if observed.additive:
            assert (values.sum(axis=0) == total).all()
        else:
            assert (values <= total[None, :]).all()


noisy_tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda groups: st.lists(
        st.lists(st.floats(min_value=-20, max_value=400), min_size=7, max_size=7),
        min_size=groups,
        max_size=groups,
    )
)


@settings(max_examples=60, deadline=None)
@given(noisy_tables)
def test_any_draw_comes_out_whole_non_negative_ordered_and_adding_up(rows) -> None:  # type: ignore[no-untyped-def]
    values = np.asarray(rows, dtype=float)
    observed = [Observed(values, np.full(values.shape, 4.0))]
    total, rounded = reconcile(None, None, observed, EDGES)
    _check(total, observed, rounded, EDGES)


@settings(max_examples=30, deadline=None)
@given(noisy_tables, st.lists(st.floats(min_value=-20, max_value=2000), min_size=7, max_size=7))
def test_two_tables_and_an_observed_total_share_one_set_of_totals(rows, totals) -> None:  # type: ignore[no-untyped-def]
    values = np.asarray(rows, dtype=float)
    observed = [
        Observed(values, np.full(values.shape, 4.0)),
        Observed(values[::-1] + 3, np.full(values.shape, 4.0)),
        Observed(values * 0.5, np.full(values.shape, 4.0), additive=False),
    ]
    total, rounded = reconcile(np.asarray(totals), np.full(7, 4.0), observed, EDGES)
    _check(total, observed, rounded, EDGES)


def test_consistent_whole_counts_are_left_exactly_as_they_are() -> None:
    exact = np.asarray(
        [[1000, 400, 200, 150, 120, 10, 2], [300, 60, 30, 20, 15, 3, 0], [5, 2, 1, 0, 0, 0, 0]],
        dtype=float,
    )
    total, (values,) = reconcile(None, None, [Observed(exact, np.full(exact.shape, 4.0))], EDGES)
    assert (values == exact).all() and (total == exact.sum(axis=0)).all()


def test_a_later_stage_above_an_earlier_one_meets_it_in_between() -> None:
    # "Offered 18" above "interviewed 12": least squares with equal noise meets at 15.
    drawn = np.asarray([[40.0, 12.0, 18.0]])
    _, (values,) = reconcile(None, None, [Observed(drawn, np.ones(drawn.shape))], [(0, 1), (1, 2)])
    assert values.tolist() == [[40, 15, 15]]


def test_a_negative_draw_becomes_zero_and_the_groups_still_add_up() -> None:
    drawn = np.asarray([[50.0], [-3.0], [10.0]])
    total, (values,) = reconcile(None, None, [Observed(drawn, np.ones(drawn.shape))])
    assert values[:, 0].tolist() == [50, 0, 10] and total.tolist() == [60]


def test_bad_input_is_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="edge"):
        reconcile(None, None, [Observed(np.ones((1, 2)), np.ones((1, 2)))], [(0, 5)])
    with pytest.raises(ValueError, match="exclusive"):
        reconcile(None, None, [Observed(np.ones((1, 2)), np.ones((1, 2)), additive=False)])
