"""Vectorised small-cell suppression for many independent one-way tables.

Each row of the input is one table whose total is published (for example one
stage-year of a citizenship table). The rules are those of
:func:`belong.privacy.suppress_small_cells`, applied with numpy over every row at
once; stage order between rows is not seen here (see ``docs/privacy.md``).
"""

from __future__ import annotations

import numpy as np

from belong.privacy.constraints import check_k

__all__ = ["one_way_rows_to_hide", "suppress_one_way"]


def suppress_one_way(counts: np.ndarray, k: int, *, suppress_zeros: bool = False) -> np.ndarray:
    """Vectorised suppression for many independent one-way tables with published totals.

    Parameters
    ----------
    counts
        Integer array of shape ``(n_tables, n_cells)``; each row is one table whose
        total (the row sum) is published. A 1-D array is one table.
    k
        Threshold; the school's default is 10.
    suppress_zeros
        Also hide empty cells.

    Returns
    -------
    numpy.ndarray
        Boolean mask of the same shape, ``True`` for hidden cells (primary and
        complementary). Every hidden cell of 1..k-1 people keeps at least ``k``
        possible values given the published total, for a reader who knows exactly
        which hidden cells are empty (the others hold at least one person): the
        hidden non-empty cells of a row, ``h`` of them summing to ``S``, leave each
        one the range ``1..S-h+1``, so ``S - h + 1 >= k`` is required.

    Raises
    ------
    ValueError
        If a count is negative or fractional, ``k < 1``, or a row's total is itself
        small (1..k-1, or 0 with ``suppress_zeros``): such a total must be hidden,
        and this function publishes totals, so hide the whole table instead. Also if
        a row cannot be protected at all (its non-empty cells, all hidden, leave a
        range under ``k``). :func:`one_way_rows_to_hide` finds both kinds of row
        beforehand.
    """
    k = check_k(k)
    table, single = _as_table_stack(counts)
    totals = table.sum(axis=1)
    small_total = (totals < k) & ((totals > 0) | suppress_zeros)
    if small_total.any():
        rows = np.flatnonzero(small_total)
        raise ValueError(
            f"{rows.size} table(s) have a total under k={k} (rows {rows[:10].tolist()}"
            f"{'...' if rows.size > 10 else ''}); a published total would describe fewer "
            "than k people. Hide those tables entirely, total included."
        )
    narrow = one_way_rows_to_hide(table, k, suppress_zeros=suppress_zeros)
    if narrow.any():
        rows = np.flatnonzero(narrow)
        raise ValueError(
            f"Table row(s) {rows[:10].tolist()} cannot be protected while their total is "
            f"published: even with every non-empty cell hidden, a hidden cell keeps fewer "
            f"than k={k} possible values (e.g. every cell holds one person). Hide those "
            "tables entirely."
        )
    # Empty cells are never good complements: the reader knows which hidden cells
    # are empty, so a hidden zero stays pinned at zero.
    hidden = (table < k) & ((table > 0) | suppress_zeros)
    # Repair leaks, then widen rows whose hidden cells keep too narrow a range; a
    # widened cell must be protected too, so repeat until neither hides anything more.
    for _ in range(table.shape[1] + 1):
        _repair_one_way_leaks(table, hidden, 1, suppress_zeros)
        if not _hide_until_intervals_hold(table, hidden, k):
            return hidden[0] if single else hidden
    raise AssertionError("one-way suppression did not converge")  # pragma: no cover


def _repair_one_way_leaks(
    table: np.ndarray, hidden: np.ndarray, floor: int, suppress_zeros: bool
) -> None:
    """Hide complements until no row's hidden cells can be rebuilt from its total."""
    rows_index = np.arange(table.shape[0])
    for _ in range(2):
        n_hidden = hidden.sum(axis=1)
        has_strong = (hidden & (table > floor)).any(axis=1)
        # One hidden cell equals total minus the rest; hidden cells all at the floor are
        # pinned by the total (hidden parts summing to 3 over three cells are all 1).
        leaking = (n_hidden == 1) | ((n_hidden >= 1) & ~has_strong)
        if not leaking.any():
            return
        needs_strong = leaking & ~has_strong
        big = np.iinfo(np.int64).max
        # Tiered cost: above-floor cells first, then other positives, then zeros.
        cost = np.where(hidden, big, np.where(table > floor, table, big // 2))
        if not suppress_zeros:
            cost = np.where(~hidden & (table == 0), big // 2 + 1, cost)
        cost = np.where(needs_strong[:, None] & (table <= floor), big, cost)
        choice = cost.argmin(axis=1)
        chosen_cost = cost[rows_index, choice]
        stuck = leaking & (chosen_cost == big)
        if stuck.any():
            rows = np.flatnonzero(stuck)
            raise ValueError(
                f"Table row(s) {rows[:10].tolist()} cannot be protected while their total is "
                "published: every hidden cell would be pinned (e.g. every cell holds one "
                "person). Hide those tables entirely."
            )
        hidden[rows_index[leaking], choice[leaking]] = True
    raise AssertionError("one-way repair did not converge")  # pragma: no cover


def one_way_rows_to_hide(counts: np.ndarray, k: int, *, suppress_zeros: bool = False) -> np.ndarray:
    """Rows that :func:`suppress_one_way` cannot protect while publishing their total.

    Parameters
    ----------
    counts
        Array of shape ``(n_tables, n_cells)`` (or one table as a 1-D array).
    k
        Threshold.
    suppress_zeros
        As for :func:`suppress_one_way`.

    Returns
    -------
    numpy.ndarray
        Boolean per row: ``True`` when the total itself is small, or when a row
        with a cell of 1..k-1 people cannot give it ``k`` possible values even
        with every non-empty cell hidden (total ``T``, ``m`` non-empty cells:
        ``T - m + 1 < k``; every cell holding one person is the extreme case).
        Hide such tables whole, total included, and pass the other rows to
        :func:`suppress_one_way`.
    """
    k = check_k(k)
    table, single = _as_table_stack(counts)
    totals = table.sum(axis=1)
    small_total = (totals < k) & ((totals > 0) | suppress_zeros)
    has_small = ((table > 0) & (table < k)).any(axis=1)
    widest = totals - (table > 0).sum(axis=1) + 1
    hide = small_total | (has_small & (widest < k))
    return hide[0] if single else hide


def _as_table_stack(counts: np.ndarray) -> tuple[np.ndarray, bool]:
    table = _as_count_array(counts)
    single = table.ndim == 1
    if single:
        table = table[None, :]
    if table.ndim != 2:
        raise ValueError(f"counts must have shape (n_tables, n_cells); got {table.shape}.")
    return table, single


def _as_count_array(counts: np.ndarray) -> np.ndarray:
    array = np.asarray(counts)
    if array.dtype == bool:
        raise ValueError("counts is a boolean array, not counts of people.")
    if np.issubdtype(array.dtype, np.integer):
        table = array.astype(np.int64)
    elif np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            bad = np.argwhere(~np.isfinite(array) | (array != np.round(array)))[0]
            raise ValueError(
                f"counts must be whole numbers of people; the cell at {tuple(bad.tolist())} "
                f"is {array[tuple(bad)]!r}."
            )
        table = array.astype(np.int64)
    else:
        raise ValueError(f"counts must be an integer array; got dtype {array.dtype}.")
    if np.any(table < 0):
        bad = np.argwhere(table < 0)[0]
        raise ValueError(
            f"counts must be >= 0; the cell at {tuple(bad.tolist())} is {table[tuple(bad)]}."
        )
    return table


def _hide_until_intervals_hold(table: np.ndarray, hidden: np.ndarray, k: int) -> bool:
    """Hide more cells until each row's hidden non-empty cells keep ranges of ``k`` values.

    ``h`` hidden non-empty cells summing to ``S`` give each the range ``1..S-h+1``.
    A short row hides the smallest visible cell that gives the room needed (not
    simply the smallest cell), or the largest when none does.
    """
    big = np.iinfo(np.int64).max
    rows = np.arange(table.shape[0])
    widened = False
    for _ in range(table.shape[1]):
        live = hidden & (table > 0)
        width = np.where(live, table, 0).sum(axis=1) - live.sum(axis=1) + 1
        short = live.any(axis=1) & (width < k)
        if not short.any():
            break
        candidates = ~hidden & (table > 0)
        room = table - 1 >= (k - width)[:, None]
        enough = candidates & room
        choice = np.where(
            enough.any(axis=1),
            np.where(enough, table, big).argmin(axis=1),
            np.where(candidates, table, -1).argmax(axis=1),
        )
        can = short & candidates.any(axis=1)
        if not can.any():
            break
        hidden[rows[can], choice[can]] = True
        widened = True
    return widened
