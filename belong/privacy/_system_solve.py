"""Numerics of the audience guard: which atoms of one subsystem the new release puts at risk.

An atom is at risk when the whole system (earlier releases and the new one)
leaves it fewer than ``k`` whole values, some between 1 and k-1, while neither
the earlier facts alone nor the new release's alone did. Ranges are those of
the LP relaxation ``A x = b, x >= 0`` rounded inwards, as an attacker with an
integer program could only narrow them further.

The exact answer is two LPs per atom per system (full, earlier, new); the
guard reaches the same verdicts with far fewer, in this order:

1. **Reduce** (:mod:`._system_basis`): drop the atoms a published 0 fixes and
   keep a basis of the facts, earlier rows first. No new row in the basis:
   the new release adds nothing here.
2. **History, once per subsystem**: cheap outer bounds from the earlier facts
   alone; an atom they already bound to fewer than ``k`` values is never the
   new release's risk (either the earlier releases gave it away already, or
   the whole system leaves it at 0 or above k-1).
3. **Points before programs**: every LP's optimal point is feasible; an atom
   whose values over the points seen span ``k`` or more is safe, and one seen
   at 0 has least value 0 (for the earlier facts too).
4. **Exact LPs** for the atoms left: the greatest value (and the least, unless
   a point showed 0) under the whole system, warm-started (:mod:`._system_lp`).
   The dual certificate of each says whether the new facts were needed: if
   not, the earlier facts alone give the same range (history), and the same
   certificate bounds every other atom it covers. Only atoms narrowed with the
   new facts' help get LPs under the earlier facts, and then the new release's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np

from belong.privacy._system_basis import Inconsistent, outer_bounds, reduce_subsystem
from belong.privacy._system_lp import Extreme, LinearModel, SolverFailure

__all__ = ["Inconsistent", "OutOfTime", "SolverFailure", "Verdict", "subsystem_risks"]

TOLERANCE = 1e-7
NEW_WEIGHT = 1e-9
UNBOUNDED = 1e9  # stands for "nothing bounds this atom above"


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


@dataclass
class Verdict:
    """The atoms at risk in one subsystem (index, low, high) and how they were settled."""

    risks: list[tuple[int, int, int]] = field(default_factory=list)
    nothing_new: bool = False
    history: int = 0
    certified: int = 0
    determined: int = 0
    exact_lps: int = 0


def whole(low: float, high: float) -> tuple[int, int]:
    """The whole numbers inside an LP range (rounded inwards)."""
    return int(np.ceil(low - TOLERANCE)), int(np.floor(min(high, UNBOUNDED) + TOLERANCE))


def is_risky(low: int, high: int, k: int) -> bool:
    return low <= k - 1 and high >= 1 and high - low + 1 < k


def subsystem_risks(
    matrix: np.ndarray, counts: np.ndarray, earlier: np.ndarray, mine: np.ndarray, k: int
) -> Verdict:
    """The atoms of one subsystem that the new release puts at risk (see the module doc)."""
    verdict = Verdict()
    reduced = reduce_subsystem(matrix, counts, earlier)
    if reduced.adds_nothing:
        verdict.nothing_new = True
        return verdict
    columns, rows, b = reduced.columns, reduced.rows, reduced.counts
    old = ~reduced.new
    # 2. History, once: what the earlier facts alone already bound below k values.
    live_earlier = earlier & matrix[:, columns].any(axis=1)
    bounds = outer_bounds(matrix[live_earlier][:, columns], counts[live_earlier].astype(float))
    width_e = np.floor(bounds[1] + TOLERANCE) - np.ceil(bounds[0] - TOLERANCE) + 1
    settled = (width_e < k) | reduced.new_zero
    verdict.history += int(settled.sum())
    candidates = np.flatnonzero(~settled)
    if candidates.size == 0:
        return verdict
    on_time()
    full = LinearModel(rows, b)
    # 3. A first point: as many candidates as possible at their least value.
    cost = np.zeros(len(columns))
    cost[candidates] = 1.0
    first = full.optimise(cost, maximise=False)
    assert first.point is not None
    seen_low, seen_high = first.point.copy(), first.point.copy()
    models: dict[str, LinearModel | None] = {}

    def model(name: str) -> LinearModel | None:
        if name not in models:
            models[name] = _side_model(name, matrix, counts, earlier, mine, columns, rows, b, old)
        return models[name]

    for atom in candidates.tolist():
        if settled[atom]:
            continue
        if seen_high[atom] - seen_low[atom] >= k:
            verdict.certified += 1
            continue
        on_time()
        top = full.extreme(atom, maximise=True)
        if top.point is not None:
            np.minimum(seen_low, top.point, out=seen_low)
            np.maximum(seen_high, top.point, out=seen_high)
        if top.value - seen_low[atom] >= k:
            verdict.certified += 1
            continue
        settled |= _covered_history(top, rows, reduced.new, k)
        bottom: Extreme | None = None
        if seen_low[atom] > TOLERANCE:
            bottom = full.extreme(atom, maximise=False)
        low, high = whole(bottom.value if bottom else 0.0, top.value)
        verdict.determined += int(low == high)
        if not is_risky(low, high, k):
            continue
        if _needs_no_new(top, reduced.new) and (
            bottom is None or _needs_no_new(bottom, reduced.new)
        ):
            verdict.history += 1  # the earlier facts alone give the same range
            continue
        if _risky_under(model("earlier"), atom, k) or _risky_under(model("mine"), atom, k):
            continue
        verdict.risks.append((int(columns[atom]), low, high))
    verdict.exact_lps = full.solves + sum(m.solves for m in models.values() if m is not None)
    return verdict


def _needs_no_new(extreme: Extreme, new: np.ndarray) -> bool:
    """Whether the bound's certificate leaves out every new fact (so the earlier give it too)."""
    y = extreme.certificate
    return y is not None and bool(np.all(np.abs(y[new]) <= NEW_WEIGHT))


def _covered_history(top: Extreme, rows: np.ndarray, new: np.ndarray, k: int) -> np.ndarray:
    """Atoms an earlier-only certificate bounds below ``k - 1``: narrowed by history alone."""
    if not _needs_no_new(top, new) or whole(0.0, top.value)[1] > k - 2:
        return np.zeros(rows.shape[1], dtype=bool)
    assert top.certificate is not None
    return rows.T @ top.certificate >= 1.0 - TOLERANCE


def _side_model(
    name: str,
    matrix: np.ndarray,
    counts: np.ndarray,
    earlier: np.ndarray,
    mine: np.ndarray,
    columns: np.ndarray,
    rows: np.ndarray,
    b: np.ndarray,
    old: np.ndarray,
) -> LinearModel | None:
    """The earlier facts alone (their basis rows) or the new release's alone (its own rows)."""
    if name == "earlier":
        return LinearModel(rows[old], b[old]) if old.any() else None
    if not mine.any():
        return None
    # The release's own facts over the same atoms; atoms outside ``columns`` are 0 under
    # the earlier facts and never asked about, but may appear in these rows.
    return _MineModel(matrix[mine], counts[mine].astype(float), columns)


class _MineModel(LinearModel):
    """The new release's facts over every atom of the subsystem, asked about kept atoms."""

    def __init__(self, rows: np.ndarray, counts: np.ndarray, columns: np.ndarray) -> None:
        super().__init__(rows, counts)
        self.columns = columns

    def extreme(self, atom: int, *, maximise: bool) -> Extreme:
        return super().extreme(int(self.columns[atom]), maximise=maximise)


def _risky_under(model: LinearModel | None, atom: int, k: int) -> bool:
    """Whether ``model``'s facts alone narrow the atom (contradicting facts narrow nothing)."""
    if model is None:
        return False
    try:
        low = model.extreme(atom, maximise=False).value
        high = model.extreme(atom, maximise=True).value
    except Inconsistent:
        return False
    return is_risky(*whole(low, high), k)


def explaining_facts(matrix: np.ndarray, atoms: list[int]) -> list[np.ndarray]:
    """Per atom, the rows whose combination gives ``x_atom`` (min-norm), to name the releases."""
    if not atoms:
        return []
    targets = np.zeros((matrix.shape[1], len(atoms)))
    targets[atoms, range(len(atoms))] = 1.0
    a = matrix.T.astype(float)
    weights = np.linalg.lstsq(a, targets, rcond=None)[0]
    found = []
    for column, atom in enumerate(atoms):
        if np.allclose(a @ weights[:, column], targets[:, column], atol=1e-6):
            found.append(np.flatnonzero(np.abs(weights[:, column]) > 1e-7))
        else:
            found.append(np.flatnonzero(matrix[:, atom]))
    return found
