"""Protection intervals proven by witness tables from one reused linear programme.

The reader modelled in ``_interval`` knows every published cell, every constraint,
every declared ordering, that counts are whole numbers, and which hidden cells are
empty. A hidden small cell keeps ``k`` values when two whole-number tables
consistent with all of that differ in it by ``k - 1`` or more. The true table is one
such table; the others come from a linear programme per connected system of hidden
non-empty cells (HiGHS, via ``highspy``): its equalities are the constraints (published
cells moved to the right-hand side), its inequalities the orderings, every variable at
least 1. The model is built once per system; each target changes only the objective
(maximise, then if needed minimise, that cell), so the simplex restarts warm.

Soundness does not rest on the solver's floats. An optimum is a *witness* only if it
is whole-numbered after rounding and satisfies every equality, ordering and bound in
integer arithmetic; then it is a table the reader cannot rule out, and the linear
optimum being whole-numbered means it is the exact whole-number extreme too. Each
witness widens the known range of *every* cell of the system, so one solve usually
settles several targets. An optimum that is not whole-numbered gives only an outer
bound: if even that is narrower than ``k`` values the cell is short for certain;
otherwise it is left to the exact integer programme.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from belong.privacy._highs import quiet_highs

__all__ = ["WitnessRanges", "witness_ranges"]

# Models are ``_Highs``, the plain solver class: ``highspy.Highs`` adds interrupt
# callbacks to every instance and prints a banner, unwanted for thousands of small
# programmes.

_INTEGRAL = 1e-6
_UNBOUNDED = 1 << 30
# Capped spreading solves per system before cells are taken one at a time.
_SPREADS = 8
# Sweeps of bound propagation for the outer bounds.
_SWEEPS = 30


@dataclass
class WitnessRanges:
    """Per target: steps up and down proven by witnesses, and what is known for certain.

    ``short`` marks targets narrower than ``k`` values for certain (the linear
    relaxation, an outer bound, is already too narrow); ``unsure`` marks targets that
    are neither proven nor certainly short (a fractional optimum).
    """

    up: np.ndarray
    down: np.ndarray
    short: np.ndarray
    unsure: np.ndarray


class _System:
    """One connected system of hidden non-empty cells as a linear programme."""

    def __init__(self, problem, movable: np.ndarray, cells: np.ndarray) -> None:
        values = problem.values
        self.cells = cells
        self.x0 = values[cells]
        position = np.full(values.size, -1, dtype=np.int64)
        position[cells] = np.arange(cells.size)
        rows = sorted({c for i in cells.tolist() for c in problem.cells.constraints_of[i]})
        sub = problem.equalities[rows]
        self.equality = sub[:, cells].toarray()
        self.equality_rhs = -(sub @ np.where(movable, 0, values)).astype(np.int64)
        # Orderings with at least one end in the system: x_a - x_b <= (the fixed ends).
        a, b = problem.smaller, problem.larger
        touching = (position[a] >= 0) | (position[b] >= 0)
        a, b = a[touching], b[touching]
        in_a, in_b = position[a] >= 0, position[b] >= 0
        self.order = np.zeros((a.size, cells.size), dtype=np.int64)
        self.order[np.flatnonzero(in_a), position[a[in_a]]] = 1
        self.order[np.flatnonzero(in_b), position[b[in_b]]] = -1
        self.order_rhs = np.where(in_b, 0, values[b]) - np.where(in_a, 0, values[a])
        self.outer_low, self.outer = self._outer_bounds()
        self.problem = problem
        self._highs: _Highs | None = None
        self._objective: int | None = None
        # (cell, values needed) -> (short for certain, unsure), for cells not proven.
        self.verdicts: dict[tuple[int, int], tuple[bool, bool]] = {}

    def settle_one_way(self) -> bool:
        """Ranges in closed form when the system is hidden parts under one published total.

        ``h`` hidden non-empty parts holding ``S`` people: each part takes every value
        from 1 to ``S - h + 1`` (the others at 1), or exactly ``S`` when ``h == 1``.
        """
        if self.equality.shape[0] != 1 or self.order.shape[0] or np.any(self.equality > 0):
            return False
        total, h = int(-self.equality_rhs[0]), self.cells.size
        low, high = self.problem.low, self.problem.high
        low[self.cells] = np.minimum(low[self.cells], total if h == 1 else 1)
        high[self.cells] = np.maximum(high[self.cells], total - h + 1)
        return True

    @property
    def highs(self) -> _Highs:
        """The linear programme, built on first use."""
        if self._highs is None:
            self._highs = self._build()
        return self._highs

    def _build(self) -> _Highs:
        cells = self.cells
        whole = np.vstack([self.equality, self.order])
        n_eq, n_ord = self.equality.shape[0], self.order.shape[0]
        columns, entries = np.nonzero(whole.T)
        lp = highspy.HighsLp()
        lp.num_col_ = cells.size
        lp.num_row_ = n_eq + n_ord
        lp.col_cost_ = np.zeros(cells.size)
        lp.col_lower_ = np.ones(cells.size)
        lp.col_upper_ = np.full(cells.size, highspy.kHighsInf)
        lp.row_lower_ = np.concatenate(
            [self.equality_rhs.astype(np.float64), np.full(n_ord, -highspy.kHighsInf)]
        )
        lp.row_upper_ = np.concatenate(
            [self.equality_rhs.astype(np.float64), self.order_rhs.astype(np.float64)]
        )
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.searchsorted(columns, np.arange(cells.size + 1)).astype(np.int32)
        lp.a_matrix_.index_ = entries.astype(np.int32)
        lp.a_matrix_.value_ = whole[entries, columns].astype(np.float64)
        highs = quiet_highs(_Highs)
        highs.setOptionValue("threads", 1)
        # Only the objective changes between solves, so the last basis stays primal
        # feasible: primal simplex restarts from it; presolve would only discard it.
        highs.setOptionValue("simplex_strategy", 4)
        highs.setOptionValue("presolve", "off")
        highs.passModel(lp)
        return highs

    def _outer_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Smallest and largest value each cell could take: bounds propagated row by row.

        Every cell is at least 1; each equality and ordering then bounds each of its
        cells by the bounds of the others, over a few sweeps. The result contains
        every feasible table (an outer bound); :func:`_prove_system` uses it to call
        cells short without solving anything.
        """
        matrix = np.vstack([self.equality, self.order])
        rhs = np.concatenate([self.equality_rhs, self.order_rhs]).astype(np.float64)
        n_rows = matrix.shape[0]
        rows, cols = np.nonzero(matrix)
        up = matrix[rows, cols] > 0
        # Orderings only give the "<=" half of each bound.
        is_equality = rows < self.equality.shape[0]
        low = np.ones(self.cells.size)
        high = np.full(self.cells.size, np.inf)
        for _ in range(_SWEEPS):
            # Least and most each term can contribute, given the current bounds.
            least = np.where(up, low[cols], -high[cols])
            most = np.where(up, high[cols], -low[cols])
            rest_least = _rest(least, rows, n_rows, -np.inf)
            rest_most = _rest(most, rows, n_rows, np.inf)
            below = rhs[rows] - rest_least  # the term is at most this
            above = np.where(is_equality, rhs[rows] - rest_most, -np.inf)  # at least this
            new_high = high.copy()
            new_low = low.copy()
            np.minimum.at(new_high, cols, np.floor(np.where(up, below, -above)))
            np.maximum.at(new_low, cols, np.ceil(np.where(up, above, -below)))
            if np.array_equal(new_high, high) and np.array_equal(new_low, low):
                break
            low, high = new_low, new_high
        big = np.iinfo(np.int64).max // 4
        return low.astype(np.int64), np.where(np.isinf(high), big, high).astype(np.int64)

    def spread(self, columns: np.ndarray, wanted: np.ndarray) -> None:
        """Witnesses lowering, then raising, the cells of ``columns`` together.

        Raising is capped per cell at the value that would give it the room it
        needs, so the slack of a shared complement is spread over the cells rather
        than all given to one of them (which a plain sum would do).
        """
        everything = np.arange(self.cells.size, dtype=np.int32)
        costs = np.zeros(self.cells.size)
        costs[columns] = -1.0
        self.highs.changeColsCost(costs.size, everything, costs)
        self._objective = None
        self._solve()
        for _ in range(_SPREADS):
            cells = self.cells[columns]
            left = self.problem.high[cells] - self.problem.low[cells] + 1 < wanted
            if not left.any():
                break
            open_ = columns[left]
            caps = np.maximum(self.problem.low[cells[left]] + wanted[left] - 1, self.x0[open_])
            costs[:] = 0.0
            costs[open_] = 1.0
            self.highs.changeColsCost(costs.size, everything, costs)
            self.highs.changeColsBounds(
                open_.size, open_.astype(np.int32), np.ones(open_.size), caps.astype(np.float64)
            )
            before = int(left.sum())
            self._solve()
            self.highs.changeColsBounds(
                open_.size,
                open_.astype(np.int32),
                np.ones(open_.size),
                np.full(open_.size, highspy.kHighsInf),
            )
            now = self.problem.high[cells] - self.problem.low[cells] + 1 < wanted
            if int(now.sum()) >= before:
                break

    def extreme(self, column: int, sense: int) -> tuple[int | None, bool]:
        """Best value of one cell (``sense`` +1 largest, -1 smallest), and whether exact.

        Returns ``(None, True)`` for an unbounded maximum. A whole-numbered optimum
        that checks out in integer arithmetic also widens every cell's known range.
        """
        highs = self.highs
        if self._objective is None:
            zeros = np.zeros(self.cells.size)
            highs.changeColsCost(zeros.size, np.arange(zeros.size, dtype=np.int32), zeros)
        else:
            highs.changeColCost(self._objective, 0.0)
        highs.changeColCost(column, float(sense))
        self._objective = column
        return self._solve(column, sense)

    def _solve(self, column: int = -1, sense: int = 1) -> tuple[int | None, bool]:
        highs = self.highs
        highs.run()
        status = highs.getModelStatus()
        if column < 0:
            if status == highspy.HighsModelStatus.kOptimal:
                self._witness(np.asarray(highs.getSolution().col_value))
            return None, False
        if sense > 0 and status in (
            highspy.HighsModelStatus.kUnbounded,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            # The true table is feasible, so the relaxation is unbounded: a whole-number
            # ray from the true table raises the cell without end.
            return None, True
        if status != highspy.HighsModelStatus.kOptimal:
            # Solver trouble: claim nothing (the true table bounds it from inside).
            return int(self.x0[column]), False
        point = self._witness(np.asarray(highs.getSolution().col_value))
        if point is not None:
            return int(point[column]), True
        bound = float(sense * highs.getInfo().objective_function_value)
        # Outer bound only: round towards the inside of the relaxation.
        inside = np.floor(bound + _INTEGRAL) if sense > 0 else np.ceil(bound - _INTEGRAL)
        return int(inside), False

    def _witness(self, x: np.ndarray) -> np.ndarray | None:
        """The optimum as a whole-number table, if it is one; it widens every range."""
        rounded = np.rint(x)
        if not np.all(np.abs(x - rounded) <= _INTEGRAL):
            return None
        point = rounded.astype(np.int64)
        if not self._valid(point):
            return None
        low, high = self.problem.low, self.problem.high
        low[self.cells] = np.minimum(low[self.cells], point)
        high[self.cells] = np.maximum(high[self.cells], point)
        return point

    def width(self, column: int) -> int:
        """Values of one cell seen across the witnesses so far."""
        cell = self.cells[column]
        return int(self.problem.high[cell] - self.problem.low[cell] + 1)

    def _valid(self, point: np.ndarray) -> bool:
        if np.any(point < 1):
            return False
        if np.any(self.equality @ point != self.equality_rhs):
            return False
        return not np.any(self.order @ point > self.order_rhs)


def witness_ranges(
    problem, hidden: np.ndarray, targets: np.ndarray, need: np.ndarray | None = None
) -> WitnessRanges:
    """Prove or refute ``need`` values (default ``problem.k``) for each target.

    Witness tables found here are kept on ``problem`` (``low``, ``high``: the widest
    range of each cell over every witness so far). They stay valid when more cells
    are hidden later (newly hidden cells keep their true values), so proofs
    accumulate over rounds.
    """
    values = problem.values
    if need is None:
        need = np.full(targets.size, problem.k, dtype=np.int64)
    movable = hidden & (values > 0)
    short = np.zeros(targets.size, dtype=bool)
    unsure = np.zeros(targets.size, dtype=bool)
    low, high = problem.low, problem.high
    pending = high[targets] - low[targets] + 1 < need
    if pending.any():
        system_of = _systems(problem, movable)
        by_system: dict[int, list[int]] = {}
        for position in np.flatnonzero(pending).tolist():
            by_system.setdefault(int(system_of[targets[position]]), []).append(position)
        for root, positions in by_system.items():
            cells = np.flatnonzero(system_of == root)
            key = cells.tobytes()
            system = problem.systems.get(key)
            if system is None:
                # Same cells hidden, same system: its model and verdicts are kept.
                system = problem.systems[key] = _System(problem, movable, cells)
                # Under one total the outer bound is exact, so no solve is needed there.
                system.settle_one_way()
            _prove_system(system, targets, need, positions, short, unsure)
    up = problem.high[targets] - values[targets]
    down = values[targets] - problem.low[targets]
    return WitnessRanges(up=up, down=down, short=short, unsure=unsure)


def _prove_system(
    system: _System,
    targets: np.ndarray,
    need: np.ndarray,
    positions: list[int],
    short: np.ndarray,
    unsure: np.ndarray,
) -> None:
    """Witnesses for the targets at ``positions``, all in ``system``; marks the rest."""
    known = [p for p in positions if (int(targets[p]), int(need[p])) in system.verdicts]
    for p in known:
        short[p], unsure[p] = system.verdicts[int(targets[p]), int(need[p])]
    positions = [
        p
        for p in positions
        if (int(targets[p]), int(need[p])) not in system.verdicts
        and system.width(int(np.searchsorted(system.cells, targets[p]))) < need[p]
    ]
    if not positions:
        return
    local = np.searchsorted(system.cells, targets[positions])
    wanted = need[positions]
    # At least 1 and at most the outer bound: fewer values than needed, for certain.
    hopeless = system.outer[local] - system.outer_low[local] + 1 < wanted
    short[np.asarray(positions)[hopeless]] = True
    columns, wanted = local[~hopeless], wanted[~hopeless]
    ids = np.asarray(positions)[~hopeless]
    if columns.size > 1:
        system.spread(columns, wanted)
    # Smallest cells first: they need the most room, and their witnesses move others.
    for p, column, width in sorted(
        zip(ids.tolist(), columns.tolist(), wanted.tolist(), strict=True),
        key=lambda item: system.x0[item[1]],
    ):
        if system.width(column) >= width:
            continue
        top, top_exact = system.extreme(column, 1)
        if top is None:
            # Unbounded above: a whole-number ray from the true table raises it without end.
            cell = system.cells[column]
            ceiling = system.x0[column] + _UNBOUNDED
            system.problem.high[cell] = max(system.problem.high[cell], ceiling)
            continue
        if system.width(column) >= width:
            continue
        if top - 1 + 1 < width:  # every cell is at least 1: short whatever its minimum
            short[p] = True
            continue
        cell = system.cells[column]
        bottom, bottom_exact = 1, True  # already at its floor: the minimum is 1
        if system.problem.low[cell] > 1:
            lowest, bottom_exact = system.extreme(column, -1)
            bottom = int(system.x0[column]) if lowest is None else lowest
        if system.width(column) >= width:
            continue
        if top - bottom + 1 < width:
            short[p] = True
        elif not (top_exact and bottom_exact):
            unsure[p] = True
    for p in positions:
        system.verdicts[int(targets[p]), int(need[p])] = (bool(short[p]), bool(unsure[p]))


def _rest(terms: np.ndarray, rows: np.ndarray, n_rows: int, infinite: float) -> np.ndarray:
    """Per term, the sum of the other terms of its row (infinities counted apart)."""
    is_inf = terms == infinite
    finite = np.where(is_inf, 0.0, terms)
    total = np.bincount(rows, weights=finite, minlength=n_rows)[rows]
    count = np.bincount(rows, weights=is_inf, minlength=n_rows)[rows]
    return np.where(count - is_inf > 0, infinite, total - finite)


def _systems(problem, movable: np.ndarray) -> np.ndarray:
    """Label per cell of the systems of movable cells linked by constraints or orderings.

    Cells and constraints are the nodes of one graph (a movable cell joined to each
    constraint it is in, and to its ordering partners when they are movable too);
    a system is a connected component. Cells that do not move get -1.
    """
    n = problem.values.size
    incidence = problem.equalities.tocoo()
    inside = movable[incidence.col]
    both = movable[problem.smaller] & movable[problem.larger]
    heads = np.concatenate([incidence.col[inside], problem.smaller[both]])
    tails = np.concatenate([n + incidence.row[inside], problem.larger[both]])
    size = n + problem.equalities.shape[0]
    graph = coo_matrix((np.ones(heads.size), (heads, tails)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    return np.where(movable, labels[:n], -1)
