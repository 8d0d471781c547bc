"""Cells, published linear relations between them, and the checks on both.

A *cell* is any hashable key naming one count, for example
``("race", "black", "interviewed", 2021)``. A cell shared by several tables is one
key, so it is suppressed everywhere or nowhere. A :class:`Constraint` states that a
published margin equals the sum of its parts; anyone reading a release knows these
relations, so the suppressor and the attacker's audit both use them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import TypeAlias

import numpy as np

CellKey: TypeAlias = Hashable


@dataclass(frozen=True)
class Constraint:
    """Published linear relation: ``counts[total] == sum(counts[p] for p in parts)``.

    Parameters
    ----------
    total
        Key of the margin cell.
    parts
        Keys of the cells that add up to ``total``. A list is accepted and stored
        as a tuple. An empty ``parts`` states that ``total`` is zero.
    """

    total: CellKey
    parts: tuple[CellKey, ...] = field(default=())

    def __post_init__(self) -> None:
        parts = tuple(self.parts)
        object.__setattr__(self, "parts", parts)
        if self.total in parts:
            raise ValueError(f"Constraint for total {self.total!r} lists its own total as a part.")
        if len(set(parts)) != len(parts):
            repeated = [p for p, times in Counter(parts).items() if times > 1]
            raise ValueError(
                f"Constraint for total {self.total!r} lists part(s) {repeated!r} more than once; "
                "a cell is one count and can only be added once."
            )

    @property
    def cells(self) -> tuple[CellKey, ...]:
        """The total followed by the parts."""
        return (self.total, *self.parts)


class ProtectionError(ValueError):
    """A hidden small cell cannot keep ``k`` possible values with these cells published.

    ``keys`` names the cells; the caller hides more (a whole table, a stage-year).
    """

    def __init__(self, message: str, keys: Sequence[CellKey]) -> None:
        super().__init__(message)
        self.keys = tuple(keys)


def check_k(k: object) -> int:
    """Return ``k`` as an int, or raise if it is not a whole number of at least 1."""
    if isinstance(k, bool) or not isinstance(k, Integral) or int(k) < 1:
        raise ValueError(f"k must be a whole number of people, at least 1; got {k!r}.")
    return int(k)


def as_count(key: CellKey, value: object) -> int:
    """Return ``value`` as a non-negative int, or raise naming ``key`` and the reason.

    Integral floats (``12.0``) are accepted because dataframe libraries produce them
    after joins; fractional, negative, boolean and non-numeric values are not.
    """
    if isinstance(value, bool | np.bool_):
        raise ValueError(
            f"Count for cell {key!r} is a boolean ({value!r}), not a number of people."
        )
    if isinstance(value, Integral) or (
        isinstance(value, Real) and math.isfinite(float(value)) and float(value).is_integer()
    ):
        count = int(float(value))
    else:
        raise ValueError(
            f"Count for cell {key!r} must be a whole number of people; got {value!r}. "
            "Weighted or rounded figures cannot be protected by counting rules."
        )
    if count < 0:
        raise ValueError(
            f"Count for cell {key!r} is negative ({count}); counts of people are >= 0."
        )
    return count


def check_constraint_keys(
    constraints: Sequence[Constraint], known: Mapping[CellKey, object] | Collection[CellKey]
) -> None:
    """Raise if a constraint is not a :class:`Constraint` or names a cell not in ``known``."""
    for constraint in constraints:
        if not isinstance(constraint, Constraint):
            raise TypeError(f"Expected a Constraint, got {constraint!r}.")
        for key in constraint.cells:
            if key not in known:
                raise ValueError(
                    f"Constraint for total {constraint.total!r} names cell {key!r}, "
                    "which is not among the counts given."
                )


def check_constraints_hold(
    counts: Mapping[CellKey, int], constraints: Iterable[Constraint]
) -> None:
    """Raise if a constraint does not add up on ``counts`` (all cells known)."""
    for constraint in constraints:
        parts_sum = sum(counts[p] for p in constraint.parts)
        if counts[constraint.total] != parts_sum:
            raise ValueError(
                f"Constraint for total {constraint.total!r} does not add up: the total is "
                f"{counts[constraint.total]} but its {len(constraint.parts)} part(s) sum to "
                f"{parts_sum}. Tables built from the same data must agree before suppression."
            )
