"""The audience guard's linear programs: ``A x = b, x >= 0``, one atom's least or greatest value.

One HiGHS model per system is built once and re-solved with a new objective
per atom. Changing only the objective keeps the last basis primal feasible, so
the primal simplex starts from it (a fraction of a millisecond a solve on a
reduced subsystem, against several for a fresh ``scipy.optimize.linprog``
problem or OR-Tools' GLOP, which also failed now and then on re-solves of
large redundant models).

Each solve returns the optimal point (a feasible point: the guard keeps the
extremes of every point seen, so later atoms may need no LP at all) and a
checked dual certificate ``y``: for a maximum, ``Aᵀy >= e_atom`` and
``y·b`` is the maximum, so ``y`` bounds the atom under any facts that keep the
rows ``y`` uses; the guard reads from it whether the new release's facts were
needed for the bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from belong.privacy._highs import quiet_highs
from belong.privacy._system_basis import Inconsistent

DUAL_TOLERANCE = 1e-7


_ANSWERS = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
    highspy.HighsModelStatus.kInfeasible,
)


class SolverFailure(RuntimeError):
    """The LP solver gave no answer for a system known to be feasible: fail closed."""


@dataclass
class Extreme:
    """One atom's least or greatest value, the optimal point, and its dual certificate."""

    value: float
    point: np.ndarray | None
    certificate: np.ndarray | None


class LinearModel:
    """``rows x = counts, x >= 0`` built once; :meth:`extreme` re-solves it for one atom."""

    def __init__(self, rows: np.ndarray, counts: np.ndarray) -> None:
        self.rows = np.asarray(rows, dtype=float)
        self.counts = np.asarray(counts, dtype=float)
        self.width = self.rows.shape[1]
        self.solves = 0
        self.feasible = False
        highs = quiet_highs(highspy.Highs)
        highs.setOptionValue("presolve", "off")  # re-solves start from the last basis
        highs.setOptionValue("threads", 1)  # small models: helper threads only wait for a core
        highs.setOptionValue("simplex_strategy", 4)  # primal simplex: the basis stays feasible
        lp = highspy.HighsLp()
        lp.num_col_ = self.width
        lp.num_row_ = self.rows.shape[0]
        lp.col_cost_ = np.zeros(self.width)
        lp.col_lower_ = np.zeros(self.width)
        lp.col_upper_ = np.full(self.width, highspy.kHighsInf)
        lp.row_lower_ = self.counts.copy()
        lp.row_upper_ = self.counts.copy()
        columns = sparse.csc_matrix(self.rows)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = columns.indptr
        lp.a_matrix_.index_ = columns.indices
        lp.a_matrix_.value_ = columns.data.astype(float)
        lp.a_matrix_.num_col_ = self.width
        lp.a_matrix_.num_row_ = self.rows.shape[0]
        highs.passModel(lp)
        self.highs = highs

    def extreme(self, atom: int, *, maximise: bool) -> Extreme:
        """The least (or greatest) value of ``x[atom]``; ``inf`` when nothing bounds it above."""
        cost = np.zeros(self.width)
        cost[atom] = 1.0
        return self.optimise(cost, maximise=maximise)

    def optimise(self, cost: np.ndarray, *, maximise: bool) -> Extreme:
        highs = self.highs
        columns = np.flatnonzero(cost)
        highs.changeColsCost(len(columns), columns.astype(np.int32), cost[columns])
        highs.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        )
        try:
            status = self._run()
            if status not in _ANSWERS:
                highs.clearSolver()  # once more from scratch before giving up
                status = self._run()
            if status == highspy.HighsModelStatus.kOptimal:
                self.feasible = True
                return self._extreme(cost, maximise)
            unbounded = status == highspy.HighsModelStatus.kUnbounded or (
                status == highspy.HighsModelStatus.kUnboundedOrInfeasible and self.feasible
            )
            if unbounded and maximise:
                return Extreme(np.inf, None, None)
            if status == highspy.HighsModelStatus.kInfeasible and not self.feasible:
                raise Inconsistent("the published counts cannot all be true at once")
            raise SolverFailure(f"the LP solver stopped with status {status}")
        finally:
            highs.changeColsCost(len(columns), columns.astype(np.int32), np.zeros(len(columns)))

    def _run(self) -> object:
        self.solves += 1
        self.highs.run()
        return self.highs.getModelStatus()

    def _extreme(self, cost: np.ndarray, maximise: bool) -> Extreme:
        solution = self.highs.getSolution()
        point = np.asarray(solution.col_value, dtype=float)
        value = float(cost @ point)
        dual = np.asarray(solution.row_dual, dtype=float)
        return Extreme(value, point, self._certificate(dual, cost, value, maximise))

    def _certificate(
        self, dual: np.ndarray, cost: np.ndarray, value: float, maximise: bool
    ) -> np.ndarray | None:
        """``y`` with ``y·b`` the optimum and ``Aᵀy >= c`` (maximum) or ``<= c`` (minimum)."""
        for y in (dual, -dual):
            reduced = self.rows.T @ y - cost
            bound_ok = reduced.min(initial=0.0) >= -DUAL_TOLERANCE
            if not maximise:
                bound_ok = reduced.max(initial=0.0) <= DUAL_TOLERANCE
            if bound_ok and abs(float(y @ self.counts) - value) <= 1e-6 * max(1.0, abs(value)):
                return y
        return None
