"""Small-cell suppression: rules, edge cases, validation and attacks on linked tables.

Every protection claim is checked by the attacker's own tool, ``feasible_ranges``
with ``integer=True``: each hidden cell must keep at least two possible values.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from belong.privacy import (
    Constraint,
    Suppression,
    feasible_ranges,
    find_disclosed_cells,
    suppress_one_way,
    suppress_small_cells,
)


def one_way(values: dict[str, int], total: str = "total") -> tuple[dict, list[Constraint]]:
    counts = dict(values)
    counts[total] = sum(values.values())
    return counts, [Constraint(total, tuple(values))]


def two_way(rows: list[list[int]]) -> tuple[dict, list[Constraint]]:
    """A table with row margins R_i, column margins C_j and grand total T."""
    counts: dict = {}
    constraints: list[Constraint] = []
    n_rows, n_cols = len(rows), len(rows[0])
    for i, j in itertools.product(range(n_rows), range(n_cols)):
        counts[("x", i, j)] = rows[i][j]
    for i in range(n_rows):
        counts[("R", i)] = sum(rows[i])
        constraints.append(Constraint(("R", i), tuple(("x", i, j) for j in range(n_cols))))
    for j in range(n_cols):
        counts[("C", j)] = sum(row[j] for row in rows)
        constraints.append(Constraint(("C", j), tuple(("x", i, j) for i in range(n_rows))))
    counts["T"] = sum(map(sum, rows))
    constraints.append(Constraint("T", tuple(("R", i) for i in range(n_rows))))
    constraints.append(Constraint("T", tuple(("C", j) for j in range(n_cols))))
    return counts, constraints


def assert_protected(counts: dict, constraints: list[Constraint], result: Suppression) -> None:
    """Every hidden cell keeps >= 2 whole-number values, for both attacker models."""
    assert find_disclosed_cells(counts, constraints, result, integer=True, lower_bound=0) == {}
    if not result.suppress_zeros and all(counts[key] > 0 for key in result.suppressed):
        assert find_disclosed_cells(counts, constraints, result, integer=True, lower_bound=1) == {}


# --- primary suppression ---------------------------------------------------------------


def test_primary_hides_cells_from_one_to_k_minus_one():
    counts = {"a": 0, "b": 1, "c": 9, "d": 10, "e": 250}
    result = suppress_small_cells(counts, k=10)
    assert result.primary == {"b", "c"}
    assert result.complementary == frozenset()


def test_primary_threshold_is_configurable():
    counts = {"a": 4, "b": 5, "c": 11}
    assert suppress_small_cells(counts, k=5).primary == {"a"}
    assert suppress_small_cells(counts, k=12).primary == {"a", "b", "c"}
    assert suppress_small_cells(counts, k=1).primary == frozenset()


def test_zero_cells_are_published_unless_asked():
    counts = {"a": 0, "b": 3}
    assert suppress_small_cells(counts, k=10).primary == {"b"}
    assert suppress_small_cells(counts, k=10, suppress_zeros=True).primary == {"a", "b"}


def test_margins_obey_the_same_rule_as_cells():
    counts, constraints = one_way({"a": 4, "b": 3})
    result = suppress_small_cells(counts, constraints, k=10)
    assert "total" in result.primary


# --- complementary suppression ---------------------------------------------------------


def test_one_way_single_small_cell_gets_smallest_positive_complement():
    counts, constraints = one_way({"a": 3, "b": 40, "c": 12, "d": 0, "e": 25})
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.primary == {"a"}
    # 12 is the smallest positive cell; the zero is never used while a positive one works.
    assert result.complementary == {"c"}
    assert_protected(counts, constraints, result)


def test_one_way_without_complement_would_leak():
    counts, constraints = one_way({"a": 3, "b": 40, "c": 12})
    naive = {key: (None if key == "a" else value) for key, value in counts.items()}
    assert feasible_ranges(naive, constraints, integer=True)["a"] == (3, 3)


def test_two_small_cells_protect_each_other_when_not_both_at_one():
    counts, constraints = one_way({"a": 3, "b": 4, "c": 50, "d": 60})
    result = suppress_small_cells(counts, constraints, k=10)
    # a and b alone would leave "a or b" = 7 people readable as total minus the rest,
    # so the smallest other cell joins them: the hidden group is 57 people.
    assert result.suppressed == {"a", "b", "c"}
    assert_protected(counts, constraints, result)


def test_hidden_cells_together_are_never_a_small_group():
    counts, constraints = one_way({"a": 3, "b": 4, "c": 50})
    result = suppress_small_cells(counts, constraints, k=10)
    hidden = sum(counts[key] for key in result.suppressed if key != "total")
    assert hidden == 0 or hidden >= 10
    mask = suppress_one_way(np.array([[3, 4, 50, 60]]), 10)
    assert mask.tolist() == [[True, True, True, False]]


def test_cells_of_one_person_each_are_not_left_pinned_by_their_sum():
    # Hidden a=1, b=1 summing to 2: a reader who knows zeros are shown (so hidden
    # cells hold >= 1 person) would conclude both are exactly 1.
    counts, constraints = one_way({"a": 1, "b": 1, "c": 50, "d": 30})
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.complementary == {"d"}
    ranges = feasible_ranges(result.published(counts), constraints, integer=True, lower_bound=1)
    assert all(high > low for low, high in ranges.values())


def test_two_way_single_small_cell_is_hidden_with_a_rectangle():
    counts, constraints = two_way([[3, 20, 30], [15, 40, 50], [25, 60, 70]])
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.primary == {("x", 0, 0)}
    # The cheapest rectangle: 3 with the smallest row and column partners and their corner.
    assert result.complementary == {("x", 0, 1), ("x", 1, 0), ("x", 1, 1)}
    assert_protected(counts, constraints, result)


def test_two_way_small_row_margin_hides_the_whole_row():
    counts, constraints = two_way([[2, 3, 1], [30, 40, 50], [25, 60, 70]])
    result = suppress_small_cells(counts, constraints, k=10)
    assert {("R", 0), ("x", 0, 0), ("x", 0, 1), ("x", 0, 2)} <= result.primary
    assert_protected(counts, constraints, result)


def test_two_way_bridge_between_two_loops_is_detected():
    # Suppressing rows 0-1 of columns 0-1 and rows 2-3 of columns 2-3 would leave
    # every row and column with two hidden cells, yet a lone small cell elsewhere can
    # still be pinned; the certificate step must see the whole pattern.
    rows = [[4, 5, 30, 40], [6, 3, 50, 60], [30, 40, 2, 7], [50, 60, 8, 1]]
    counts, constraints = two_way(rows)
    result = suppress_small_cells(counts, constraints, k=10)
    assert_protected(counts, constraints, result)


# --- linked tables ---------------------------------------------------------------------

# Race one-way table whose cells are the row margins of race×sex and race×gender, found
# by searching small random tables for a leak that no single table shows.
RACE_BY_SEX = [[0, 1], [13, 7], [15, 6]]
RACE_BY_GENDER = [[0, 0, 1], [7, 5, 8], [10, 7, 4]]


def linked_race_tables() -> tuple[dict, list[list[Constraint]]]:
    counts: dict = {}
    n_race = len(RACE_BY_SEX)
    for i in range(n_race):
        counts[("race", i)] = sum(RACE_BY_SEX[i])
        for j, value in enumerate(RACE_BY_SEX[i]):
            counts[("race×sex", i, j)] = value
        for j, value in enumerate(RACE_BY_GENDER[i]):
            counts[("race×gender", i, j)] = value
    for j in range(2):
        counts[("sex", j)] = sum(row[j] for row in RACE_BY_SEX)
    for j in range(3):
        counts[("gender", j)] = sum(row[j] for row in RACE_BY_GENDER)
    counts["total"] = sum(counts[("race", i)] for i in range(n_race))
    race = Constraint("total", tuple(("race", i) for i in range(n_race)))
    sex = Constraint("total", (("sex", 0), ("sex", 1)))
    gender = Constraint("total", tuple(("gender", j) for j in range(3)))

    def cross(name: str, columns: list) -> list[Constraint]:
        rows = [
            Constraint(("race", i), tuple((name, i, j) for j in range(len(columns))))
            for i in range(n_race)
        ]
        cols = [
            Constraint(column, tuple((name, i, j) for i in range(n_race)))
            for j, column in enumerate(columns)
        ]
        return rows + cols

    tables = [
        [race],
        [sex],
        [gender],
        [race, sex, *cross("race×sex", [("sex", 0), ("sex", 1)])],
        [race, gender, *cross("race×gender", [("gender", j) for j in range(3)])],
    ]
    return counts, tables


# What suppressing each table on its own produced for these counts (k=5): every table
# keeps its own small cell, the single person of race 0, uncertain.
HIDDEN_TABLE_BY_TABLE = {
    ("race", 0),
    ("race", 1),
    ("race", 2),
    ("race×sex", 0, 1),
    ("race×sex", 1, 1),
    ("race×gender", 0, 2),
    ("race×gender", 2, 2),
}


def test_linked_tables_suppressed_one_by_one_leak_a_cell():
    counts, tables = linked_race_tables()
    published = {
        key: (None if key in HIDDEN_TABLE_BY_TABLE else value) for key, value in counts.items()
    }
    # Each table alone leaves the one person of race 0 a range of values...
    for table in tables:
        keys = {key for constraint in table for key in constraint.cells}
        if ("race", 0) in keys:
            ranges = feasible_ranges({key: published[key] for key in keys}, table, integer=True)
            low, high = ranges[("race", 0)]
            assert high - low >= 5
    # ...but read together, the tables pin that person's cell to exactly 1.
    every_constraint = list(dict.fromkeys(c for table in tables for c in table))
    assert feasible_ranges(published, every_constraint, integer=True)[("race", 0)] == (1, 1)


def test_linked_tables_suppressed_jointly_do_not_leak():
    counts, tables = linked_race_tables()
    every_constraint = list(dict.fromkeys(c for table in tables for c in table))
    result = suppress_small_cells(counts, every_constraint, k=5)
    assert ("race", 0) in result.primary
    assert_protected(counts, every_constraint, result)


def test_a_shared_cell_is_hidden_in_every_table_or_none():
    counts, tables = linked_race_tables()
    every_constraint = list(dict.fromkeys(c for table in tables for c in table))
    result = suppress_small_cells(counts, every_constraint, k=5)
    published = result.published(counts)
    # ("race", 0) holds one person: a cell of the race table and the row margin of
    # both two-way tables. It is hidden, and a reader of any one of the three
    # tables alone (whatever page renders it) still cannot pin it down.
    shared = ("race", 0)
    assert sum(1 for c in every_constraint if shared in c.cells) == 3
    assert result.is_suppressed(shared)
    rendering_it = [table for table in tables if any(shared in c.cells for c in table)]
    assert len(rendering_it) == 3
    for table in rendering_it:
        cells = {key for constraint in table for key in constraint.cells}
        view = {key: published[key] for key in cells}
        low, high = feasible_ranges(view, table, integer=True)[shared]
        assert high > low, table


# --- edge cases --------------------------------------------------------------------------


def test_empty_release_suppresses_nothing():
    result = suppress_small_cells({}, k=10)
    assert result == Suppression(k=10, primary=frozenset(), complementary=frozenset())
    assert result.published({}) == {}


def test_empty_table_with_zero_total():
    counts = {"total": 0}
    result = suppress_small_cells(counts, [Constraint("total", ())], k=10)
    assert result.suppressed == frozenset()


def test_empty_table_with_zeros_suppressed_does_not_fail():
    counts = {"total": 0}
    result = suppress_small_cells(counts, [Constraint("total", ())], k=10, suppress_zeros=True)
    assert result.primary == {"total"}


def test_table_of_only_small_cells_hides_everything_non_empty():
    counts, constraints = one_way({"a": 2, "b": 3, "c": 0, "d": 1})
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.suppressed == {"a", "b", "d", "total"}
    assert result.published(counts)["c"] == 0
    assert_protected(counts, constraints, result)


def test_table_whose_total_is_small_loses_every_cell():
    counts, constraints = one_way({"a": 6, "b": 2, "c": 0})
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.primary == {"a", "b", "total"}
    result_with_zeros = suppress_small_cells(counts, constraints, k=10, suppress_zeros=True)
    assert result_with_zeros.suppressed == set(counts)


def test_single_cell_table_equal_to_its_total():
    counts = {"only": 4, "total": 4}
    constraints = [Constraint("total", ("only",))]
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.suppressed == {"only", "total"}
    ranges = feasible_ranges(result.published(counts), constraints, integer=True)
    assert ranges["only"][1] > ranges["only"][0]


def test_single_large_cell_table_is_published():
    counts = {"only": 40, "total": 40}
    result = suppress_small_cells(counts, [Constraint("total", ("only",))], k=10)
    assert result.suppressed == frozenset()


def test_published_view_marks_hidden_cells_as_none():
    counts, constraints = one_way({"a": 3, "b": 40, "c": 12})
    result = suppress_small_cells(counts, constraints, k=10)
    assert result.published(counts) == {"a": None, "b": 40, "c": None, "total": 55}
    assert result.is_suppressed("a")
    assert not result.is_suppressed("b")
    assert result.suppressed == result.primary | result.complementary


# --- never_suppress ----------------------------------------------------------------------


def test_never_suppress_keeps_a_cell_visible():
    counts, constraints = one_way({"a": 3, "b": 12, "c": 40})
    result = suppress_small_cells(counts, constraints, k=10, never_suppress={"b"})
    assert "b" not in result.suppressed
    assert result.complementary == {"c"}
    assert_protected(counts, constraints, result)


def test_never_suppress_on_a_small_cell_is_an_error():
    counts, constraints = one_way({"a": 3, "b": 12})
    with pytest.raises(ValueError, match=r"'a'.*never_suppress.*3 people.*k=10"):
        suppress_small_cells(counts, constraints, k=10, never_suppress={"a"})


def test_never_suppress_that_makes_protection_impossible_is_an_error():
    counts, constraints = one_way({"a": 3, "b": 12})
    with pytest.raises(ValueError, match=r"cannot be protected"):
        suppress_small_cells(counts, constraints, k=10, never_suppress={"b", "total"})


def test_never_suppress_unknown_key_is_an_error():
    with pytest.raises(ValueError, match=r"never_suppress names cell 'zz'"):
        suppress_small_cells({"a": 12}, k=10, never_suppress={"zz"})


# --- validation --------------------------------------------------------------------------


@pytest.mark.parametrize("k", [0, -3, 2.5, True, "10"])
def test_k_must_be_a_positive_whole_number(k):
    with pytest.raises(ValueError, match="k must be a whole number"):
        suppress_small_cells({"a": 1}, k=k)


def test_negative_count_is_rejected_with_its_key():
    with pytest.raises(ValueError, match=r"cell 'a' is negative \(-1\)"):
        suppress_small_cells({"a": -1}, k=10)


@pytest.mark.parametrize("value", [2.5, float("nan"), "7", None, True])
def test_non_integer_count_is_rejected_with_its_key(value):
    with pytest.raises(ValueError, match=r"cell 'a'"):
        suppress_small_cells({"a": value}, k=10)


def test_integral_float_count_is_accepted():
    assert suppress_small_cells({"a": 3.0, "b": 12.0}, k=10).primary == {"a"}


def test_constraint_with_unknown_key_is_rejected():
    with pytest.raises(ValueError, match=r"names cell 'ghost'"):
        suppress_small_cells({"t": 5, "a": 5}, [Constraint("t", ("a", "ghost"))], k=10)


def test_constraint_that_does_not_add_up_is_rejected_with_totals():
    counts = {"t": 50, "a": 20, "b": 25}
    with pytest.raises(
        ValueError, match=r"total 't' does not add up: the total is 50 .* sum to 45"
    ):
        suppress_small_cells(counts, [Constraint("t", ("a", "b"))], k=10)


def test_constraint_cannot_repeat_a_part_or_contain_its_total():
    with pytest.raises(ValueError, match="more than once"):
        Constraint("t", ("a", "a"))
    with pytest.raises(ValueError, match="its own total"):
        Constraint("t", ("a", "t"))


def test_constraint_parts_given_as_list_are_stored_as_tuple():
    assert Constraint("t", ["a", "b"]).parts == ("a", "b")  # type: ignore[arg-type]
    assert hash(Constraint("t", ["a", "b"])) == hash(Constraint("t", ("a", "b")))  # type: ignore[arg-type]


# --- stage order (later stage <= earlier stage) ------------------------------------------

APPLIED = {"a": 30, "b": 1, "c": 25}
INTERVIEWED = {"a": 28, "b": 0, "c": 25}
STAGE_ORDER = [(("interviewed", g), ("applied", g)) for g in APPLIED]


def stage_tables() -> tuple[dict, list[Constraint]]:
    counts: dict = {}
    constraints = []
    for stage, values in (("applied", APPLIED), ("interviewed", INTERVIEWED)):
        counts.update({(stage, g): v for g, v in values.items()})
        counts[(stage, "total")] = sum(values.values())
        constraints.append(Constraint((stage, "total"), tuple((stage, g) for g in values)))
    return counts, constraints


def test_stage_order_narrows_a_cell_that_per_stage_suppression_leaves_open():
    counts, constraints = stage_tables()
    applied = suppress_small_cells(
        {k: v for k, v in counts.items() if k[0] == "applied"}, constraints[:1], k=10
    )
    published = {k: (None if applied.is_suppressed(k) else v) for k, v in counts.items()}
    assert published[("applied", "b")] is None
    # Equalities alone leave the one applicant of group b a range...
    ranges = feasible_ranges(published, constraints, integer=True, lower_bound=1)
    assert ranges[("applied", "b")][1] > ranges[("applied", "b")][0]
    # ...but "interviewed <= applied" with interviewed c = 25 pins applied c to 25, so b to 1.
    ranges = feasible_ranges(
        published, constraints, integer=True, lower_bound=1, at_most=STAGE_ORDER
    )
    assert ranges[("applied", "b")] == (1, 1)


def test_stage_order_written_as_an_equality_is_protected():
    counts, constraints = stage_tables()
    for g in APPLIED:
        counts[("not interviewed", g)] = APPLIED[g] - INTERVIEWED[g]
        constraints.append(Constraint(("applied", g), (("interviewed", g), ("not interviewed", g))))
    result = suppress_small_cells(counts, constraints, k=10)
    assert find_disclosed_cells(counts, constraints, result) == {}
    # Still protected if the helper cells are never displayed (a reader knows less).
    published = result.published(counts)
    published.update({key: None for key in counts if key[0] == "not interviewed"})
    ranges = feasible_ranges(published, constraints, integer=True, at_most=STAGE_ORDER)
    assert all(ranges[key][1] > ranges[key][0] for key in result.suppressed)
