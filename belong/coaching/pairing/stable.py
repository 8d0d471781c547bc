"""Stable mode: student-proposing deferred acceptance with capacities.

Coaches do not rank students. Every coach holds the same priority over
students: a student whose coach left goes first, then the longest waiting,
then the seeded lottery. Students propose down their lists; a full coach keeps
the students with the strongest claim and turns away the weakest. The result
is the student-optimal stable pairing: no student and coach would both rather
be together than keep what they have.

Because the priority is the same for every coach, the result equals "each
student in priority order takes their favourite coach who still has a seat";
the tests check this. Deferred acceptance is kept as the algorithm because it is
the textbook one student affairs can look up, and it would stay correct if
coaches ever had priorities of their own.
"""

from __future__ import annotations

import heapq

import numpy as np
from ortools.graph.python import min_cost_flow

from .optimal import SolverError
from .prepare import Prepared
from .seating import seat_outside, with_allowed_room


def solve_stable(prepared: Prepared) -> tuple[list[int], list[int]]:
    """Return ``(assign, rank)`` per student position (see :func:`solve_optimal`)."""
    n = len(prepared.students)
    assign = [-1] * n
    rank = [-1] * n
    lists = prepared.lists
    seats = prepared.seats
    next_choice = [0] * n
    # Each coach's held students as a heap of negated positions: the top is the
    # student with the weakest claim, the one to turn away first.
    held: list[list[int]] = [[] for _ in prepared.coaches]
    free = list(reversed(prepared.in_game))
    while free:
        s = free.pop()
        choices = lists[s]
        i = next_choice[s]
        while i < len(choices):
            c = choices[i]
            i += 1
            if seats[c] == 0:
                continue
            heap = held[c]
            if len(heap) < seats[c]:
                heapq.heappush(heap, -s)
                assign[s] = c
                break
            weakest = -heap[0]
            if weakest > s:
                heapq.heapreplace(heap, -s)
                assign[s] = c
                assign[weakest] = -1
                free.append(weakest)
                break
        next_choice[s] = i

    for s in prepared.in_game:
        if assign[s] >= 0:
            # next_choice points just past the coach that holds the student.
            rank[s] = next_choice[s]

    if prepared.problem.pair_outside_lists:
        _pair_leftovers_outside_lists(prepared, assign, rank, held)
    return assign, rank


def _pair_leftovers_outside_lists(
    prepared: Prepared, assign: list[int], rank: list[int], held: list[list[int]]
) -> None:
    """Seat students whose whole list was full with coaches who still have room.

    This cannot create a blocking pair: a coach with a free seat after deferred
    acceptance was never proposed to and then full, so nobody who lists them
    prefers them to what they got. Seats go to as many students as possible,
    and when they run short, to those with the strongest claim.
    """
    left = [s for s in prepared.in_game if assign[s] < 0]
    free = [seats - len(heap) for seats, heap in zip(prepared.seats, held, strict=True)]
    room = [c for c, n in enumerate(free) if n > 0]
    if not left or not room:
        return
    # Without the forbidden pairs the answer is plain: the strongest claims among
    # those who could take some free seat at all, as many as there are seats.
    # When they can be handed out (almost always), that is the exact answer.
    candidates = with_allowed_room(prepared, left, free)
    seated = seat_outside(prepared, candidates[: sum(free)], free)
    if seated is not None:
        for s, c in seated.items():
            assign[s] = c
            rank[s] = 0
            heapq.heappush(held[c], -s)
        return
    _pair_leftovers_exactly(prepared, assign, rank, held, left, room)


def _pair_leftovers_exactly(
    prepared: Prepared,
    assign: list[int],
    rank: list[int],
    held: list[list[int]],
    left: list[int],
    room: list[int],
) -> None:
    """Seat leftovers with a min-cost flow over every allowed (student, coach) pair."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    source, sink = 0, 1
    first_coach_node = 2 + len(left)
    coach_node = {c: first_coach_node + k for k, c in enumerate(room)}
    tails: list[int] = []
    heads: list[int] = []
    for g, s in enumerate(left):
        banned = set(prepared.forbidden.coaches_of(s).tolist())
        for c in room:
            if c not in banned:
                tails.append(2 + g)
                heads.append(coach_node[c])
    if not tails:
        return
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.ones(len(tails), dtype=np.int64),
        np.zeros(len(tails), dtype=np.int64),
    )
    # Entering costs the student's priority position: among the largest sets of
    # students that fit, the one with the strongest claims is cheapest.
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(len(left), source, dtype=np.int32),
        np.arange(2, 2 + len(left), dtype=np.int32),
        np.ones(len(left), dtype=np.int64),
        np.asarray(left, dtype=np.int64),
    )
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.asarray([coach_node[c] for c in room], dtype=np.int32),
        np.full(len(room), sink, dtype=np.int32),
        np.asarray([prepared.seats[c] - len(held[c]) for c in room], dtype=np.int64),
        np.zeros(len(room), dtype=np.int64),
    )
    smcf.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([len(left), -len(left)], dtype=np.int64)
    )
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise SolverError(f"min-cost flow returned status {status}")
    flows = np.asarray(smcf.flows(np.arange(len(tails), dtype=np.int32)))
    node_coach = {node: c for c, node in coach_node.items()}
    for arc in np.flatnonzero(flows).tolist():
        s = left[tails[arc] - 2]
        c = node_coach[heads[arc]]
        assign[s] = c
        rank[s] = 0
        heapq.heappush(held[c], -s)
