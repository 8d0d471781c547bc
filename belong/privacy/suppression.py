"""Small-cell suppression: primary (cells under k) and complementary (so none can be rebuilt).

How the complementary cells are chosen, cheapest step first:

1. *Lone suppressions.* A constraint with exactly one hidden cell gives that cell
   away by subtraction, so a second cell of the same constraint is hidden: the one
   with the smallest count, preferring a cell that also repairs another constraint
   (closing a rectangle in a two-way table), never a zero when a positive cell will do.
2. *Certificates.* For each connected group of hidden cells we look for an exact
   proof that each one can take two whole-number values (see ``_certify``). This
   catches what step 1 cannot see: cells pinned by several tables together, such as
   a race cell that is a margin of race×sex and race×gender and a part of the race
   one-way table (the "range [3, 7] from one table, [7, 12] from another" leak).
3. *Integer programme.* Any hidden cell still without a proof gets the cheapest set
   of extra cells that produces one, solved exactly with HiGHS.

The attacker is assumed to know everything published, every constraint, that counts
are whole numbers, and (when zeros are published) that every hidden cell holds at
least one person. Protection means: at least two values remain possible for every
hidden cell under all of that knowledge.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from belong.privacy._certify import (
    certify_cells,
    extend_by_circuits,
    find_protecting_direction,
)
from belong.privacy.constraints import (
    CellKey,
    Constraint,
    as_count,
    check_constraint_keys,
    check_constraints_hold,
    check_k,
)

__all__ = [
    "Suppression",
    "one_way_rows_to_hide",
    "suppress_one_way",
    "suppress_small_cells",
]

# Rounds of cheap circuit-based repair before falling back to an integer programme.
_CIRCUIT_ROUNDS = 4


@dataclass(frozen=True)
class Suppression:
    """Which cells of a release are hidden, and why.

    Attributes
    ----------
    k
        Threshold used: cells describing 1..k-1 people were hidden.
    primary
        Cells hidden because they are small (and zeros, if zeros were suppressed).
    complementary
        Extra cells hidden so that no primary cell can be recovered from the rest.
    suppress_zeros
        Whether empty cells were hidden too. When they were not, a reader knows every
        hidden cell holds at least one person, and the protection accounts for that.
    """

    k: int
    primary: frozenset
    complementary: frozenset
    suppress_zeros: bool = False

    @property
    def suppressed(self) -> frozenset:
        """Every hidden cell, primary or complementary."""
        return self.primary | self.complementary

    def is_suppressed(self, key: CellKey) -> bool:
        """Whether the cell ``key`` must be shown as "—" rather than a number."""
        return key in self.primary or key in self.complementary

    def published(self, counts: Mapping[CellKey, int]) -> dict[CellKey, int | None]:
        """The release as an attacker sees it: each key's count, or ``None`` if hidden."""
        return {
            key: None if self.is_suppressed(key) else int(value) for key, value in counts.items()
        }


@dataclass
class _LinkedCells:
    """Counts and constraints compiled to integer indices for the search."""

    keys: list[CellKey]
    values: list[int]
    members: list[list[int]]  # per constraint: total first, then parts
    constraints_of: list[list[int]]  # per cell: the constraints it appears in

    @classmethod
    def compile(
        cls, counts: Mapping[CellKey, int], constraints: Sequence[Constraint]
    ) -> _LinkedCells:
        keys = list(counts)
        index = {key: i for i, key in enumerate(keys)}
        values = [as_count(key, counts[key]) for key in keys]
        check_constraint_keys(constraints, index)
        check_constraints_hold(dict(zip(keys, values, strict=True)), constraints)
        members = [[index[key] for key in constraint.cells] for constraint in constraints]
        constraints_of: list[list[int]] = [[] for _ in keys]
        for c, cells in enumerate(members):
            for i in cells:
                constraints_of[i].append(c)
        return cls(keys, values, members, constraints_of)


def suppress_small_cells(
    counts: Mapping[CellKey, int],
    constraints: Sequence[Constraint] = (),
    *,
    k: int,
    suppress_zeros: bool = False,
    never_suppress: Collection[CellKey] = (),
) -> Suppression:
    """Hide every cell describing 1..k-1 people, and enough others that none can be rebuilt.

    Parameters
    ----------
    counts
        Every cell of the release (margins included), keyed by any hashable.
        Cells shared by several tables appear once.
    constraints
        The additive relations a reader can use: each margin equals the sum of its
        parts. Link tables by using the same keys.
    k
        Threshold; the school's default is 10.
    suppress_zeros
        Also hide empty cells. Off by default: an empty cell describes nobody.
    never_suppress
        Cells that must stay visible (for example a whole population's total).

    Returns
    -------
    Suppression
        Primary and complementary cells. Every hidden cell keeps at least two
        whole-number values consistent with everything published, even for a reader
        who knows that hidden cells are non-empty when zeros are shown. (The one
        exception: with ``suppress_zeros``, an empty cell whose zero follows from the
        constraints alone, such as an empty table's total, is hidden but implied.)

    Raises
    ------
    ValueError
        On a negative or fractional count, an unknown key in a constraint or in
        ``never_suppress``, constraints that do not add up, ``k < 1``, a
        ``never_suppress`` cell that is itself small, or a cell that cannot be
        protected without hiding a ``never_suppress`` cell.
    """
    k = check_k(k)
    cells = _LinkedCells.compile(counts, tuple(constraints))
    index = {key: i for i, key in enumerate(cells.keys)}
    locked = [False] * len(cells.keys)
    for key in never_suppress:
        if key not in index:
            raise ValueError(f"never_suppress names cell {key!r}, which is not among the counts.")
        locked[index[key]] = True

    def is_primary(value: int) -> bool:
        return value < k and (value > 0 or suppress_zeros)

    suppressed = [is_primary(value) for value in cells.values]
    primary = [i for i, hidden in enumerate(suppressed) if hidden]
    for i in primary:
        if locked[i]:
            raise ValueError(
                f"Cell {cells.keys[i]!r} is marked never_suppress but describes "
                f"{cells.values[i]} people, fewer than k={k}; it must be hidden."
            )
    # When zeros are shown, a reader knows every hidden cell holds at least one person.
    floor = 0 if suppress_zeros else 1
    lower = [min(value, floor) for value in cells.values]

    _repair_lone_suppressions(cells, suppressed, locked, floor)
    _certify_and_repair(cells, suppressed, locked, lower)
    # A cell hidden to enlarge a small hidden group must itself be protected, so
    # certify again after each widening; both only ever hide more, so this ends.
    while _hide_until_hidden_groups_are_not_small(cells, suppressed, locked, k):
        _repair_lone_suppressions(cells, suppressed, locked, floor)
        _certify_and_repair(cells, suppressed, locked, lower)

    primary_set = frozenset(cells.keys[i] for i in primary)
    return Suppression(
        k=k,
        suppress_zeros=suppress_zeros,
        primary=primary_set,
        complementary=frozenset(
            key for key, hidden in zip(cells.keys, suppressed, strict=True) if hidden
        )
        - primary_set,
    )


def _hide_until_hidden_groups_are_not_small(
    cells: _LinkedCells, suppressed: list[bool], locked: list[bool], k: int
) -> bool:
    """Hide more cells until, under every published total, the hidden parts together
    describe 0 or at least ``k`` people.

    The total minus the published parts is the number of people in the hidden
    parts together: a group of its own, which must not be 1..k-1 people either
    (the differencing guard checks the same thing between releases). Returns
    whether it hid anything; the caller certifies the newly hidden cells.
    """
    widened = False
    for _ in range(len(cells.values)):
        changed = False
        for members in cells.members:
            total, parts = members[0], members[1:]
            if suppressed[total] or not parts:
                continue
            hidden_sum = sum(cells.values[i] for i in parts if suppressed[i])
            if 0 < hidden_sum < k:
                candidates = [
                    i for i in parts if not suppressed[i] and not locked[i] and cells.values[i] > 0
                ]
                if candidates:
                    suppressed[min(candidates, key=lambda i: (cells.values[i], i))] = True
                    changed = widened = True
        if not changed:
            break
    return widened


def _hide_until_hidden_rows_are_not_small(table: np.ndarray, hidden: np.ndarray, k: int) -> bool:
    """:func:`_hide_until_hidden_groups_are_not_small` for a stack of one-way tables."""
    big = np.iinfo(np.int64).max
    rows = np.arange(table.shape[0])
    widened = False
    for _ in range(table.shape[1]):
        hidden_sum = np.where(hidden, table, 0).sum(axis=1)
        short = (hidden_sum > 0) & (hidden_sum < k)
        if not short.any():
            break
        cost = np.where(hidden | (table == 0), big, table)
        choice = cost.argmin(axis=1)
        can = short & (cost[rows, choice] < big)
        if not can.any():
            break
        hidden[rows[can], choice[can]] = True
        widened = True
    return widened


def _repair_lone_suppressions(
    cells: _LinkedCells, suppressed: list[bool], locked: list[bool], floor: int
) -> None:
    """Hide extra cells until no constraint gives a hidden cell away on its own.

    A constraint leaks when it has exactly one hidden cell, or when all its hidden
    cells are parts at the floor (hidden parts summing to 2 with each >= 1 are both 1).
    """
    values = cells.values
    members = cells.members
    n_hidden = [sum(suppressed[i] for i in cell_list) for cell_list in members]
    # "Strong" hidden cells hold more than the floor, so they can give one away.
    n_strong = [
        sum(suppressed[i] and values[i] > floor for i in cell_list) for cell_list in members
    ]

    def leaks(c: int) -> bool:
        if n_hidden[c] == 1:
            return True
        total = members[c][0]
        return n_hidden[c] >= 2 and n_strong[c] == 0 and not suppressed[total]

    def hide(i: int) -> None:
        suppressed[i] = True
        for c in cells.constraints_of[i]:
            n_hidden[c] += 1
            n_strong[c] += values[i] > floor

    pending = [c for c in range(len(members)) if leaks(c)]
    while pending:
        c = pending.pop()
        while leaks(c):
            choice = _cheapest_complement(cells, c, suppressed, locked, floor, leaks)
            if choice is None:
                break  # the certificate step will find another way or explain why not
            hide(choice)
            pending.extend(other for other in cells.constraints_of[choice] if leaks(other))


def _cheapest_complement(
    cells: _LinkedCells,
    constraint: int,
    suppressed: list[bool],
    locked: list[bool],
    floor: int,
    leaks: Callable[[int], bool],
) -> int | None:
    """Pick the visible cell of ``constraint`` whose hiding loses least information."""
    best: tuple[int, float, int] | None = None
    for i in cells.members[constraint]:
        if suppressed[i] or locked[i]:
            continue
        value = cells.values[i]
        # Zero complements only bound a cell from one side; cells at the floor cannot
        # move down, so they protect nothing on their own.
        tier = 0 if value > floor else (1 if value > 0 else 2)
        also_repairs = sum(1 for c in cells.constraints_of[i] if c != constraint and leaks(c))
        rank = (tier, value / (1 + also_repairs), i)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


def _certify_and_repair(
    cells: _LinkedCells, suppressed: list[bool], locked: list[bool], lower: list[int]
) -> None:
    """Prove every hidden cell protected; hide more cells where no proof exists.

    A certificate stays valid when more cells are hidden, so proofs accumulate.
    """
    values = np.asarray(cells.values, dtype=np.int64)
    floors = np.asarray(lower, dtype=np.int64)
    proven: set[int] = set()

    def unproven_cells() -> list[int]:
        pending = [i for i, hidden in enumerate(suppressed) if hidden and i not in proven]
        if not pending:
            return []
        for component in _components(cells, np.asarray(pending), suppressed):
            if all(i in proven for i in component):
                continue
            rows = _rows_touching(cells, component)
            if not rows:
                proven.update(component)  # in no constraint: nothing published pins it
                continue
            matrix = _constraint_matrix(cells, rows, component)
            ok = certify_cells(matrix, values[component], floors[component])
            proven.update(i for i, good in zip(component, ok, strict=True) if good)
        return [i for i in pending if i not in proven]

    unproven = unproven_cells()
    for _ in range(_CIRCUIT_ROUNDS):
        if not unproven:
            return
        hidden_before = sum(suppressed)
        for component in _components(cells, np.asarray(unproven), suppressed):
            if all(i in proven for i in component):
                continue
            rows = _rows_touching(cells, component)
            candidates = sorted(
                {i for c in rows for i in cells.members[c] if not suppressed[i] and not locked[i]}
            )
            columns = component + candidates
            rows = _rows_touching(cells, columns)
            matrix = _constraint_matrix(cells, rows, columns)
            column_values = values[columns]
            hidden, ok = extend_by_circuits(
                matrix,
                column_values,
                floors[columns],
                np.array([suppressed[i] for i in columns]),
                _complement_costs(column_values),
                np.array([i not in proven and suppressed[i] for i in columns]),
            )
            for i, now_hidden, good in zip(columns, hidden, ok, strict=True):
                suppressed[i] = suppressed[i] or bool(now_hidden)
                if good:
                    proven.add(i)
        if sum(suppressed) == hidden_before:
            break
        unproven = unproven_cells()

    if not unproven:
        return
    groups = _full_components(cells)
    for target in unproven:
        if target in proven:
            continue
        group = [i for i in groups[target] if suppressed[i] or not locked[i]]
        matrix = _constraint_matrix(cells, _rows_touching(cells, group), group)
        group_values = values[group]
        direction = find_protecting_direction(
            matrix,
            group_values,
            floors[group],
            np.array([suppressed[i] for i in group]),
            _complement_costs(group_values),
            group.index(target),
        )
        if direction is None and cells.values[target] == 0:
            # A hidden zero that the constraints alone fix at zero (an empty table's
            # total, say) reveals no one; it stays hidden without a certificate.
            continue
        if direction is None:
            raise ValueError(
                f"Cell {cells.keys[target]!r} ({cells.values[target]} people) cannot be "
                "protected: every way of hiding it among the other cells would need a cell "
                "marked never_suppress. Hide the whole table or relax never_suppress."
            )
        for position in np.flatnonzero(direction):
            suppressed[group[position]] = True
            proven.add(group[position])


def _rows_touching(cells: _LinkedCells, columns: list[int]) -> list[int]:
    return sorted({c for i in columns for c in cells.constraints_of[i]})


def _complement_costs(values: np.ndarray) -> np.ndarray:
    """Information lost by hiding each cell: its count; a zero only as a last resort."""
    last_resort = float(values.sum()) + 1.0
    return np.where(values > 0, values.astype(float), last_resort)


def _constraint_matrix(cells: _LinkedCells, rows: list[int], columns: list[int]) -> np.ndarray:
    position = {cell: j for j, cell in enumerate(columns)}
    matrix = np.zeros((len(rows), len(columns)), dtype=np.int64)
    for r, c in enumerate(rows):
        total, *parts = cells.members[c]
        if total in position:
            matrix[r, position[total]] = 1
        for part in parts:
            if part in position:
                matrix[r, position[part]] = -1
    return matrix


def _components(cells: _LinkedCells, seeds: np.ndarray, suppressed: list[bool]) -> list[list[int]]:
    """Groups of hidden cells linked through shared constraints, for those containing a seed."""
    wanted = {int(i) for i in seeds}
    parent = {i: i for i, hidden in enumerate(suppressed) if hidden}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for cell_list in cells.members:
        inside = [i for i in cell_list if i in parent]
        for other in inside[1:]:
            a, b = find(inside[0]), find(other)
            if a != b:
                parent[b] = a
    groups: dict[int, list[int]] = {}
    for i in parent:
        groups.setdefault(find(i), []).append(i)
    return [group for group in groups.values() if wanted.intersection(group)]


def _full_components(cells: _LinkedCells) -> dict[int, list[int]]:
    """For each cell, every cell linked to it through any chain of constraints."""
    parent = list(range(len(cells.keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for cell_list in cells.members:
        for other in cell_list[1:]:
            a, b = find(cell_list[0]), find(other)
            if a != b:
                parent[b] = a
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    return {i: group for group in groups.values() for i in group}


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
        complementary). Every hidden cell keeps at least two possible values given
        the published total, including for a reader who knows hidden cells are
        non-empty when zeros are shown.

    Raises
    ------
    ValueError
        If a count is negative or fractional, ``k < 1``, or a row's total is itself
        small (1..k-1, or 0 with ``suppress_zeros``): such a total must be hidden,
        and this function publishes totals, so hide the whole table instead. Also if
        a row cannot be protected at all (every cell holds exactly one person).
        :func:`one_way_rows_to_hide` finds both kinds of row beforehand.
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
    floor = 0 if suppress_zeros else 1
    hidden = (table < k) & ((table > 0) | suppress_zeros)
    # Repair leaks, then widen small hidden groups; a widened cell must be
    # protected too, so repeat until neither hides anything more.
    for _ in range(table.shape[1] + 1):
        _repair_one_way_leaks(table, hidden, floor, suppress_zeros)
        if not _hide_until_hidden_rows_are_not_small(table, hidden, k):
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
        Boolean per row: ``True`` when the total itself is small, or when every
        non-empty cell holds exactly one person and zeros are shown (a reader then
        knows each hidden cell is exactly 1). Hide such tables whole, total included,
        and pass the other rows to :func:`suppress_one_way`.
    """
    k = check_k(k)
    table, single = _as_table_stack(counts)
    totals = table.sum(axis=1)
    small_total = (totals < k) & ((totals > 0) | suppress_zeros)
    # Without a cell above the floor, hidden cells are all pinned at it.
    floor = 0 if suppress_zeros else 1
    has_primary = ((table < k) & ((table > 0) | suppress_zeros)).any(axis=1)
    pinned = has_primary & ~(table > floor).any(axis=1)
    hide = small_total | pinned
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
