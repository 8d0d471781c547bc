"""Complementary cells for the protection interval, chosen jointly by one integer programme.

``_interval`` finds the hidden small cells that keep fewer than ``k`` values (the
short *targets*). Each target can be given its room by hiding the cells of a kernel
direction (a circuit, or a circuit mirrored along the orderings) that moves it far
enough; several targets often share a cheap direction, and a direction chosen for
one target may give room to others. Picking one direction per target in turn (the
cheapest for that target) hides cells that a joint choice would not need, and tends
to pick the same small visible cells again and again.

So the candidate directions of every short target of a release (one call of the
suppressor: for equity, one year) go into one integer programme (HiGHS, through
``highspy``)::

    minimise   sum_c  weight_c * y_c                (y_c = 1: visible cell c is hidden)
    subject to sum_{d in E_j} z_d >= 1              for each short target j
               z_d <= y_c                           for each visible cell c that d moves
               y, z binary

``E_j`` are the candidate directions that give target ``j`` its ``k`` values (with the
steps already certified for it). ``weight_c`` is the information lost by hiding ``c``:
its count times a factor the caller gives (a cell of the stage's key comparison costs
more). A target with no candidate giving it full room gets the direction that widens
it most, as before.

Nothing here is trusted: the cells chosen are re-certified by ``_interval`` (witness
tables, then the exact check), and a cell still short is repaired again or raises.
"""

from __future__ import annotations

import highspy
import numpy as np
from highspy._core import _Highs

from belong.privacy._highs import quiet_highs

__all__ = ["choose_jointly"]

# Candidate directions per short target: the cheapest that give it its room.
_PER_TARGET = 24
# Of these, the cheapest plain ones are also tried mirrored along the orderings.
_MIRRORED = 24
# Branch-and-bound nodes of one programme; the best choice found by then is used. A
# node limit, not a time limit, so that a release is the same on a busy machine.
_NODES = 2000


def choose_jointly(problem, hidden: np.ndarray, targets: np.ndarray, up, down) -> bool:
    """Hide the visible cells of a cheapest set of directions giving every target its room.

    ``up`` and ``down`` are the steps already certified for each target. Updates
    ``hidden`` in place; returns whether anything more was hidden.
    """
    allowed = (problem.values > 0) & ~problem.locked
    weight = np.where(hidden, 0.0, problem.weights)
    options: dict[bytes, np.ndarray] = {}
    covers: list[list[bytes]] = []
    fallback: list[np.ndarray] = []
    for position, _, options_j, gain in _candidates(problem, hidden, targets, up, down, allowed):
        enough = gain >= problem.k
        if not enough.any():
            if gain.size and gain.max() > up[position] + down[position] + 1:
                fallback.append(options_j[:, int(gain.argmax())] != 0)
            continue
        chosen = options_j[:, enough]
        price = (weight[:, None] * (chosen != 0)).sum(axis=0)
        keys = []
        for column in np.argsort(price, kind="stable")[:_PER_TARGET].tolist():
            support = (chosen[:, column] != 0) & ~hidden
            key = np.flatnonzero(support).tobytes()
            options.setdefault(key, support)
            keys.append(key)
        covers.append(keys)
    before = hidden.copy()
    if covers:
        hidden |= _solve(options, covers, weight, hidden)
    else:
        # Only when no target has a direction with full room: the cells hidden for the
        # others often widen these too (the witnesses combine directions), so the
        # widest single direction is the last resort.
        for support in fallback:
            hidden |= support
    return bool((hidden & ~before).any())


def _candidates(problem, hidden, targets, up, down, allowed):
    """Per target: its position, cell, candidate directions and the values each gives."""
    is_target = np.zeros(problem.values.size, dtype=bool)
    is_target[targets] = True
    for root in np.unique(problem.component[targets]).tolist():
        cells = problem.component_cells[root]
        columns = cells[allowed[cells]]
        values = problem.values[columns]
        found = []
        # Pivots (the cells that give room): hidden cells first (already hidden),
        # visible cells small to large, or large to small (room); targets free.
        for visible_rank, visible_sign in ((1, 1), (-1, 1), (-1, -1)):
            group = np.where(is_target[columns], 2, np.where(hidden[columns], 0, visible_rank))
            size = np.where(hidden[columns], -values, visible_sign * values)
            found.append(problem.circuits(columns, group * (1 << 40) + size))
        directions = np.hstack(found)
        forward, backward = problem.steps(directions), problem.steps(-directions)
        weight = np.where(hidden, 0.0, problem.weights)
        for position in np.flatnonzero(problem.component[targets] == root).tolist():
            j = int(targets[position])
            touching = directions[j] != 0
            plain = directions[:, touching]
            price = (weight[:, None] * (plain != 0)).sum(axis=0)
            cheapest = plain[:, np.argsort(price, kind="stable")[:_MIRRORED]]
            mirrors = problem.mirrored(cheapest, allowed)
            move = directions[j, touching]
            u = np.where(move > 0, forward[touching], np.where(move < 0, backward[touching], 0))
            d = np.where(move > 0, backward[touching], np.where(move < 0, forward[touching], 0))
            if mirrors.shape[1]:
                mu, md = problem.reach_each(mirrors, j)
                u, d = np.concatenate([u, mu]), np.concatenate([d, md])
            options = np.hstack([plain, mirrors])
            gain = np.maximum(u, up[position]) + np.maximum(d, down[position]) + 1
            yield position, j, options, gain


def _solve(
    options: dict[bytes, np.ndarray], covers: list[list[bytes]], weight: np.ndarray, hidden
) -> np.ndarray:
    """The set-cover programme; returns the cells to hide (a boolean mask)."""
    keys = list(options)
    option_of = {key: i for i, key in enumerate(keys)}
    support = np.stack([options[k] for k in keys])  # (options, all cells)
    cells = np.flatnonzero(support.any(axis=0))
    n_y, n_z = cells.size, len(keys)
    # Cover rows: sum of a target's options >= 1.
    cover_columns = [sorted({n_y + option_of[key] for key in keys_j}) for keys_j in covers]
    cover_index = np.asarray([c for row in cover_columns for c in row], dtype=np.int32)
    cover_starts = np.cumsum([0] + [len(row) for row in cover_columns])
    # Link rows: z_d - y_c <= 0 for every cell c that option d hides.
    option, cell = np.nonzero(support[:, cells])
    link_index = np.column_stack([cell, n_y + option]).ravel().astype(np.int32)
    link_value = np.tile([-1.0, 1.0], option.size)
    n_cover = len(cover_columns)
    lp = highspy.HighsLp()
    lp.num_col_ = n_y + n_z
    lp.num_row_ = n_cover + option.size
    # A tiny cost per direction keeps the choice tidy; cells carry the real cost.
    lp.col_cost_ = np.concatenate([weight[cells], np.full(n_z, 1e-6)])
    lp.col_lower_ = np.zeros(n_y + n_z)
    lp.col_upper_ = np.ones(n_y + n_z)
    lp.row_lower_ = np.concatenate([np.ones(n_cover), np.full(option.size, -highspy.kHighsInf)])
    lp.row_upper_ = np.concatenate([np.full(n_cover, highspy.kHighsInf), np.zeros(option.size)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.concatenate(
        [cover_starts, cover_starts[-1] + 2 * np.arange(1, option.size + 1)]
    ).astype(np.int32)
    lp.a_matrix_.index_ = np.concatenate([cover_index, link_index]).astype(np.int32)
    lp.a_matrix_.value_ = np.concatenate([np.ones(cover_index.size), link_value])
    lp.integrality_ = [highspy.HighsVarType.kInteger] * (n_y + n_z)
    highs = quiet_highs(_Highs)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_max_nodes", _NODES)
    highs.setOptionValue("mip_rel_gap", 1e-4)
    highs.passModel(lp)
    highs.run()
    out = np.zeros(hidden.size, dtype=bool)
    solution = np.asarray(highs.getSolution().col_value)
    if solution.size != n_y + n_z or not _covers(solution[n_y:], covers, option_of):
        # No usable answer (solver trouble): the cheapest option per target instead.
        for keys_j in covers:
            out |= options[keys_j[0]]
        return out
    picked = [keys[i] for i in np.flatnonzero(solution[n_y:] > 0.5).tolist()]
    for key in picked:
        out |= options[key]
    return out


def _covers(z: np.ndarray, covers: list[list[bytes]], option_of: dict[bytes, int]) -> bool:
    return all(any(z[option_of[key]] > 0.5 for key in keys_j) for keys_j in covers)
