"""Numerics of the audience guard: one subsystem ``A x = b, x >= 0`` over its atoms.

What a reader can learn about one atom ``x_i`` is its feasible range. The
cheap path settles most atoms without an LP per atom:

* **determined atoms** are the zero rows of a basis of the null space of
  ``A``: no change that keeps every published count moves them, so their value
  is the least-squares solution's;
* **inner certificates**: one LP finds a feasible point that keeps every atom
  as far from zero as it can (maximising the smallest value); along the
  null-space direction that moves ``x_i`` most, a ratio test gives how far
  ``x_i`` can go both ways while every atom stays at or above zero. Those
  values are certainly feasible, so if they already span ``k`` values the
  atom is safe;
* only the atoms left over get two exact LPs: their least and greatest
  feasible value. One model per subsystem is built once and re-solved with a
  new objective per atom (OR-Tools' GLOP, warm-started: a few milliseconds a
  solve, where building a fresh ``scipy.optimize.linprog`` problem costs
  about 15).

Ranges are those of the LP relaxation (real numbers), rounded inwards to whole
numbers. The attack tests check the guard's verdicts with an integer program.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp

TOLERANCE = 1e-7


class Inconsistent(ValueError):
    """The published counts of one subsystem contradict each other (different data versions)."""


@dataclass
class Ranges:
    """Feasible whole-number range of each atom that may be at risk, and what it cost."""

    low: dict[int, int] = field(default_factory=dict)
    high: dict[int, int] = field(default_factory=dict)
    determined: int = 0
    certified: int = 0
    exact_lps: int = 0


class OutOfTime(Exception):
    """The check ran past its time budget; what it has not checked is not known safe."""


_deadline: ContextVar[float | None] = ContextVar("belong_guard_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Give the checks inside ``seconds`` of wall time (an outer budget, if any, wins)."""
    if seconds is None or _deadline.get() is not None:
        yield
        return
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def on_time() -> None:
    """Raise :class:`OutOfTime` once the current budget is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise OutOfTime


def _spectrum(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigen-decomposition of ``AᵀA`` (n x n, n atoms: far fewer than the facts) and its rank mask.

    The facts outnumber the atoms many times over, so the Gram matrix is much
    cheaper to decompose than ``A`` itself; its eigenvalues are the squared
    singular values of ``A``.
    """
    gram = matrix.T.astype(float) @ matrix.astype(float)
    values, vectors = np.linalg.eigh(gram)
    tolerance = 1e-9 * max(1.0, float(values.max(initial=0.0))) * max(gram.shape[0], 1)
    return values, vectors, values > tolerance


def rank(matrix: np.ndarray) -> int:
    if matrix.size == 0:
        return 0
    return int(_spectrum(matrix)[2].sum())


def adds_nothing(earlier: np.ndarray, new: np.ndarray) -> bool:
    """Whether every row of ``new`` combines rows of ``earlier`` (nothing new is learned)."""
    if new.shape[0] == 0:
        return True
    return rank(earlier) == rank(np.vstack([earlier, new]))


def _null_space_and_solution(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, vectors, kept = _spectrum(a)
    basis = vectors[:, ~kept]
    inverse = vectors[:, kept] / values[kept]
    solution = inverse @ (vectors[:, kept].T @ (a.T @ b))
    return basis, solution


def zero_atoms(matrix: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Atoms inside a published count of 0: whole numbers at least 0 summing to 0 are all 0."""
    zero_rows = matrix[counts == 0]
    if zero_rows.shape[0] == 0:
        return np.zeros(matrix.shape[1], dtype=bool)
    return zero_rows.any(axis=0)


def feasible_ranges(matrix: np.ndarray, counts: np.ndarray, k: int) -> Ranges:
    """The range of every atom that could be at risk (``low <= k-1`` and width below ``k``).

    Atoms whose range certainly spans ``k`` or more values, or that are forced
    to 0 by a published 0, are left out of the result.
    """
    out = Ranges()
    fixed_zero = zero_atoms(matrix, counts)
    free = np.flatnonzero(~fixed_zero)
    if free.size == 0:
        return out
    a = matrix[:, free].astype(float)
    b = counts.astype(float)
    if a.shape[0]:
        basis, solution = _null_space_and_solution(a, b)
    else:
        basis, solution = np.eye(free.size), np.zeros(free.size)
    if a.shape[0] and not np.allclose(a @ solution, b, atol=1e-5):
        raise Inconsistent("the published counts cannot all be true at once")
    norms = np.linalg.norm(basis, axis=1) if basis.size else np.zeros(free.size)
    undetermined: list[int] = []
    for local, column in enumerate(free.tolist()):
        if norms[local] < 1e-6:
            value = round(float(solution[local]))
            out.determined += 1
            out.low[column] = out.high[column] = value
        else:
            undetermined.append(local)
    if not undetermined:
        return out
    model = RangeModel(a, b, lower_bound_of=undetermined)
    point = model.interior_point(float(k))
    if point is None:
        raise Inconsistent("the published counts cannot all be true at once")
    point = np.maximum(point, 0.0)
    for local in undetermined:
        atom = int(free[local])
        direction = basis @ basis[local]
        up, down = _ratio_test(point, direction)
        low = point[local] - down * direction[local]
        high = point[local] + up * direction[local]
        if high - low >= k:
            out.certified += 1
            continue
        on_time()
        exact = model.range(local)
        if exact is None:
            raise Inconsistent("the published counts cannot all be true at once")
        low, high = exact
        out.exact_lps += 2
        whole_low, whole_high = int(np.ceil(low - TOLERANCE)), int(np.floor(high + TOLERANCE))
        if whole_high - whole_low + 1 < k:
            out.low[atom], out.high[atom] = whole_low, whole_high
    return out


def atom_range(model: RangeModel | None, atom: int) -> tuple[int, int] | None:
    """The whole-number range of one atom under a model's facts (None: they contradict)."""
    if model is None:
        return (0, 10**9)
    found = model.range(atom)
    if found is None:
        return None
    return int(np.ceil(found[0] - TOLERANCE)), int(np.floor(found[1] + TOLERANCE))


class RangeModel:
    """``A x = b, x >= 0`` built once; :meth:`range` re-solves it for one atom's bounds."""

    def __init__(self, a: np.ndarray, b: np.ndarray, *, lower_bound_of: Sequence[int] = ()) -> None:
        solver = pywraplp.Solver.CreateSolver("GLOP")
        assert solver is not None
        self.solver = solver
        self.x = [solver.NumVar(0.0, solver.infinity(), "") for _ in range(a.shape[1])]
        for row, count in zip(a, b, strict=True):
            constraint = solver.Constraint(float(count), float(count))
            for column in np.flatnonzero(row).tolist():
                constraint.SetCoefficient(self.x[column], float(row[column]))
        self.objective = solver.Objective()
        self.t = None
        if lower_bound_of:
            # max t subject to x_j >= t for the listed atoms: a point far from the walls.
            self.t = solver.NumVar(0.0, solver.infinity(), "t")
            for column in lower_bound_of:
                constraint = solver.Constraint(0.0, solver.infinity())
                constraint.SetCoefficient(self.x[column], 1.0)
                constraint.SetCoefficient(self.t, -1.0)

    def interior_point(self, cap: float) -> np.ndarray | None:
        assert self.t is not None
        self.t.SetUb(cap)
        self.objective.SetCoefficient(self.t, 1.0)
        self.objective.SetMaximization()
        status = self.solver.Solve()
        point = None
        if status == pywraplp.Solver.OPTIMAL:
            point = np.array([v.solution_value() for v in self.x])
        self.objective.SetCoefficient(self.t, 0.0)
        return point

    def range(self, atom: int) -> tuple[float, float] | None:
        variable = self.x[atom]
        self.objective.SetCoefficient(variable, 1.0)
        bounds = []
        try:
            for maximise in (False, True):
                if maximise:
                    self.objective.SetMaximization()
                else:
                    self.objective.SetMinimization()
                status = self.solver.Solve()
                if status == pywraplp.Solver.UNBOUNDED and maximise:
                    bounds.append(1e9)  # nothing limits this atom from above
                elif status != pywraplp.Solver.OPTIMAL:
                    return None
                else:
                    bounds.append(variable.solution_value())
        finally:
            self.objective.SetCoefficient(variable, 0.0)
        return bounds[0], bounds[1]


def explaining_facts(matrix: np.ndarray, atom: int) -> np.ndarray:
    """Rows whose combination gives ``x_atom`` (min-norm), for naming the releases involved."""
    target = np.zeros(matrix.shape[1])
    target[atom] = 1.0
    weights = np.linalg.lstsq(matrix.T.astype(float), target, rcond=None)[0]
    if not np.allclose(matrix.T @ weights, target, atol=1e-6):
        return np.flatnonzero(matrix[:, atom])
    return np.flatnonzero(np.abs(weights) > 1e-7)


def _ratio_test(point: np.ndarray, direction: np.ndarray) -> tuple[float, float]:
    """How far ``point`` can move along +direction and -direction while staying >= 0."""
    negative = direction < -1e-12
    positive = direction > 1e-12
    up = float(np.min(point[negative] / -direction[negative])) if negative.any() else np.inf
    down = float(np.min(point[positive] / direction[positive])) if positive.any() else np.inf
    return min(up, 1e9), min(down, 1e9)
