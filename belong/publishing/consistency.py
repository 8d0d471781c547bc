"""Noisy counts made consistent: whole, non-negative, stages in order, groups adding up.

Independent noise on every count makes a table read badly: a later stage larger
than the earlier one it is part of ("offered" above "interviewed"), groups that
add up to more than their total (shares above 100%), negative people. Readers
know the true counts obey these rules, so the published ones should too.

Post-processing, in the manner of the U.S. Census Bureau's TopDown algorithm
and OpenDP's notes on post-processing: the noisy counts are replaced by the
nearest counts that obey the rules, computed from the noisy counts and the
public parameters alone. Any function of differentially private output is
itself differentially private, so this costs no privacy; it moves each count
by no more than the rules require.

Two steps, one period at a time:

1. **Least squares** (weighted by each count's noise variance) onto the set of
   real counts that are non-negative, ordered along the declared edges
   (``later <= earlier``, for every table and the totals) and, for each
   exclusive table, add up to the total at every stage. Dykstra's alternating
   projections find that point exactly; each projection is a one-line update.
2. **Rounding** that keeps the rules: rounding to the nearest whole number
   never reverses an order, so with at most one exclusive table each count is
   rounded and the totals are the sums of the rounded groups; with several
   exclusive tables sharing the totals, controlled rounding finds the whole
   numbers nearest in total absolute change that obey every rule (a small
   integer programme solved by HiGHS through SciPy).

A select-all table (a person in several categories) has no sum; each of its
counts is only kept between zero and the stage's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["Observed", "reconcile"]

# A total that was not observed itself (it is only the sum of a table) moves freely.
UNOBSERVED = 1e12
TOLERANCE = 1e-7
MAX_ROUNDS = 20_000


@dataclass(frozen=True)
class Observed:
    """One table's noisy counts for one period: ``values[g, s]`` (group, stage).

    ``variance[g, s]`` is the noise variance of each count (larger: trusted
    less). ``additive``: each person is in exactly one group, so the groups of
    a stage add up to its total.
    """

    values: np.ndarray
    variance: np.ndarray
    additive: bool = True


def _project(
    total: np.ndarray,
    total_var: np.ndarray,
    tables: Sequence[Observed],
    edges: Sequence[tuple[int, int]],
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Step 1: the weighted least-squares point obeying the rules (Dykstra's algorithm)."""
    t = total.astype(float).copy()
    vs = [tab.values.astype(float).copy() for tab in tables]
    var_t = total_var.astype(float)
    var_v = [np.broadcast_to(tab.variance, tab.values.shape).astype(float) for tab in tables]
    exclusive = [i for i, tab in enumerate(tables) if tab.additive]
    # Dykstra keeps one correction per set: the box, each table's sums, each edge.
    n_sets = 1 + len(exclusive) + len(edges)
    corr_t = [np.zeros_like(t) for _ in range(n_sets)]
    corr_v = [[np.zeros_like(v) for v in vs] for _ in range(n_sets)]

    def box() -> None:
        np.maximum(t, 0, out=t)
        for v in vs:
            np.maximum(v, 0, out=v)

    def sums(i: int) -> None:
        residual = vs[i].sum(axis=0) - t
        denominator = var_v[i].sum(axis=0) + var_t
        step = np.divide(residual, denominator, out=np.zeros_like(residual), where=denominator > 0)
        vs[i] -= var_v[i] * step
        t[:] += var_t * step

    def edge(a: int, b: int) -> None:
        for values, var in (
            (t[None, :], var_t[None, :]),
            *((v, w) for v, w in zip(vs, var_v, strict=True)),
        ):
            excess = values[:, b] - values[:, a]
            over = excess > 0
            if not over.any():
                continue
            share = var[:, a] + var[:, b]
            move = np.where(over, excess / np.where(share > 0, share, 1), 0.0)
            values[:, b] -= var[:, b] * move
            values[:, a] += var[:, a] * move

    steps: list = [
        box,
        *((lambda i=i: sums(i)) for i in exclusive),
        *((lambda e=e: edge(*e)) for e in edges),
    ]
    for _ in range(MAX_ROUNDS):
        before_t = t.copy()
        before_v = [v.copy() for v in vs]
        for k, step in enumerate(steps):
            t += corr_t[k]
            for v, c in zip(vs, corr_v[k], strict=True):
                v += c
            start_t = t.copy()
            start_v = [v.copy() for v in vs]
            step()
            corr_t[k] = start_t - t
            corr_v[k] = [s - v for s, v in zip(start_v, vs, strict=True)]
        change = np.abs(t - before_t).max(initial=0.0)
        for v, b in zip(vs, before_v, strict=True):
            change = max(change, float(np.abs(v - b).max(initial=0.0)))
        if change < TOLERANCE:
            break
    return t, vs


def _round(
    total: np.ndarray,
    tables: Sequence[Observed],
    values: Sequence[np.ndarray],
    edges: Sequence[tuple[int, int]],
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Step 2: the nearest whole numbers (least total absolute change) obeying the rules."""
    n_stages = total.size
    blocks = [total, *values]
    flat = np.concatenate([b.ravel() for b in blocks])
    n = flat.size
    offsets = np.cumsum([0, *(b.size for b in blocks)])

    def index(block: int, g: int, s: int) -> int:
        if block == 0:
            return int(s)
        return int(offsets[block] + g * n_stages + s)

    rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(coefficients: dict[int, float], lo: float, hi: float) -> None:
        row = np.zeros(2 * n)
        for i, c in coefficients.items():
            row[i] += c
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for bi, (tab, v) in enumerate(zip(tables, values, strict=True), start=1):
        for s in range(n_stages):
            if tab.additive:
                members = {index(bi, g, s): 1.0 for g in range(v.shape[0])}
                members[index(0, 0, s)] = -1.0
                add(members, 0.0, 0.0)
            else:
                for g in range(v.shape[0]):
                    add({index(bi, g, s): 1.0, index(0, 0, s): -1.0}, -np.inf, 0.0)
    for a, b in edges:
        add({index(0, 0, b): 1.0, index(0, 0, a): -1.0}, -np.inf, 0.0)
        for bi, v in enumerate(values, start=1):
            for g in range(v.shape[0]):
                add({index(bi, g, b): 1.0, index(bi, g, a): -1.0}, -np.inf, 0.0)
    # Deviation variables d >= |y - x|.
    for i in range(n):
        add({i: 1.0, n + i: -1.0}, -np.inf, flat[i])
        add({i: -1.0, n + i: -1.0}, -np.inf, -flat[i])
    cost = np.concatenate([np.zeros(n), np.ones(n)])
    integrality = np.concatenate([np.ones(n), np.zeros(n)])
    constraints = LinearConstraint(np.vstack(rows), lower, upper) if rows else None
    floor = np.floor(flat)
    # First near the least-squares point; if the alternating projections stopped short of
    # it (slow to converge on some tables), anywhere from zero up.
    for low, high in (
        (np.maximum(floor - 2, 0), floor + 3),
        (np.zeros(n), np.full(n, max(float(flat.max(initial=0.0)), 0.0) * 2 + 10)),
    ):
        found = milp(
            cost,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(
                np.concatenate([low, np.zeros(n)]), np.concatenate([high, np.full(n, np.inf)])
            ),
            options={"time_limit": 20},
        )
        if found.x is not None:
            break
    if found.x is None:  # pragma: no cover - zero everywhere always obeys the rules
        raise ValueError(f"no whole-number counts obey the rules: {found.message}")
    y = np.rint(found.x[:n]).astype(np.int64)
    out_t = y[: offsets[1]].reshape(total.shape)
    out_v = [y[offsets[i] : offsets[i + 1]].reshape(v.shape) for i, v in enumerate(values, start=1)]
    return out_t, out_v


def reconcile(
    total: np.ndarray | None,
    total_variance: np.ndarray | None,
    tables: Sequence[Observed],
    edges: Sequence[tuple[int, int]] = (),
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Consistent whole counts for one period (see the module docstring).

    Parameters
    ----------
    total, total_variance
        The noisy stage totals and their variances, shape ``(stages,)``; None
        if the totals were not observed (they are then the sums of the
        exclusive tables, which need at least one).
    tables
        Each table's noisy counts, ``(groups, stages)``.
    edges
        ``(a, b)`` pairs of stage indexes: the count at ``b`` is part of the
        count at ``a`` (interviewed within applied), for the totals and for
        every group of every table.

    Returns
    -------
    (totals, tables)
        Whole, non-negative counts obeying every rule.
    """
    if not tables and total is None:
        raise ValueError("nothing to reconcile")
    n_stages = tables[0].values.shape[1] if tables else int(np.asarray(total).size)
    if total is None:
        if not any(t.additive for t in tables):
            raise ValueError("unobserved totals need an exclusive table to add up to them")
        first = next(t for t in tables if t.additive)
        total_arr = first.values.sum(axis=0).astype(float)
        variance = np.full(n_stages, UNOBSERVED)
    else:
        total_arr = np.asarray(total, dtype=float)
        variance = np.broadcast_to(np.asarray(total_variance, dtype=float), total_arr.shape)
    for a, b in edges:
        if not (0 <= a < n_stages and 0 <= b < n_stages) or a == b:
            raise ValueError(f"edge {(a, b)} names no pair of stages")
    t, vs = _project(total_arr, variance, tables, edges)
    exclusive = [i for i, tab in enumerate(tables) if tab.additive]
    if len(exclusive) > 1:
        return _round(t, tables, vs, edges)
    # Rounding is monotone, so orders survive it; totals become the sums again.
    rounded = [np.rint(v).astype(np.int64) for v in vs]
    totals = rounded[exclusive[0]].sum(axis=0) if exclusive else np.rint(t).astype(np.int64)
    for i, tab in enumerate(tables):
        if not tab.additive:
            rounded[i] = np.minimum(rounded[i], totals[None, :])
    if _obeys(totals, tables, rounded, edges):
        return totals, rounded
    # The projections stopped short of the rules (a slow table): round under the rules.
    return _round(t, tables, vs, edges)


def _obeys(
    total: np.ndarray,
    tables: Sequence[Observed],
    values: Sequence[np.ndarray],
    edges: Sequence[tuple[int, int]],
) -> bool:
    if (total < 0).any() or any((v < 0).any() for v in values):
        return False
    for a, b in edges:
        if total[b] > total[a] or any((v[:, b] > v[:, a]).any() for v in values):
            return False
    for tab, v in zip(tables, values, strict=True):
        if tab.additive and (v.sum(axis=0) != total).any():
            return False
        if not tab.additive and (v > total[None, :]).any():
            return False
    return True
