"""Reducing one subsystem of the audience guard to a basis of its facts, before any LP.

Most published counts of a subsystem repeat what others already say: a race
cell of one release is the sum of its race-by-sex cells, most counts are 0,
and twenty releases about overlapping department lists restate the same totals
again and again. The linear programs only need

* the atoms not forced to 0 by a published 0 (whole numbers at least 0 that
  sum to 0 are all 0), and
* a *basis* of the remaining facts: rows whose span holds every published
  row. With the counts consistent, every other fact follows from them, so the
  feasible set (and every atom's range) is the same.

The basis is chosen greedily (modified Gram-Schmidt, sparsest rows first),
taking the earlier releases' facts before the new release's, so that the new
rows in it are exactly what the new release adds. Both the span and the counts
are verified afterwards by least squares: a basis that misses a fact would
widen ranges and hide a risk, so a failed verification is an error, never a
shortcut.

:func:`outer_bounds` gives cheap bounds that hold for every feasible point
(interval propagation over the facts and the differences of nested facts). An
atom that the earlier releases alone already bound to fewer than ``k`` values
can never be the new release's risk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPAN_TOLERANCE = 1e-8
CHECK_TOLERANCE = 1e-6


class Inconsistent(ValueError):
    """The published counts of one subsystem contradict each other (different data versions)."""


class BasisError(RuntimeError):
    """The chosen facts do not span the others: the reduction cannot be trusted."""


@dataclass
class Reduced:
    """One subsystem over its atoms not forced to 0, with a basis of its facts.

    ``columns`` are the subsystem's atoms kept (not forced to 0 by an earlier
    published 0); ``rows``/``counts`` the basis facts over them, the earlier
    releases' first (``new`` marks the rest). ``new_zero`` marks kept atoms that
    a new published 0 forces to 0.
    """

    columns: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    new: np.ndarray
    new_zero: np.ndarray

    @property
    def adds_nothing(self) -> bool:
        return not self.new.any()


def zero_atoms(matrix: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Atoms inside a published count of 0: whole numbers at least 0 summing to 0 are all 0."""
    zero_rows = matrix[counts == 0]
    if zero_rows.shape[0] == 0:
        return np.zeros(matrix.shape[1], dtype=bool)
    return zero_rows.any(axis=0)


def greedy_basis(
    rows: np.ndarray, order: list[int], start: np.ndarray | None = None
) -> tuple[list[int], np.ndarray]:
    """The rows (taken in ``order``) that are not combinations of those taken before.

    ``start`` is an orthonormal basis already spanned (rows); the result's second
    value extends it with the rows taken.
    """
    width = rows.shape[1]
    basis = np.zeros((0, width)) if start is None else start
    taken: list[int] = []
    for index in order:
        row = rows[index].astype(float)
        norm = float(np.linalg.norm(row))
        if norm == 0.0:
            continue
        residual = row
        for _ in range(2):  # twice is enough to keep the basis orthogonal in floating point
            residual = residual - basis.T @ (basis @ residual)
        size = float(np.linalg.norm(residual))
        if size > SPAN_TOLERANCE * norm:
            basis = np.vstack([basis, residual / size])
            taken.append(index)
    return taken, basis


def _sparsest_first(rows: np.ndarray, indices: np.ndarray) -> list[int]:
    sizes = rows[indices].sum(axis=1)
    return [int(i) for i in indices[np.argsort(sizes, kind="stable")]]


def reduce_subsystem(matrix: np.ndarray, counts: np.ndarray, earlier: np.ndarray) -> Reduced:
    """Atoms left free by the earlier releases' zeros, and a basis of every fact over them.

    Raises :class:`Inconsistent` when the published counts contradict each other.
    """
    forced = zero_atoms(matrix[earlier], counts[earlier])
    columns = np.flatnonzero(~forced)
    a = matrix[:, columns].astype(float)
    b = counts.astype(float)
    live = a.any(axis=1)
    if (b[~live] != 0).any():
        raise Inconsistent("a published count covers only people other counts put at 0")
    earlier_live = np.flatnonzero(live & earlier)
    new_live = np.flatnonzero(live & ~earlier)
    taken_earlier, basis = greedy_basis(a, _sparsest_first(a, earlier_live))
    taken_new, basis = greedy_basis(a, _sparsest_first(a, new_live), basis)
    keep = np.array(taken_earlier + taken_new, dtype=int)
    new = np.zeros(len(keep), dtype=bool)
    new[len(taken_earlier) :] = True
    rows = a[keep]
    _verify(a[live], b[live], rows, b[keep], basis)
    new_zero = np.zeros(len(columns), dtype=bool)
    zero_new_rows = live & ~earlier & (b == 0)
    if zero_new_rows.any():
        new_zero = a[zero_new_rows].any(axis=0)
    return Reduced(columns, rows, b[keep], new, new_zero)


def _verify(
    a: np.ndarray, b: np.ndarray, rows: np.ndarray, counts: np.ndarray, basis: np.ndarray
) -> None:
    """Every fact lies in the span of the basis rows, and its count agrees with theirs.

    ``basis`` is an orthonormal basis of the rows' span: each fact minus its
    projection must vanish; a solution of the basis rows must give every count.
    """
    if a.shape[0] == 0:
        return
    if rows.shape[0] == 0:
        raise BasisError("no basis for published facts")
    residual = a - (a @ basis.T) @ basis
    if np.abs(residual).max() > CHECK_TOLERANCE:
        raise BasisError("the basis does not span every published fact")
    solution = np.linalg.lstsq(rows, counts, rcond=None)[0]
    if not np.allclose(a @ solution, b, atol=1e-5):
        raise Inconsistent("the published counts cannot all be true at once")


def outer_bounds(rows: np.ndarray, counts: np.ndarray, *, rounds: int = 60) -> np.ndarray:
    """Bounds (low, high per atom) that every feasible point respects.

    Interval propagation over the facts (0/1 rows, x >= 0) and the differences
    of nested facts (a department list inside another gives the sum over the
    departments between them). Cheap and never narrower than the truth.
    """
    width = rows.shape[1]
    low = np.zeros(width)
    high = np.full(width, np.inf)
    if rows.shape[0] == 0:
        return np.vstack([low, high])
    binary = (rows != 0).astype(float)  # float: the product below runs in BLAS
    sizes = binary.sum(axis=1)
    overlap = binary @ binary.T
    outer, inner = np.nonzero((overlap == sizes[None, :]) & (sizes[:, None] > sizes[None, :]))
    a = np.vstack([binary, binary[outer] - binary[inner]])
    b = np.concatenate([counts, counts[outer] - counts[inner]])
    member = a != 0  # every row is 0/1 (nested differences stay 0/1)
    for _ in range(rounds):
        finite_high = np.where(np.isinf(high), 0.0, high)
        unbounded = member @ np.isinf(high).astype(float)
        slack = np.where(member, (b - a @ low)[:, None], np.inf)
        new_high = np.minimum(high, low + slack.min(axis=0))
        others_bounded = member & ((unbounded[:, None] - np.isinf(high)[None, :]) == 0)
        floor = np.where(others_bounded, (b - a @ finite_high)[:, None] + finite_high, -np.inf)
        new_low = np.maximum(low, floor.max(axis=0))
        # Real numbers, not whole ones: the bounds are those of the LP relaxation, as
        # the exact ranges are (rounding here would make them an integer program's).
        still_open = np.isinf(new_high) & np.isinf(high)
        gap = np.where(still_open, 0.0, np.where(np.isinf(new_high) | np.isinf(high), 1.0, 0.0))
        closed = ~np.isinf(new_high) & ~np.isinf(high)
        gap[closed] = np.abs(new_high[closed] - high[closed])
        moved = max(float(gap.max()), float(np.abs(new_low - low).max()))
        low, high = new_low, new_high
        if moved < 1e-9:
            break
    return np.vstack([low, high])
