"""Protection intervals: every hidden small cell keeps at least ``k`` whole-number values.

The reader modelled here knows every published cell, every constraint, every declared
ordering (``smaller <= larger``, such as a later pipeline stage and the stage before
it), that counts are whole numbers, and *exactly which hidden cells are empty*: hidden
empty cells are fixed at 0 and every other hidden cell holds at least one person. A
reader who knows less (only "hidden >= 0") sees ranges at least as wide, so a release
safe for this reader is safe whether a reader takes "—" to mean ">= 1" or ">= 0".

Certificate (integer arithmetic, sound). Take the true table ``x0`` and an integer
direction ``d`` in the kernel of the published equalities that moves only hidden
non-empty cells (fundamental circuits, as in ``_certify``). Every table ``x0 + t d``
for ``0 <= t <= t_max`` is a whole-number table consistent with the release, where
``t_max`` is a ratio test over the lower bounds (``x >= 1``) and over every ordering
(cells outside ``d`` held at their true values). A cell moved up by one direction
``t_up`` steps and down by another ``t_down`` steps keeps ``t_up + t_down + 1``
distinct possible values; it is protected when that is at least ``k``.

Orderings couple stage systems: a small cell can only rise if the same cell of the
stage before can rise with it. So each circuit is also tried *mirrored along the
orderings*: the same movement applied to the partner cells of the other stages (the
directions stay in the kernel when the stages publish the same tables, which is
checked, not assumed).

Cells without a certificate get repaired jointly: one integer programme over every
short cell's candidate directions picks the cheapest set of cells to hide
(``_joint``); then an exact integer programme over their connected system decides; a cell still
narrower than ``k`` values raises :class:`ProtectionError` naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from belong.privacy._certify import _as_integer_circuits, fundamental_circuits
from belong.privacy._joint import choose_jointly
from belong.privacy._linked import LinkedCells, full_components
from belong.privacy._witness import witness_ranges
from belong.privacy.constraints import ProtectionError

__all__ = ["IntervalProblem", "protect_intervals"]

# Rounds of circuit repair before the exact check decides.
_REPAIR_ROUNDS = 6
_MIRRORS = ("up", "down", "both")


class IntervalProblem:
    """The counts, equalities and orderings of one release, compiled for interval checks."""

    def __init__(
        self,
        cells: LinkedCells,
        k: int,
        pairs: Sequence[tuple[int, int]],
        locked: list[bool],
        width: int | None = None,
        weights: np.ndarray | None = None,
    ) -> None:
        self.cells = cells
        # Cells of 1..threshold-1 people are protected; each must keep ``k`` values
        # (the protection interval, ``width``; the threshold by default).
        self.threshold = k
        self.k = k if width is None else width
        self.values = np.asarray(cells.values, dtype=np.int64)
        n = self.values.size
        self.locked = np.asarray(locked, dtype=bool)
        # Information lost by hiding each cell (``_joint``): its count by default.
        self.weights = (
            self.values.astype(np.float64) if weights is None else np.asarray(weights, float)
        )
        self.smaller = np.asarray([a for a, _ in pairs], dtype=np.int64)
        self.larger = np.asarray([b for _, b in pairs], dtype=np.int64)
        self.up: list[list[int]] = [[] for _ in range(n)]
        self.down: list[list[int]] = [[] for _ in range(n)]
        for a, b in pairs:
            self.up[a].append(b)
            self.down[b].append(a)
        rows, cols, data = [], [], []
        for c, members in enumerate(cells.members):
            for position, i in enumerate(members):
                rows.append(c)
                cols.append(i)
                data.append(1 if position == 0 else -1)
        self.equalities = csr_matrix(
            (np.asarray(data, dtype=np.int64), (rows, cols)), shape=(len(cells.members), n)
        )
        self._dense: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.proven: set[int] = set()
        # Widest range of each cell over every witness table found so far (_witness).
        self.low = self.values.copy()
        self.high = self.values.copy()
        # Linear programmes per system of hidden cells, reused while it is unchanged.
        self.systems: dict[bytes, Any] = {}
        groups = full_components(cells)
        self.component = np.empty(n, dtype=np.int64)
        self.component_cells: dict[int, np.ndarray] = {}
        for i, group in groups.items():
            root = min(group)
            self.component[i] = root
            if root not in self.component_cells:
                self.component_cells[root] = np.asarray(sorted(group), dtype=np.int64)

    # --- directions -------------------------------------------------------------------

    def circuits(self, columns: np.ndarray, order_key: np.ndarray) -> np.ndarray:
        """Integer kernel directions over ``columns`` (global (n, m) array).

        Columns early in ``order_key`` become pivots (the cells that give room);
        late ones are free, each with its own circuit.
        """
        n = self.values.size
        if columns.size == 0:
            return np.zeros((n, 0), dtype=np.int64)
        whole, position = self._component_matrix(int(self.component[columns[0]]))
        matrix = whole[:, position[columns]]
        matrix = matrix[np.any(matrix != 0, axis=1)]
        rows = matrix.shape[0] > 0
        order = np.argsort(order_key, kind="stable")
        basis = fundamental_circuits(np.asarray(matrix, dtype=np.float64)[:, order])
        local = np.zeros((columns.size, basis.shape[1]), dtype=np.int64)
        local[order] = _as_integer_circuits(basis)
        good = local.any(axis=0)
        if rows:
            good &= np.all(matrix.astype(np.int64) @ local == 0, axis=0)
        directions = np.zeros((n, int(good.sum())), dtype=np.int64)
        directions[columns] = local[:, good]
        return directions

    def unproven(self, hidden: np.ndarray) -> np.ndarray:
        """Hidden cells of 1..k-1 people without a certificate yet.

        Certificates only use hidden cells, so they stay valid as more are hidden.
        """
        small = np.flatnonzero(hidden & (self.values > 0) & (self.values < self.threshold))
        return np.asarray([j for j in small.tolist() if j not in self.proven], dtype=np.int64)

    def _component_matrix(self, root: int) -> tuple[np.ndarray, np.ndarray]:
        """Dense equality matrix of one component and each global cell's column in it."""
        if root not in self._dense:
            cells = self.component_cells[root]
            rows = sorted({c for i in cells.tolist() for c in self.cells.constraints_of[i]})
            position = np.full(self.values.size, -1, dtype=np.int64)
            position[cells] = np.arange(cells.size)
            block = self.equalities[rows][:, cells].toarray() if rows else np.zeros((0, cells.size))
            self._dense[root] = (block.astype(np.float64), position)
        return self._dense[root]

    def mirrored(self, directions: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """Each direction repeated along the orderings, where that stays a valid direction."""
        if self.smaller.size == 0:
            return np.zeros((self.values.size, 0), dtype=np.int64)
        found = []
        for column in directions.T:
            support = np.flatnonzero(column)
            for mode in _MIRRORS:
                out = self._mirror(column, support, mode)
                if out is not None and allowed[out != 0].all():
                    found.append(out)
        if not found:
            return np.zeros((self.values.size, 0), dtype=np.int64)
        stacked = np.stack(found, axis=1)
        in_kernel = np.all(self.equalities @ stacked == 0, axis=0)
        return stacked[:, in_kernel]

    def _mirror(self, column: np.ndarray, support: np.ndarray, mode: str) -> np.ndarray | None:
        out = column.copy()
        seen = set(support.tolist())
        frontier = list(seen)
        grew = False
        while frontier:
            i = frontier.pop()
            partners = (self.up[i] if mode != "down" else []) + (
                self.down[i] if mode != "up" else []
            )
            for p in partners:
                if p in seen:
                    if out[p] != out[i]:
                        return None
                    continue
                seen.add(p)
                out[p] = out[i]
                frontier.append(p)
                grew = True
        return out if grew else None

    def steps(self, directions: np.ndarray) -> np.ndarray:
        """Largest ``t <= k`` with ``x0 + t d`` feasible, per direction (ratio test)."""
        k = self.k
        t = np.full(directions.shape[1], k, dtype=np.int64)
        if directions.shape[1] == 0:
            return t
        negative = directions < 0
        room = (self.values - 1)[:, None] // np.where(negative, -directions, 1)
        t = np.minimum(t, np.where(negative, room, k).min(axis=0))
        if self.smaller.size:
            gap = directions[self.smaller] - directions[self.larger]
            rising = gap > 0
            slack = (self.values[self.larger] - self.values[self.smaller])[:, None]
            ratio = slack // np.where(rising, gap, 1)
            t = np.minimum(t, np.where(rising, ratio, k).min(axis=0))
        return np.maximum(t, 0)

    def reach(self, directions: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Steps up and down each target can take along the best of ``directions``."""
        if directions.shape[1] == 0:
            zero = np.zeros(targets.size, dtype=np.int64)
            return zero, zero.copy()
        forward, backward = self.steps(directions), self.steps(-directions)
        moves = directions[targets]
        up = np.where(moves > 0, forward, np.where(moves < 0, backward, 0)).max(axis=1)
        down = np.where(moves > 0, backward, np.where(moves < 0, forward, 0)).max(axis=1)
        return up, down

    # --- certificate, repair, exact check -----------------------------------------------

    def certify(self, hidden: np.ndarray, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best certified (up, down) steps per target, over hidden non-empty cells only.

        Circuits first (one elimination per system certifies most cells); the cells
        they leave short get witness tables from a linear programme (``_witness``),
        which also says which of them are short for certain.
        """
        found = witness_ranges(self, hidden, targets)
        self.certain, self.unsure = found.short, found.unsure
        return found.up, found.down

    def prove_hidden(self, suppressed: list[bool]) -> set[int]:
        """Hidden non-empty cells that witnesses show taking two values or more."""
        hidden = np.asarray(suppressed, dtype=bool)
        cells = np.flatnonzero(hidden & (self.values > 0))
        witness_ranges(self, hidden, cells, np.full(cells.size, 2, dtype=np.int64))
        wide = self.high[cells] - self.low[cells] + 1 >= 2
        return set(cells[wide].tolist())

    def reach_each(self, directions: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Steps up and down cell ``j`` takes along each direction separately."""
        return _reach_of(directions[j], self.steps(directions), self.steps(-directions))

    def exact_range(self, hidden: np.ndarray, j: int) -> tuple[int, int]:
        """Smallest and largest whole-number value of ``j`` for the modelled reader."""
        movable = hidden & (self.values > 0)
        members = self.cells.members
        system = {j}
        frontier = [j]
        while frontier:
            i = frontier.pop()
            linked = [p for c in self.cells.constraints_of[i] for p in members[c]]
            linked += self.up[i] + self.down[i]
            for p in linked:
                if movable[p] and p not in system:
                    system.add(p)
                    frontier.append(p)
        cells = sorted(system)
        local = {i: position for position, i in enumerate(cells)}
        rows = sorted({c for i in cells for c in self.cells.constraints_of[i]})
        matrix = np.zeros((len(rows) + self.smaller.size, len(cells)))
        lower = np.zeros(matrix.shape[0])
        upper = np.zeros(matrix.shape[0])
        for r, c in enumerate(rows):
            rhs = 0
            for position, i in enumerate(members[c]):
                sign = 1 if position == 0 else -1
                if i in local:
                    matrix[r, local[i]] = sign
                else:
                    rhs -= sign * int(self.values[i])
            lower[r] = upper[r] = rhs
        r = len(rows)
        for a, b in zip(self.smaller.tolist(), self.larger.tolist(), strict=True):
            if a not in local and b not in local:
                continue
            rhs = 0
            if a in local:
                matrix[r, local[a]] = 1
            else:
                rhs -= int(self.values[a])
            if b in local:
                matrix[r, local[b]] = -1
            else:
                rhs += int(self.values[b])
            lower[r], upper[r] = -np.inf, rhs
            r += 1
        constraint = LinearConstraint(matrix[:r], lower[:r], upper[:r])
        objective = np.zeros(len(cells))
        objective[local[j]] = 1.0
        bounds = Bounds(np.ones(len(cells)), np.full(len(cells), np.inf))
        integrality = np.ones(len(cells))
        # Without presolve: HiGHS's MIP presolve has returned wrong optima on such systems.
        problem = {
            "integrality": integrality,
            "bounds": bounds,
            "constraints": [constraint],
            "options": {"presolve": False},
        }
        low = milp(objective, **problem)
        high = milp(-objective, **problem)
        if low.x is None:  # pragma: no cover - the true table is always feasible
            return int(self.values[j]), int(self.values[j])
        top = float(self.k + self.values[j]) if high.x is None else -high.fun
        return round(low.fun), round(top)


def _reach_of(
    move: np.ndarray, forward: np.ndarray, backward: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Steps up and down of a cell moving by ``move`` along directions with these steps."""
    up = np.where(move > 0, forward, np.where(move < 0, backward, 0))
    down = np.where(move > 0, backward, np.where(move < 0, forward, 0))
    return up, down


def protect_intervals(problem: IntervalProblem, suppressed: list[bool]) -> bool:
    """Hide more cells until every hidden cell of 1..k-1 people keeps ``k`` values.

    Returns whether anything more was hidden. Raises :class:`ProtectionError`
    naming the cells that cannot be protected.
    """
    hidden = np.asarray(suppressed, dtype=bool)
    targets = problem.unproven(hidden)
    if targets.size == 0:
        return False
    before = hidden.copy()
    for _ in range(_REPAIR_ROUNDS):
        up, down = problem.certify(hidden, targets)
        short = up + down + 1 < problem.k
        problem.proven.update(targets[~short].tolist())
        if not short.any():
            break
        if not choose_jointly(problem, hidden, targets[short], up[short], down[short]):
            break
        targets = problem.unproven(hidden)
    else:
        up, down = problem.certify(hidden, targets)
        short = up + down + 1 < problem.k
    failing = []
    for j, certain in zip(targets[short].tolist(), problem.certain[short].tolist(), strict=True):
        if certain:  # even the linear relaxation, an outer bound, is too narrow
            failing.append(j)
            continue
        low, high = problem.exact_range(hidden, j)
        if high - low + 1 < problem.k:
            failing.append(j)
        else:
            problem.proven.add(j)
    if failing:
        keys = [problem.cells.keys[j] for j in failing]
        shown = ", ".join(repr(key) for key in keys[:5])
        raise ProtectionError(
            f"{len(keys)} hidden cell(s) ({shown}{', ...' if len(keys) > 5 else ''}) cannot keep "
            f"{problem.k} possible values with the other cells published: the margins and "
            "the declared order pin them too closely. Hide the whole table (or stage-year).",
            keys,
        )
    for i in np.flatnonzero(hidden & ~before).tolist():
        suppressed[i] = True
    return bool((hidden & ~before).any())
