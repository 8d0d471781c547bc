"""The linked-table search behind :func:`belong.privacy.suppress_small_cells`.

Counts and constraints are compiled to integer indices (:class:`LinkedCells`); the
steps here hide complements so that no hidden cell can be rebuilt by subtraction and
every hidden cell keeps at least two whole-number values (see ``_certify``). The
protection interval (at least k values, stage order included) is ``_interval``'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    ProtectionError,
    as_count,
    check_constraint_keys,
    check_constraints_hold,
)

# Rounds of cheap circuit-based repair before falling back to an integer programme.
_CIRCUIT_ROUNDS = 4


@dataclass
class LinkedCells:
    """Counts and constraints compiled to integer indices for the search."""

    keys: list[CellKey]
    values: list[int]
    members: list[list[int]]  # per constraint: total first, then parts
    constraints_of: list[list[int]]  # per cell: the constraints it appears in

    @classmethod
    def compile(
        cls, counts: Mapping[CellKey, int], constraints: Sequence[Constraint]
    ) -> LinkedCells:
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


def hide_until_hidden_groups_are_not_small(
    cells: LinkedCells, suppressed: list[bool], locked: list[bool], k: int
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


def repair_lone_suppressions(
    cells: LinkedCells, suppressed: list[bool], locked: list[bool], floor: int
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
    cells: LinkedCells,
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


def certify_and_repair(
    cells: LinkedCells,
    suppressed: list[bool],
    locked: list[bool],
    lower: list[int],
    proven_by: Callable[[], set[int]] | None = None,
) -> None:
    """Prove every hidden cell protected; hide more cells where no proof exists.

    A certificate stays valid when more cells are hidden, so proofs accumulate.
    ``proven_by`` returns cells already proven another way (witness tables that
    differ in them, see ``_witness``); it is asked again after each repair.
    """
    values = np.asarray(cells.values, dtype=np.int64)
    floors = np.asarray(lower, dtype=np.int64)
    proven: set[int] = set()

    def unproven_cells() -> list[int]:
        if proven_by is not None:
            proven.update(proven_by())
        pending = [i for i, hidden in enumerate(suppressed) if hidden and i not in proven]
        if not pending:
            return []
        for component in components(cells, np.asarray(pending), suppressed):
            if all(i in proven for i in component):
                continue
            rows = rows_touching(cells, component)
            if not rows:
                proven.update(component)  # in no constraint: nothing published pins it
                continue
            matrix = constraint_matrix(cells, rows, component)
            ok = certify_cells(matrix, values[component], floors[component])
            proven.update(i for i, good in zip(component, ok, strict=True) if good)
        return [i for i in pending if i not in proven]

    unproven = unproven_cells()
    for _ in range(_CIRCUIT_ROUNDS):
        if not unproven:
            return
        hidden_before = sum(suppressed)
        for component in components(cells, np.asarray(unproven), suppressed):
            if all(i in proven for i in component):
                continue
            rows = rows_touching(cells, component)
            candidates = sorted(
                {i for c in rows for i in cells.members[c] if not suppressed[i] and not locked[i]}
            )
            columns = component + candidates
            rows = rows_touching(cells, columns)
            matrix = constraint_matrix(cells, rows, columns)
            column_values = values[columns]
            hidden, ok = extend_by_circuits(
                matrix,
                column_values,
                floors[columns],
                np.array([suppressed[i] for i in columns]),
                complement_costs(column_values),
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
    groups = full_components(cells)
    for target in unproven:
        if target in proven:
            continue
        group = [i for i in groups[target] if suppressed[i] or not locked[i]]
        matrix = constraint_matrix(cells, rows_touching(cells, group), group)
        group_values = values[group]
        direction = find_protecting_direction(
            matrix,
            group_values,
            floors[group],
            np.array([suppressed[i] for i in group]),
            complement_costs(group_values),
            group.index(target),
        )
        if direction is None and cells.values[target] == 0:
            # A hidden zero that the constraints alone fix at zero (an empty table's
            # total, say) reveals no one; it stays hidden without a certificate.
            continue
        if direction is None:
            raise ProtectionError(
                f"Cell {cells.keys[target]!r} ({cells.values[target]} people) cannot be "
                "protected: every way of hiding it among the other cells would need a cell "
                "marked never_suppress. Hide the whole table or relax never_suppress.",
                [cells.keys[target]],
            )
        for position in np.flatnonzero(direction):
            suppressed[group[position]] = True
            proven.add(group[position])


def rows_touching(cells: LinkedCells, columns: list[int]) -> list[int]:
    return sorted({c for i in columns for c in cells.constraints_of[i]})


def complement_costs(values: np.ndarray) -> np.ndarray:
    """Information lost by hiding each cell: its count; a zero only as a last resort."""
    last_resort = float(values.sum()) + 1.0
    return np.where(values > 0, values.astype(float), last_resort)


def constraint_matrix(cells: LinkedCells, rows: list[int], columns: list[int]) -> np.ndarray:
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


def components(cells: LinkedCells, seeds: np.ndarray, suppressed: list[bool]) -> list[list[int]]:
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


def full_components(cells: LinkedCells) -> dict[int, list[int]]:
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
