"""The forbidden pairs of one run, indexed by position for the solvers (internal).

A school passes its whole assessor table, which for a health system can hold
more than a million entries. Looking each one up in Python dictionaries and
storing a dictionary of dictionaries took most of a large run, so the pairs are
kept here as one sorted array of ``student * n_coaches + coach`` codes, built
with C-level loops; only pairs with a reason other than the default are kept
in a dictionary, because the reason must be reported in words.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from itertools import compress, repeat
from operator import eq, itemgetter

import numpy as np

from .inputs import DEFAULT_FORBIDDEN_REASON


def _merge(reasons: set[str]) -> str:
    """A pair forbidden for several reasons ("grader", "clerkship director"): all, in order."""
    if len(reasons) == 1:
        return next(iter(reasons))
    return "; ".join(sorted({part for reason in reasons for part in reason.split("; ")}))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    # np.unique hashes first in numpy 2; sorting int64 codes is many times faster.
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Element-wise membership of ``values`` in a sorted array."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    i = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return np.asarray(sorted_set[i] == values)


class ForbiddenIndex:
    """Which (student position, coach position) pairs may not be made, and why."""

    def __init__(
        self,
        entries: Collection[tuple[str, ...]],
        student_pos: Mapping[str, int],
        coach_pos: Mapping[str, int],
    ) -> None:
        self.n_coaches = m = max(len(coach_pos), 1)
        rows = list(entries)
        count = len(rows)
        # map() with a default runs the lookups in C; ids of people outside the run
        # give -1. Listing the ids first is about twice as fast as chaining the maps.
        ids = list(map(itemgetter(0), rows))
        s = np.fromiter(map(student_pos.get, ids, repeat(-1)), np.int64, count)
        ids = list(map(itemgetter(1), rows))
        c = np.fromiter(map(coach_pos.get, ids, repeat(-1)), np.int64, count)
        del ids
        in_run = (s >= 0) & (c >= 0)
        codes = s * m + c
        # Entries with a reason of their own: (student, coach, reason) that is not the default.
        lengths = np.fromiter(map(len, rows), np.int64, count)
        special = in_run & (lengths == 3)
        if special.any():
            given = compress(rows, special.tolist())
            default = np.fromiter(
                map(eq, map(itemgetter(2), given), repeat(DEFAULT_FORBIDDEN_REASON)), bool
            )
            special[special] = ~default
        self.codes: np.ndarray = _sorted_unique(codes[in_run])
        plain = _sorted_unique(codes[in_run & ~special])
        grouped: dict[int, set[str]] = {}
        for i in np.flatnonzero(special).tolist():
            grouped.setdefault(int(codes[i]), set()).add(rows[i][2])
        has_plain = _member(np.fromiter(grouped, np.int64, len(grouped)), plain).tolist()
        self.reasons: dict[int, str] = {}
        for (code, reasons), also_plain in zip(grouped.items(), has_plain, strict=True):
            if also_plain:
                reasons.add(DEFAULT_FORBIDDEN_REASON)
            self.reasons[code] = _merge(reasons)

    def __len__(self) -> int:
        return len(self.codes)

    def _code(self, s: int, c: int) -> int:
        return s * self.n_coaches + c

    def reason(self, s: int, c: int) -> str | None:
        """Why student ``s`` may not have coach ``c``, or ``None`` if they may."""
        code = self._code(s, c)
        i = int(np.searchsorted(self.codes, code))
        if i == len(self.codes) or self.codes[i] != code:
            return None
        return self.reasons.get(code, DEFAULT_FORBIDDEN_REASON)

    def coaches_of(self, s: int) -> np.ndarray:
        """Coach positions student ``s`` may not have, sorted."""
        lo, hi = np.searchsorted(self.codes, [self._code(s, 0), self._code(s + 1, 0)])
        return self.codes[lo:hi] - s * self.n_coaches

    def contains(self, students: np.ndarray, coaches: np.ndarray) -> np.ndarray:
        """Element-wise: is each (student, coach) pair forbidden?"""
        return _member(np.asarray(students, dtype=np.int64) * self.n_coaches + coaches, self.codes)

    def count_by_student(self, n_students: int, coach_mask: np.ndarray) -> np.ndarray:
        """How many coaches where ``coach_mask`` is true each student may not have."""
        students, coaches = self.pairs()
        return np.bincount(students[coach_mask[coaches]], minlength=n_students)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every forbidden pair as (student positions, coach positions), by student."""
        return self.codes // self.n_coaches, self.codes % self.n_coaches
