"""The attacker's view: feasible ranges of hidden cells."""

from __future__ import annotations

import math

import pytest

from belong.privacy import Constraint, feasible_ranges, find_disclosed_cells, suppress_small_cells


def test_ranges_of_two_hidden_parts_of_a_published_total():
    published = {"total": 10, "a": None, "b": None, "c": 0}
    ranges = feasible_ranges(published, [Constraint("total", ("a", "b", "c"))])
    assert ranges == {"a": (0, 10), "b": (0, 10)}


def test_lower_bound_models_a_reader_who_knows_hidden_cells_are_not_empty():
    published = {"total": 10, "a": None, "b": None}
    ranges = feasible_ranges(published, [Constraint("total", ("a", "b"))], lower_bound=1)
    assert ranges == {"a": (1, 9), "b": (1, 9)}


def test_unconstrained_hidden_cells_are_unbounded():
    published = {"total": None, "a": None, "b": 4, "loose": None}
    ranges = feasible_ranges(published, [Constraint("total", ("a", "b"))], integer=True)
    assert ranges["total"] == (4, math.inf)
    assert ranges["a"] == (0, math.inf)
    assert ranges["loose"] == (0, math.inf)


def test_integer_ranges_can_be_tighter_than_linear_ones():
    # a + b + d = 3, b + c = 2, a + c = 2  =>  b = a, c = 2 - a, d = 3 - 2a.
    published = {"s1": 3, "s2": 2, "s3": 2, "a": None, "b": None, "c": None, "d": None}
    constraints = [
        Constraint("s1", ("a", "b", "d")),
        Constraint("s2", ("b", "c")),
        Constraint("s3", ("a", "c")),
    ]
    assert feasible_ranges(published, constraints)["a"] == pytest.approx((0, 1.5))
    assert feasible_ranges(published, constraints, integer=True)["a"] == (0, 1)


def test_published_values_that_do_not_add_up_are_rejected():
    with pytest.raises(ValueError, match=r"contradict the constraint for total 'total'"):
        feasible_ranges({"total": 10, "a": 3, "b": 4}, [Constraint("total", ("a", "b"))])


def test_published_values_leaving_no_table_are_rejected():
    with pytest.raises(ValueError, match="admit no table"):
        feasible_ranges({"total": 5, "a": 7, "b": None}, [Constraint("total", ("a", "b"))])


def test_published_values_leaving_no_whole_number_table_are_rejected():
    # Three pairwise sums of 1 force every cell to one half.
    published = {"s1": 1, "s2": 1, "s3": 1, "a": None, "b": None, "c": None}
    constraints = [
        Constraint("s1", ("a", "b")),
        Constraint("s2", ("b", "c")),
        Constraint("s3", ("a", "c")),
    ]
    assert feasible_ranges(published, constraints)["a"] == pytest.approx((0.5, 0.5))
    with pytest.raises(ValueError, match="no whole-number table"):
        feasible_ranges(published, constraints, integer=True)


def test_unknown_key_and_bad_values_are_rejected():
    with pytest.raises(ValueError, match="names cell 'ghost'"):
        feasible_ranges({"total": 3}, [Constraint("total", ("ghost",))])
    with pytest.raises(ValueError, match="negative"):
        feasible_ranges({"total": -3}, [])


def test_find_disclosed_cells_reports_a_naive_suppression():
    counts = {"total": 55, "a": 3, "b": 40, "c": 12}
    constraints = [Constraint("total", ("a", "b", "c"))]
    result = suppress_small_cells(counts, constraints, k=10)
    assert find_disclosed_cells(counts, constraints, result) == {}
    naive = type(result)(k=10, primary=frozenset({"a"}), complementary=frozenset())
    assert find_disclosed_cells(counts, constraints, naive) == {"a": (3, 3)}


def test_stage_order_knowledge_can_pin_a_cell_the_equalities_leave_open():
    # Applied: a hidden, b hidden, total 30 published. Interviewed: a' = 20 published.
    # Equalities alone give a in [0, 30]; knowing interviewed <= applied, a >= 20.
    published = {"applied": 30, "applied_a": None, "applied_b": None, "interviewed_a": 20}
    constraints = [Constraint("applied", ("applied_a", "applied_b"))]
    assert feasible_ranges(published, constraints, integer=True)["applied_a"] == (0, 30)
    ranges = feasible_ranges(
        published, constraints, integer=True, at_most=[("interviewed_a", "applied_a")]
    )
    assert ranges["applied_a"] == (20, 30)
    assert ranges["applied_b"] == (0, 10)


def test_stage_order_contradicted_by_published_values_is_rejected():
    with pytest.raises(ValueError, match="'b' <= 'a'"):
        feasible_ranges({"a": 3, "b": 5}, [], at_most=[("b", "a")])
    with pytest.raises(ValueError, match="at_most names cell 'zz'"):
        feasible_ranges({"a": 3}, [], at_most=[("zz", "a")])
