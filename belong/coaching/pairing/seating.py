"""Seat students outside their lists without building one arc per allowed pair (internal).

Both modes first decide *which* students go outside their lists with every
coach counted as allowed (a relaxation: one hub stands for "any coach"), then
hand those students to free seats here, avoiding the coaches each may not have.
A school forbids a few pairs per student among thousands, so a greedy hand-out
almost always succeeds, and augmenting paths (Kuhn's algorithm) repair the rare
dead end. When even that cannot seat everyone, no pairing can seat that set of
students at all, and the caller solves the exact model instead; so whenever a
hand-out is returned, the relaxation's optimum is reached by a real pairing and
is therefore optimal.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence

import numpy as np

from .prepare import Prepared


def banned_coaches(prepared: Prepared, s: int) -> set[int]:
    """Coaches student ``s`` may not be seated with outside their list: forbidden or listed."""
    return {*prepared.forbidden.coaches_of(s).tolist(), *prepared.lists[s]}


def with_allowed_room(
    prepared: Prepared, students: Sequence[int], room: Sequence[int]
) -> list[int]:
    """Those of ``students`` whom some coach with a free seat may take outside their list."""
    is_open = np.asarray(room) > 0
    open_count = int(is_open.sum())
    blocked = prepared.forbidden.count_by_student(len(prepared.students), is_open)
    # Listed coaches never overlap forbidden ones: prepare() took those off the lists.
    return [
        s
        for s in students
        if blocked[s] + sum(1 for c in prepared.lists[s] if is_open[c]) < open_count
    ]


def seat_outside(
    prepared: Prepared, students: Sequence[int], room: Sequence[int]
) -> dict[int, int] | None:
    """Give every one of ``students`` a coach with a free seat (``room`` per coach position).

    No student gets a coach they may not have or one on their own list. Returns
    student position -> coach position, or ``None`` when no such hand-out exists.
    Deterministic: students most limited in their choice go first, and each takes
    the coach with the most free seats (lowest position on a tie).
    """
    if not students:
        return {}
    free = list(room)
    open_coaches = [c for c, n in enumerate(free) if n > 0]
    if sum(free) < len(students):
        return None
    banned = {s: banned_coaches(prepared, s) for s in students}
    order = sorted(students, key=lambda s: (-sum(1 for c in banned[s] if free[c] > 0), s))
    seat: dict[int, int] = {}
    holders: dict[int, list[int]] = {c: [] for c in open_coaches}
    heap = [(-free[c], c) for c in open_coaches]
    heapq.heapify(heap)
    for s in order:
        skipped = []
        chosen = None
        while heap:
            entry = heapq.heappop(heap)
            if entry[1] in banned[s]:
                skipped.append(entry)
                continue
            chosen = entry[1]
            break
        for entry in skipped:
            heapq.heappush(heap, entry)
        if chosen is not None:
            free[chosen] -= 1
            seat[s] = chosen
            holders[chosen].append(s)
            if free[chosen]:
                heapq.heappush(heap, (-free[chosen], chosen))
            continue
        if not _augment(s, open_coaches, banned, free, seat, holders):
            # Kuhn: a student with no augmenting path now never gets one later.
            return None
        heap = [(-free[c], c) for c in open_coaches if free[c] > 0]
        heapq.heapify(heap)
    return seat


def _augment(
    start: int,
    open_coaches: list[int],
    banned: dict[int, set[int]],
    free: list[int],
    seat: dict[int, int],
    holders: dict[int, list[int]],
) -> bool:
    """Find a chain of moves that frees a seat ``start`` may take; apply it. Breadth first."""
    unvisited = list(open_coaches)
    reached_by: dict[int, int] = {}
    seen = {start}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        keep = []
        for c in unvisited:
            if c in banned[u]:
                keep.append(c)
                continue
            reached_by[c] = u
            if free[c] > 0:
                free[c] -= 1
                # Walk back: u takes c, the student u leaves takes u's old seat, ...
                while True:
                    previous = seat.get(u)
                    seat[u] = c
                    holders[c].append(u)
                    if previous is None:
                        return True
                    holders[previous].remove(u)
                    c, u = previous, reached_by[previous]
            for t in holders[c]:
                if t not in seen:
                    seen.add(t)
                    queue.append(t)
        unvisited = keep
    return False
