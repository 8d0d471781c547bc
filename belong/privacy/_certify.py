"""Exact protection certificates for suppressed cells, and the search for complements.

A suppressed cell ``j`` is protected when the attacker, who knows every published
cell and every constraint, still sees at least two whole-number values for it. We
prove that with a *certificate*: an integer vector ``d`` such that

* ``A d = 0`` over the suppressed cells (the published cells do not move),
* ``d[j] != 0``, and
* ``x + d >= lower`` where ``x`` are the true counts and ``lower`` what the attacker
  knows every suppressed cell to hold at least.

Then ``x`` and ``x + d`` are both whole-number tables consistent with the release,
and they disagree on ``j``. The check is done in integer arithmetic, so a float
rounding error can never certify a cell that is not protected.

Candidates come from the *fundamental circuits* of the suppressed columns (the
null-space basis read off a reduced row echelon form). For the tables we publish
(one-way tables, two-way tables with margins, and two-way tables linked through a
shared margin) the constraint matrix is a network matrix in disguise, its circuits
are 0/±1 vectors, and one elimination certifies every protected cell. Whatever is
left goes to :func:`find_protecting_direction`, a small integer programme that
searches for a certificate while choosing the cheapest extra cells to suppress.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

# Elimination pivots on entries this small would be rounding noise: the matrices are
# built from 0/±1 entries, so genuine values are far from it.
_PIVOT_TOLERANCE = 1e-9
_INTEGRALITY_TOLERANCE = 1e-6
# Non-network circuits can carry small rational coefficients; scaling by one of these
# turns the usual ones into integers. Anything stranger is left to the MILP.
_CIRCUIT_SCALES = (1, 2, 3, 4, 6)


def reduced_row_echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Return the non-zero rows of the reduced row echelon form and the pivot columns."""
    reduced = np.array(matrix, dtype=np.float64)
    n_rows, n_cols = reduced.shape
    pivots: list[int] = []
    row = 0
    for col in range(n_cols):
        if row == n_rows:
            break
        column = np.abs(reduced[row:, col])
        best = int(column.argmax())
        if column[best] <= _PIVOT_TOLERANCE:
            continue
        best += row
        if best != row:
            reduced[[row, best]] = reduced[[best, row]]
        reduced[row] /= reduced[row, col]
        factors = reduced[:, col].copy()
        factors[row] = 0.0
        others = np.flatnonzero(np.abs(factors) > _PIVOT_TOLERANCE)
        if others.size:
            reduced[others] -= np.outer(factors[others], reduced[row])
        reduced[np.abs(reduced) <= _PIVOT_TOLERANCE] = 0.0
        pivots.append(col)
        row += 1
    return reduced[:row], pivots


def fundamental_circuits(matrix: np.ndarray) -> np.ndarray:
    """Null-space basis of ``matrix`` with one column per free variable.

    Column ``f`` is 1 at free variable ``f``, 0 at the other free variables, and
    minus the echelon coefficients at the pivots, so its support is a circuit
    (a minimal dependent set of columns).
    """
    n_cols = matrix.shape[1]
    reduced, pivots = reduced_row_echelon(matrix)
    free = np.setdiff1d(np.arange(n_cols), pivots)
    basis = np.zeros((n_cols, free.size))
    basis[free, np.arange(free.size)] = 1.0
    if pivots:
        basis[pivots, :] = -reduced[:, free]
    return basis


def _as_integer_circuits(basis: np.ndarray) -> np.ndarray:
    """Scale each basis column to integers where a small scale does it; else zero it."""
    integer = np.zeros(basis.shape, dtype=np.int64)
    pending = np.ones(basis.shape[1], dtype=bool)
    for scale in _CIRCUIT_SCALES:
        if not pending.any():
            break
        scaled = basis[:, pending] * scale
        rounded = np.rint(scaled)
        ok = np.all(np.abs(scaled - rounded) <= _INTEGRALITY_TOLERANCE, axis=0)
        columns = np.flatnonzero(pending)[ok]
        integer[:, columns] = rounded[:, ok].astype(np.int64)
        pending[columns] = False
    return integer


def certify_cells(matrix: np.ndarray, values: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Which suppressed cells have a protection certificate among the fundamental circuits.

    Parameters
    ----------
    matrix
        Integer constraint matrix restricted to the suppressed cells of one connected
        component (rows: constraints touching them; columns: the cells).
    values
        True counts of those cells.
    lower
        Smallest value the attacker knows each cell to hold.

    Returns
    -------
    numpy.ndarray
        Boolean per column; ``True`` means protected, proven in integer arithmetic.
        ``False`` means "not proven here", not "disclosed".
    """
    n_cols = matrix.shape[1]
    if n_cols == 0:
        return np.zeros(0, dtype=bool)
    # Cells that can move down (slack) go first so they become the echelon pivots;
    # cells at the attacker's floor then become free variables, each alone among the
    # floor cells of its circuit, so the circuit can push it upwards.
    order = np.argsort(-(values - lower), kind="stable")
    return np.any(_usable_circuits(matrix, values, lower, order) != 0, axis=1)


def _usable_circuits(
    matrix: np.ndarray, values: np.ndarray, lower: np.ndarray, order: np.ndarray
) -> np.ndarray:
    """Integer fundamental circuits (columns) that are valid certificates, in original order.

    ``order`` decides which columns become pivots (earlier ones) and which free.
    """
    basis = fundamental_circuits(matrix[:, order])
    circuits = np.empty((matrix.shape[1], basis.shape[1]), dtype=np.int64)
    circuits[order] = _as_integer_circuits(basis)
    if circuits.shape[1] == 0:
        return circuits
    exact = np.all(matrix.astype(np.int64) @ circuits == 0, axis=0)
    nonzero = np.any(circuits != 0, axis=0)
    slack = (values - lower)[:, None]
    up = np.all(circuits >= -slack, axis=0)
    down = np.all(circuits <= slack, axis=0)
    return circuits[:, exact & nonzero & (up | down)]


def extend_by_circuits(
    matrix: np.ndarray,
    values: np.ndarray,
    lower: np.ndarray,
    hidden: np.ndarray,
    costs: np.ndarray,
    targets: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Protect ``targets`` by hiding visible cells that complete a certificate for them.

    One echelon form over hidden cells and visible candidates yields circuits that
    each certify every cell they touch; for each target the circuit whose visible
    cells are cheapest is taken. This finds the usual repairs (one or two extra
    cells closing a loop across linked tables) at the cost of one elimination.

    Parameters
    ----------
    matrix
        Constraint matrix over hidden cells and candidate cells.
    values, lower
        True counts and the attacker's floor for each column.
    hidden
        Boolean per column: already hidden.
    costs
        Cost of hiding each column.
    targets
        Boolean per column: hidden cells still lacking a certificate.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The new hidden mask and a mask of cells now proven protected.
    """
    slack = values - lower
    # Hidden cells that can move first, then candidates from cheap to dear, then
    # hidden cells at the floor (so they stay free variables, as in certify_cells).
    group = np.where(hidden & (slack > 0), 0, np.where(~hidden, 1, 2))
    order = np.lexsort((np.where(hidden, -slack, costs), group))
    moves = _usable_circuits(matrix, values, lower, order) != 0
    hidden = hidden.copy()
    proven = np.zeros_like(hidden)
    if moves.shape[1] == 0:
        return hidden, proven
    within = ~np.any(moves & ~hidden[:, None], axis=0)
    proven |= np.any(moves[:, within], axis=1)
    for target in np.flatnonzero(targets):
        if proven[target]:
            continue
        options = np.flatnonzero(moves[target])
        if options.size == 0:
            continue
        extra = ((moves[:, options] & ~hidden[:, None]) * costs[:, None]).sum(axis=0)
        best = options[int(extra.argmin())]
        hidden |= moves[:, best]
        within = ~np.any(moves & ~hidden[:, None], axis=0)
        proven |= np.any(moves[:, within], axis=1)
    return hidden, proven


def find_protecting_direction(
    matrix: np.ndarray,
    values: np.ndarray,
    lower: np.ndarray,
    suppressed: np.ndarray,
    costs: np.ndarray,
    target: int,
) -> np.ndarray | None:
    """Cheapest integer certificate for ``target``, possibly suppressing more cells.

    Solves ``min sum(costs[i] for newly suppressed i)`` over integer ``d`` with
    ``matrix @ d == 0``, ``d[target] != 0`` and ``values + d >= lower``. Cells already
    suppressed are free to move; any other cell that moves must be suppressed too.

    Parameters
    ----------
    matrix
        Constraint matrix of the connected component, columns restricted to cells
        that may be suppressed (never-suppress cells are left out by the caller).
    values, lower
        True counts and attacker's lower bounds for those columns.
    suppressed
        Boolean per column, cells already suppressed.
    costs
        Information loss of suppressing each column.
    target
        Column to protect.

    Returns
    -------
    numpy.ndarray or None
        The direction ``d`` (integers), or ``None`` when no certificate exists.
    """
    slack = values - lower
    # Small steps first: they solve as fast as a linear programme on network-like
    # matrices. Larger steps exist only for unusual constraint systems.
    for step in (1, max(2, int(values.max(initial=0)) + 1)):
        for sign in (1, -1):
            if sign == -1 and slack[target] < 1:
                continue
            direction = _solve_direction(matrix, slack, suppressed, costs, target, sign, step)
            if direction is not None:
                return direction
    return None


def _solve_direction(
    matrix: np.ndarray,
    slack: np.ndarray,
    suppressed: np.ndarray,
    costs: np.ndarray,
    target: int,
    sign: int,
    step: int,
) -> np.ndarray | None:
    n_rows, n_cols = matrix.shape
    # Variables: d (n_cols integers), then used (n_cols binaries, 1 = cell moves).
    lower_d = np.maximum(-slack, -step).astype(float)
    upper_d = np.full(n_cols, float(step))
    if sign == 1:
        lower_d[target] = 1.0
    else:
        upper_d[target] = -1.0
    lower_used = np.where(suppressed, 1.0, 0.0)
    upper_used = np.ones(n_cols)
    identity = np.eye(n_cols)
    # |d_i| <= step * used_i ties movement of a published cell to its suppression.
    link = np.block(
        [
            [identity, -step * identity],
            [-identity, -step * identity],
        ]
    )
    balance = np.hstack([matrix.astype(float), np.zeros((n_rows, n_cols))])
    objective = np.concatenate([np.zeros(n_cols), np.where(suppressed, 0.0, costs)])
    result = milp(
        objective,
        integrality=np.ones(2 * n_cols),
        bounds=Bounds(np.concatenate([lower_d, lower_used]), np.concatenate([upper_d, upper_used])),
        constraints=[
            LinearConstraint(balance, 0.0, 0.0),
            LinearConstraint(link, -np.inf, 0.0),
        ],
        options={"time_limit": 30.0},
    )
    if result.x is None:
        return None
    direction = np.rint(result.x[:n_cols]).astype(np.int64)
    # Re-check in integers: the solver works in floats.
    if np.any(matrix.astype(np.int64) @ direction != 0) or direction[target] == 0:
        return None
    if np.any(direction < -slack):
        return None
    return direction
