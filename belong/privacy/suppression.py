"""Small-cell suppression: primary (cells under k) and complementary (so none can be rebuilt).

How the complementary cells are chosen, cheapest step first:

1. *Lone suppressions.* A constraint with exactly one hidden cell gives that cell
   away by subtraction, so a second cell of the same constraint is hidden: the one
   with the smallest count, preferring a cell that also repairs another constraint
   (closing a rectangle in a two-way table), never a zero when a positive cell will do.
2. *Two values* (``_certify``). For each connected group of hidden cells we look for
   an exact proof that each one can take two whole-number values. This catches cells
   pinned by several tables together, such as a race cell that is a margin of
   race×sex and race×gender and a part of the race one-way table.
3. *Protection interval* (``_interval``). Every hidden cell of 1..k-1 people must keep
   at least ``k`` whole-number values, under the margins *and* every declared ordering
   (``at_most``: a later pipeline stage is at most the stage before it). Proven by
   integer certificates; cells without one are repaired by hiding cells with enough
   room, and only then checked by an exact integer programme.

The attacker is assumed to know everything published, every constraint and ordering,
that counts are whole numbers, and exactly which hidden cells are empty ("—" can hide
a zero; see ``docs/privacy.md``). A release safe for that reader is safe for one who
assumes "—" means at least one person and for one who assumes it means at least zero.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from belong.privacy._interval import IntervalProblem, protect_intervals
from belong.privacy._linked import (
    LinkedCells,
    certify_and_repair,
    hide_until_hidden_groups_are_not_small,
    repair_lone_suppressions,
)
from belong.privacy.constraints import CellKey, Constraint, ProtectionError, check_k
from belong.privacy.one_way import one_way_rows_to_hide, suppress_one_way

__all__ = [
    "ProtectionError",
    "Suppression",
    "one_way_rows_to_hide",
    "suppress_one_way",
    "suppress_small_cells",
]

# Rounds of (two values, then interval) repair; each only hides more cells.
_ROUNDS = 4


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
        Whether empty cells were hidden as primary cells too. Either way "—" can hide
        a zero (an empty complement, as a last resort); the protection holds for a
        reader who knows exactly which hidden cells are empty.
    at_most
        The orderings declared to the suppressor, ``(smaller, larger)`` key pairs.
    interval
        Whole-number values each hidden cell of 1..k-1 people keeps at least;
        ``None`` means ``k`` (see :attr:`protection_interval`).
    """

    k: int
    primary: frozenset
    complementary: frozenset
    suppress_zeros: bool = False
    at_most: tuple[tuple[CellKey, CellKey], ...] = ()
    interval: int | None = None

    @property
    def protection_interval(self) -> int:
        """How many whole-number values every hidden cell of 1..k-1 people keeps."""
        return self.k if self.interval is None else self.interval

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


def suppress_small_cells(
    counts: Mapping[CellKey, int],
    constraints: Sequence[Constraint] = (),
    *,
    k: int,
    suppress_zeros: bool = False,
    never_suppress: Collection[CellKey] = (),
    always_suppress: Collection[CellKey] = (),
    at_most: Sequence[tuple[CellKey, CellKey]] = (),
    interval: int | None = None,
    priority: Mapping[CellKey, float] | None = None,
) -> Suppression:
    """Hide every cell describing 1..k-1 people, and enough others that none can be narrowed.

    Parameters
    ----------
    counts
        Every cell of the release (margins included), keyed by any hashable.
        Cells shared by several tables appear once.
    constraints
        The additive relations a reader can use: each margin equals the sum of its
        parts. Link tables by using the same keys.
    k
        Threshold and protection interval; the school's default is 10.
    suppress_zeros
        Also hide empty cells. Off by default: an empty cell describes nobody.
    never_suppress
        Cells that must stay visible (for example a whole population's total).
    always_suppress
        Cells that must be hidden whatever their count (decisions made elsewhere,
        such as a cross-scheme guard); they are protected like primary cells.
    at_most
        Orderings every reader knows, as ``(smaller, larger)`` key pairs: for a
        cohort pipeline, each cell of a stage and the same cell of the stage before
        (``(("interviewed", "aian"), ("applied", "aian"))``). Declare only pairs
        that hold for the data (stages that nest); a pair the counts break is an error.
    interval
        The protection interval: how many whole-number values each hidden cell of
        1..k-1 people must keep. ``None`` (the default) means ``k``; ``2`` is the
        older, weaker promise ("at least two values"), far cheaper to certify.
    priority
        How much more it costs to hide a cell than its count says (default 1 per
        cell): complements for the protection interval are chosen jointly to hide as
        little as possible, counting each hidden cell's count times its priority, so
        a cell of the release's key comparison can be made dear (``_joint``).

    Returns
    -------
    Suppression
        Primary and complementary cells. Every hidden cell of 1..k-1 people keeps at
        least ``interval`` (default ``k``) whole-number values consistent with
        everything published, the constraints and the orderings, for a reader who
        knows exactly which hidden cells are empty; every other hidden cell keeps at
        least two values.

    Raises
    ------
    ValueError
        On a negative or fractional count, an unknown key in a constraint, pair,
        ``never_suppress`` or ``always_suppress``, constraints that do not add up, a
        pair the counts break, ``k < 1``, a ``never_suppress`` cell that is small or
        also in ``always_suppress``. :class:`ProtectionError` (a ``ValueError``) when
        a cell cannot be protected without hiding a ``never_suppress`` cell; its
        ``keys`` name the cells.
    """
    k = check_k(k)
    cells = LinkedCells.compile(counts, tuple(constraints))
    index = {key: i for i, key in enumerate(cells.keys)}
    locked = [False] * len(cells.keys)
    for key in never_suppress:
        if key not in index:
            raise ValueError(f"never_suppress names cell {key!r}, which is not among the counts.")
        locked[index[key]] = True
    forced = set()
    for key in always_suppress:
        if key not in index:
            raise ValueError(f"always_suppress names cell {key!r}, which is not among the counts.")
        if locked[index[key]]:
            raise ValueError(f"Cell {key!r} is both never_suppress and always_suppress.")
        forced.add(index[key])
    pairs = _order_pairs(at_most, index, cells.values)

    def is_primary(i: int, value: int) -> bool:
        return i in forced or (value < k and (value > 0 or suppress_zeros))

    suppressed = [is_primary(i, value) for i, value in enumerate(cells.values)]
    primary = [i for i, hidden in enumerate(suppressed) if hidden]
    for i in primary:
        if locked[i]:
            raise ProtectionError(
                f"Cell {cells.keys[i]!r} is marked never_suppress but describes "
                f"{cells.values[i]} people, fewer than k={k}; it must be hidden.",
                [cells.keys[i]],
            )
    # The reader knows which hidden cells are empty: empty ones are 0, the rest >= 1.
    lower = [min(value, 1) for value in cells.values]
    if interval is not None and (isinstance(interval, bool) or not 2 <= int(interval) <= k):
        raise ValueError(f"interval must be a whole number from 2 to k={k}; got {interval!r}.")
    weights = np.asarray(cells.values, dtype=np.float64)
    for key, factor in (priority or {}).items():
        if key not in index:
            raise ValueError(f"priority names cell {key!r}, which is not among the counts.")
        if not float(factor) >= 1.0:
            raise ValueError(f"priority of {key!r} must be at least 1; got {factor!r}.")
        weights[index[key]] *= float(factor)
    problem = IntervalProblem(cells, k, pairs, locked, interval, weights)

    def witnesses() -> set[int]:
        # Witness tables (``_witness``) prove most hidden cells' two values first.
        return problem.prove_hidden(suppressed)

    for _ in range(_ROUNDS):
        repair_lone_suppressions(cells, suppressed, locked, 1)
        certify_and_repair(cells, suppressed, locked, lower, witnesses)
        # A cell hidden to enlarge a small hidden group must itself be protected, so
        # certify again after each widening; both only ever hide more, so this ends.
        while hide_until_hidden_groups_are_not_small(cells, suppressed, locked, k):
            repair_lone_suppressions(cells, suppressed, locked, 1)
            certify_and_repair(cells, suppressed, locked, lower, witnesses)
        # Even two values must hold for the reader who knows which hidden cells are
        # empty (the circuit step lets hidden zeros move), so this always runs.
        if not protect_intervals(problem, suppressed):
            break

    primary_set = frozenset(cells.keys[i] for i in primary)
    return Suppression(
        k=k,
        suppress_zeros=suppress_zeros,
        primary=primary_set,
        complementary=frozenset(
            key for key, hidden in zip(cells.keys, suppressed, strict=True) if hidden
        )
        - primary_set,
        at_most=tuple((cells.keys[a], cells.keys[b]) for a, b in pairs),
        interval=interval,
    )


def _order_pairs(
    at_most: Sequence[tuple[CellKey, CellKey]],
    index: Mapping[CellKey, int],
    values: Sequence[int],
) -> list[tuple[int, int]]:
    """The declared orderings as index pairs, checked against the counts."""
    pairs = []
    for pair in at_most:
        if len(pair) != 2:
            raise ValueError(f"at_most takes (smaller, larger) pairs; got {pair!r}.")
        smaller, larger = pair
        for key in pair:
            if key not in index:
                raise ValueError(f"at_most names cell {key!r}, which is not among the counts.")
        a, b = index[smaller], index[larger]
        if values[a] > values[b]:
            raise ValueError(
                f"at_most says {smaller!r} <= {larger!r}, but the counts are "
                f"{values[a]} and {values[b]}. Declare only orderings that always hold."
            )
        pairs.append((a, b))
    return pairs
