"""The attacker's view of a release: what each hidden cell could still be.

This is the independent check on the suppressor. It uses no shortcut from
``suppression``: it solves, for every hidden cell, the smallest and largest value
consistent with everything published (linear programmes with HiGHS, or integer
programmes with ``integer=True``). It is slow compared with the suppressor and is
meant for tests, audits and investigations, not for building every release.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from belong.privacy.constraints import (
    CellKey,
    Constraint,
    as_count,
    check_constraint_keys,
)
from belong.privacy.suppression import Suppression

__all__ = ["feasible_ranges", "find_disclosed_cells", "find_narrow_cells"]


@dataclass(frozen=True)
class _Row:
    """One linear fact about hidden cells: sum(coefficients * x) == (or <=) rhs."""

    coefficients: dict[int, int]
    rhs: int
    equality: bool


# Options for the integer programmes: see _cell_range.
_EXACT = {"presolve": False}


def feasible_ranges(
    published: Mapping[CellKey, int | None],
    constraints: Sequence[Constraint],
    *,
    integer: bool = False,
    lower_bound: int = 0,
    at_most: Sequence[tuple[CellKey, CellKey]] = (),
) -> dict[CellKey, tuple[float, float]]:
    """Smallest and largest value of every hidden cell consistent with a release.

    Parameters
    ----------
    published
        Every cell of the release: its count, or ``None`` where hidden.
    constraints
        The additive relations a reader knows (margins equal the sum of their parts).
    integer
        Restrict hidden cells to whole numbers (integer programme via
        ``scipy.optimize.milp``); otherwise a linear programme via ``linprog``.
    lower_bound
        What the reader knows each hidden cell holds at least: 0 by default; 1 models
        a reader who knows that empty cells are always shown, so hidden ones are not.
    at_most
        Pairs ``(smaller, larger)`` the reader knows satisfy
        ``counts[smaller] <= counts[larger]``, such as a later pipeline stage and the
        stage before it (``(("interviewed", "aian"), ("applied", "aian"))``).

    Returns
    -------
    dict
        For each hidden key, ``(minimum, maximum)``; the maximum is ``math.inf``
        when nothing published bounds the cell.

    Raises
    ------
    ValueError
        If a constraint or pair names an unknown key, or the published values
        contradict the constraints (no table, or no whole-number table, fits them).
    """
    constraints = tuple(constraints)
    check_constraint_keys(constraints, published)
    for pair in at_most:
        for key in pair:
            if key not in published:
                raise ValueError(f"at_most names cell {key!r}, which is not in the release.")
    known = {
        key: None if value is None else as_count(key, value) for key, value in published.items()
    }
    hidden = [key for key, value in known.items() if value is None]
    position = {key: j for j, key in enumerate(hidden)}

    def row(terms: Sequence[tuple[CellKey, int]], equality: bool, fact: str) -> _Row | None:
        coefficients: dict[int, int] = {}
        rhs = 0
        for key, sign in terms:
            value = known[key]
            if value is None:
                coefficients[position[key]] = sign
            else:
                rhs -= sign * value
        if coefficients:
            return _Row(coefficients, rhs, equality)
        if (equality and rhs != 0) or (not equality and rhs < 0):
            raise ValueError(f"Published values contradict {fact}.")
        return None

    rows: list[_Row] = []
    for constraint in constraints:
        terms = [(constraint.total, 1), *((p, -1) for p in constraint.parts)]
        fact = (
            f"the constraint for total {constraint.total!r}: the total and its parts are all "
            "published and do not add up"
        )
        if (found := row(terms, True, fact)) is not None:
            rows.append(found)
    for smaller, larger in at_most:
        fact = f"{smaller!r} <= {larger!r}: both are published and the first is larger"
        if (found := row([(smaller, 1), (larger, -1)], False, fact)) is not None:
            rows.append(found)

    ranges: dict[CellKey, tuple[float, float]] = {
        key: (float(lower_bound), math.inf) for key in hidden
    }
    for cells, component_rows in _components(len(hidden), rows):
        local = {cell: j for j, cell in enumerate(cells)}
        system = _System.build(component_rows, local, len(cells))
        for j, cell in enumerate(cells):
            ranges[hidden[cell]] = _cell_range(system, j, integer, lower_bound, hidden[cell])
    return ranges


@dataclass(frozen=True)
class _System:
    """One independent group of hidden cells: equalities and inequalities over them."""

    n_cells: int
    equalities: np.ndarray
    equality_rhs: np.ndarray
    inequalities: np.ndarray
    inequality_rhs: np.ndarray

    @classmethod
    def build(cls, rows: list[_Row], local: dict[int, int], n_cells: int) -> _System:
        def stack(selected: list[_Row]) -> tuple[np.ndarray, np.ndarray]:
            matrix = np.zeros((len(selected), n_cells))
            rhs = np.zeros(len(selected))
            for r, item in enumerate(selected):
                for cell, sign in item.coefficients.items():
                    matrix[r, local[cell]] = sign
                rhs[r] = item.rhs
            return matrix, rhs

        equalities, equality_rhs = stack([r for r in rows if r.equality])
        inequalities, inequality_rhs = stack([r for r in rows if not r.equality])
        return cls(n_cells, equalities, equality_rhs, inequalities, inequality_rhs)

    def linear_kwargs(self) -> dict:
        kwargs: dict = {}
        if self.equalities.size:
            kwargs.update(A_eq=self.equalities, b_eq=self.equality_rhs)
        if self.inequalities.size:
            kwargs.update(A_ub=self.inequalities, b_ub=self.inequality_rhs)
        return kwargs

    def integer_constraints(self) -> list[LinearConstraint]:
        found = []
        if self.equalities.size:
            found.append(LinearConstraint(self.equalities, self.equality_rhs, self.equality_rhs))
        if self.inequalities.size:
            found.append(LinearConstraint(self.inequalities, -np.inf, self.inequality_rhs))
        return found


def _cell_range(
    system: _System, j: int, integer: bool, lower_bound: int, key: CellKey
) -> tuple[float, float]:
    n = system.n_cells
    objective = np.zeros(n)
    objective[j] = 1.0
    bounds = [(float(lower_bound), None)] * n
    linear = system.linear_kwargs()
    low = linprog(objective, bounds=bounds, method="highs", **linear)
    if low.status == 2:
        raise ValueError(
            f"Published values admit no table at all around cell {key!r}: "
            "they contradict the constraints (or the lower bound)."
        )
    high = linprog(-objective, bounds=bounds, method="highs", **linear)
    unbounded = high.status == 3
    if not integer:
        return float(low.fun), math.inf if unbounded else float(-high.fun)

    # A bounded linear range bounds the integer range; an unbounded one stays
    # unbounded because the data are integers (the integer hull has the same recession).
    integer_bounds = Bounds(np.full(n, float(lower_bound)), np.full(n, np.inf))
    constraints = system.integer_constraints()
    integrality = np.ones(n)
    # HiGHS's MIP presolve has been seen to return a wrong optimum on these systems
    # (a minimum of 13 for a cell whose true value, feasible, is 1): solve without it.
    low_int = milp(
        objective,
        integrality=integrality,
        bounds=integer_bounds,
        constraints=constraints,
        options=_EXACT,
    )
    if low_int.x is None:
        raise ValueError(
            f"Published values admit no whole-number table around cell {key!r}: "
            "they contradict the constraints (or the lower bound)."
        )
    if unbounded:
        return float(round(low_int.fun)), math.inf
    high_int = milp(
        -objective,
        integrality=integrality,
        bounds=integer_bounds,
        constraints=constraints,
        options=_EXACT,
    )
    return float(round(low_int.fun)), float(round(-high_int.fun))


def _components(n_cells: int, rows: list[_Row]) -> list[tuple[list[int], list[_Row]]]:
    """Split hidden cells into independent systems so each programme stays small."""
    parent = list(range(n_cells))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for item in rows:
        cells = list(item.coefficients)
        for other in cells[1:]:
            a, b = find(cells[0]), find(other)
            if a != b:
                parent[b] = a
    cells_of: dict[int, list[int]] = {}
    rows_of: dict[int, list[_Row]] = {}
    for item in rows:
        rows_of.setdefault(find(next(iter(item.coefficients))), []).append(item)
    for cell in range(n_cells):
        root = find(cell)
        if root in rows_of:
            cells_of.setdefault(root, []).append(cell)
    return [(cells_of[root], rows_of[root]) for root in cells_of]


def find_disclosed_cells(
    counts: Mapping[CellKey, int],
    constraints: Sequence[Constraint],
    suppression: Suppression,
    *,
    integer: bool = True,
    lower_bound: int | None = None,
) -> dict[CellKey, tuple[float, float]]:
    """Audit a suppression: hidden cells whose value a reader can pin to one number.

    Parameters
    ----------
    counts, constraints
        The true table and its relations, as given to ``suppress_small_cells``.
    suppression
        The result to audit.
    integer
        Solve over whole numbers (the realistic attacker) rather than reals.
    lower_bound
        Reader's knowledge of hidden cells' minimum. Defaults to 1 when zeros were
        shown and no hidden cell is empty (such a reader knows hidden cells are
        non-empty), else 0.

    Returns
    -------
    dict
        Disclosed keys and their (equal or nearly equal) minimum and maximum;
        empty when the suppression protects every hidden cell.
    """
    published = suppression.published(counts)
    if lower_bound is None:
        zeros_shown = not suppression.suppress_zeros
        lower_bound = int(zeros_shown and all(counts[key] > 0 for key in suppression.suppressed))
    ranges = feasible_ranges(published, constraints, integer=integer, lower_bound=lower_bound)
    gap = 1.0 if integer else 1e-9
    return {key: span for key, span in ranges.items() if span[1] - span[0] < gap}


def find_narrow_cells(
    counts: Mapping[CellKey, int],
    constraints: Sequence[Constraint],
    suppression: Suppression,
    *,
    at_most: Sequence[tuple[CellKey, CellKey]] | None = None,
    integer: bool = True,
) -> dict[CellKey, tuple[float, float]]:
    """Audit the protection interval: hidden cells of 1..k-1 people left fewer than k values.

    The reader is the strongest one the suppressor promises to resist: it knows every
    published cell, constraint and ordering, and exactly which hidden cells are empty
    (they are fixed at 0, every other hidden cell is at least 1). Readers who assume
    "—" is at least 0 see wider ranges, so they are covered too.

    Parameters
    ----------
    counts, constraints, suppression
        As for :func:`find_disclosed_cells`.
    at_most
        Orderings the reader knows; defaults to those declared to the suppressor.
    integer
        Solve over whole numbers.

    Returns
    -------
    dict
        Each narrow cell's (minimum, maximum); empty when every hidden small cell
        keeps at least the suppression's ``interval`` values (``k`` by default).
    """
    published = suppression.published(counts)
    for key in suppression.suppressed:
        if counts[key] == 0:
            published[key] = 0  # the reader knows which hidden cells are empty
    pairs = suppression.at_most if at_most is None else tuple(at_most)
    ranges = feasible_ranges(published, constraints, integer=integer, lower_bound=1, at_most=pairs)
    k, width = suppression.k, suppression.protection_interval
    return {
        key: span
        for key, span in ranges.items()
        if 0 < counts[key] < k and span[1] - span[0] + 1 < width
    }
