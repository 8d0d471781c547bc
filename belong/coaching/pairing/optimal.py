"""Optimal mode: as many students paired as seats allow, then the best total preference.

The problem is a min-cost flow (source -> student -> coach -> sink) solved with
OR-Tools' ``SimpleMinCostFlow.solve_max_flow_with_min_cost``, which first
maximises the flow (students paired) and then minimises the cost among all
maximum flows. The objective is lexicographic:

1. the most students paired (within capacities and the no-assessor rule);
2. the fewest paired outside their list;
3. the smallest total rank (1 for a 1st choice, 2 for a 2nd, ...);
4. only when someone must be left out: the strongest claims paired first (the
   smallest sum of priority positions among the paired students).

Level 2 is enforced by giving an outside-list arc a cost larger than any total
of ranks a whole solution can reach, so no amount of rank improvement for
others can justify sending one more student outside their list. Level 4 scales
every cost past any possible sum of waiting classes, in the same way.

Outside-list seats could need one arc per allowed (student, coach) pair: tens
of millions on a health system's run. Instead every student who has some coach
allowed outside their list reaches one hub that stands for "any coach", at the
outside-list cost. That relaxation ignores forbidden pairs, so its optimum is
at least as good as the true one; the students it sends outside are then handed
to free seats avoiding the coaches each may not have (``seating.py``). When the
hand-out succeeds, which it does unless forbidden pairs are dense, the
relaxation's optimum is reached by a real pairing and is therefore optimal.

When it fails, the exact model is solved (:func:`_solve_exact`): coaches are cut
into "block" hubs, and a student reaches a whole block through one arc when no
coach in it is forbidden to them, or each allowed coach of the block directly
otherwise. That keeps the model exact (a student never reaches a forbidden
coach) with far fewer arcs than one per pair, but on a large run it is slow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
from ortools.graph.python import min_cost_flow

from .prepare import Prepared
from .seating import seat_outside, with_allowed_room

SOURCE = 0
SINK = 1


class SolverError(RuntimeError):
    """OR-Tools did not return an optimal flow (a bug in how the graph was built)."""


class CostRangeError(SolverError):
    """The scaled costs are beyond what the solver can add up safely."""


@dataclass
class _Arcs:
    """Parallel arrays of student-side arcs, kept in the order they are added."""

    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray

    @classmethod
    def empty(cls) -> _Arcs:
        return cls(*(np.zeros(0, dtype=t) for t in (np.int32, np.int32, np.int64, np.int64)))

    def __len__(self) -> int:
        return len(self.tails)

    def add(
        self,
        tails: np.ndarray,
        heads: np.ndarray,
        capacity: np.ndarray | int,
        cost: np.ndarray | int,
    ) -> slice:
        start = len(self)
        n = len(tails)
        self.tails = np.concatenate([self.tails, np.asarray(tails, dtype=np.int32)])
        self.heads = np.concatenate([self.heads, np.asarray(heads, dtype=np.int32)])
        self.capacities = np.concatenate(
            [self.capacities, np.broadcast_to(np.asarray(capacity, dtype=np.int64), (n,))]
        )
        self.costs = np.concatenate(
            [self.costs, np.broadcast_to(np.asarray(cost, dtype=np.int64), (n,))]
        )
        return slice(start, start + n)


def solve_optimal(prepared: Prepared) -> tuple[list[int], list[int]]:
    """Return ``(assign, rank)`` per student position.

    ``assign[s]`` is a coach position or -1; ``rank[s]`` is the 1-based rank on
    the student's list, 0 when paired outside it, -1 when unpaired or kept.

    Outside-list seats are first decided with one hub standing for "any coach"
    (see :mod:`.seating`); if the students it sends outside cannot all be
    seated with coaches allowed to them, the exact model is solved instead.
    """
    n = len(prepared.students)
    assign = [-1] * n
    rank = [-1] * n
    game = prepared.in_game
    if not game:
        return assign, rank
    n_game = len(game)
    first_coach = 2 + n_game
    hub = first_coach + len(prepared.coaches)

    arcs, ranked, listed = _ranked_arcs(prepared, game, first_coach)
    seats = np.asarray(prepared.seats, dtype=np.int64)
    open_coaches = np.flatnonzero(seats > 0)
    to_hub = slice(len(arcs), len(arcs))
    if prepared.problem.pair_outside_lists and len(open_coaches):
        # Every student who has some coach allowed outside their list may reach the
        # hub, at a cost above any total of ranks (see the module docstring).
        open_count = len(open_coaches)
        game_of = {s: g for g, s in enumerate(game)}
        entering = [game_of[s] for s in with_allowed_room(prepared, game, prepared.seats)]
        to_hub = arcs.add(
            np.asarray(entering, dtype=np.int64) + 2, np.full(len(entering), hub), 1, 1 + listed
        )
        arcs.add(np.full(open_count, hub), open_coaches + first_coach, seats[open_coaches], 0)

    flow = _solve_levels(prepared, arcs, game, assume_short=int(seats.sum()) < n_game)
    paired_from_lists = _decode_ranked(arcs, flow, ranked, game, first_coach, assign, rank)
    outside = [
        game[int(arcs.tails[a]) - 2] for a in (np.flatnonzero(flow[to_hub]) + to_hub.start).tolist()
    ]
    if outside:
        room = seats.copy()
        np.subtract.at(room, [assign[s] for s in paired_from_lists], 1)
        seated = seat_outside(prepared, outside, room.tolist())
        if seated is None:
            return _solve_exact(prepared)
        for s, c in seated.items():
            assign[s] = c
            rank[s] = 0
    return assign, rank


def _ranked_arcs(prepared: Prepared, game: list[int], first_coach: int) -> tuple[_Arcs, slice, int]:
    """One arc per (student, listed coach), costing the rank; returns the arcs and their count."""
    n_game = len(game)
    lengths = np.fromiter((len(prepared.lists[s]) for s in game), dtype=np.int64, count=n_game)
    listed = np.fromiter(
        (c for s in game for c in prepared.lists[s]), dtype=np.int64, count=int(lengths.sum())
    )
    ranked_tails = np.repeat(np.arange(2, 2 + n_game, dtype=np.int64), lengths)
    # Rank r of each entry: its index within the student's own list, plus one.
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    ranks = np.arange(len(listed), dtype=np.int64) - starts + 1
    arcs = _Arcs.empty()
    ranked = arcs.add(ranked_tails, listed + first_coach, 1, ranks)
    return arcs, ranked, len(listed)


def _solve_levels(
    prepared: Prepared, arcs: _Arcs, game: list[int], *, assume_short: bool
) -> np.ndarray:
    """Solve levels 1-3, and level 4 (waiting) when someone is left out and waits differ."""
    n_game = len(game)
    classes = _waiting_classes(prepared, game)
    waiting_differs = bool(classes.max(initial=0) > 0)
    flow = None
    if not (waiting_differs and assume_short):
        flow = _solve(prepared, arcs, n_game)
        from_students = (arcs.tails >= 2) & (arcs.tails < 2 + n_game)
        if not waiting_differs or int(flow[from_students].sum()) >= n_game:
            return flow
    # Someone is left out, and not everyone waited equally long. Among pairings
    # equally good on every level above, favour the strongest claims: scale all
    # costs past any possible sum of waiting classes, then charge each student
    # their class on entering. Within a class, the seeded order of the students
    # decides, as everywhere else.
    scale = 1 + n_game * int(classes.max())
    scaled = _Arcs(arcs.tails, arcs.heads, arcs.capacities, arcs.costs * scale)
    try:
        return _solve(prepared, scaled, n_game, entry_costs=classes)
    except CostRangeError:
        # Only for enormous runs: solve levels 1-3 exactly and let the seeded
        # order alone break ties.
        return flow if flow is not None else _solve(prepared, arcs, n_game)


def _decode_ranked(
    arcs: _Arcs,
    flow: np.ndarray,
    ranked: slice,
    game: list[int],
    first_coach: int,
    assign: list[int],
    rank: list[int],
) -> list[int]:
    """Record the students paired from their lists; return their positions."""
    paired = []
    for arc in np.flatnonzero(flow[ranked]).tolist():
        s = game[int(arcs.tails[arc]) - 2]
        assign[s] = int(arcs.heads[arc]) - first_coach
        rank[s] = int(arcs.costs[arc])
        paired.append(s)
    return paired


def _solve_exact(prepared: Prepared) -> tuple[list[int], list[int]]:
    """The exact model, with an arc (or a block hub) for every allowed outside-list pair.

    Only needed when the hub relaxation sends outside a set of students that the
    forbidden pairs make impossible to seat; far slower on large runs.
    """
    n = len(prepared.students)
    assign = [-1] * n
    rank = [-1] * n
    game = prepared.in_game
    n_game = len(game)
    first_coach = 2 + n_game
    first_hub = first_coach + len(prepared.coaches)
    arcs, ranked, listed = _ranked_arcs(prepared, game, first_coach)
    # Allow any permitted coach, at a cost above any total of ranks (see the
    # module docstring).
    direct, via_hub, hub_out = _add_outside_list_arcs(
        prepared, arcs, game, first_coach, first_hub, 1 + listed
    )
    flow = _solve_levels(prepared, arcs, game, assume_short=sum(prepared.seats) < n_game)
    if len(flow) != len(arcs):
        raise SolverError("internal error: the flow does not cover every arc")
    _decode_ranked(arcs, flow, ranked, game, first_coach, assign, rank)
    for arc in (np.flatnonzero(flow[direct]) + direct.start).tolist():
        s = game[int(arcs.tails[arc]) - 2]
        assign[s] = int(arcs.heads[arc]) - first_coach
        rank[s] = 0
    _decode_hubs(prepared, arcs, flow, game, via_hub, hub_out, first_coach, assign, rank)
    return assign, rank


def _waiting_classes(prepared: Prepared, game: list[int]) -> np.ndarray:
    """0 for students whose coach left, then 1, 2, ... by waiting date (longest first)."""
    if not game:
        return np.zeros(0, dtype=np.int64)
    students = prepared.students
    never = date.max.toordinal() + 1
    keys = np.fromiter(
        (
            (0 if students[s].coach_left else 1) * 2 * never
            + (w.toordinal() if (w := students[s].waiting_since) is not None else never)
            for s in game
        ),
        dtype=np.int64,
        count=len(game),
    )
    # Students are already in priority order, so equal keys are contiguous.
    changes = np.concatenate(([0], (keys[1:] != keys[:-1]).astype(np.int64)))
    return np.cumsum(changes)


def _add_outside_list_arcs(
    prepared: Prepared,
    arcs: _Arcs,
    game: list[int],
    first_coach: int,
    first_hub: int,
    cost: int,
) -> tuple[slice, slice, slice]:
    """Add arcs from students to allowed coaches not on their list (see module docstring)."""
    n_game = len(game)
    open_coaches = np.flatnonzero(np.asarray(prepared.seats) > 0)
    empty = slice(len(arcs), len(arcs))
    if len(open_coaches) == 0:
        return empty, empty, empty
    column = np.full(len(prepared.coaches), -1, dtype=np.int64)
    column[open_coaches] = np.arange(len(open_coaches))

    banned = np.zeros((n_game, len(open_coaches)), dtype=bool)
    on_list = np.zeros((n_game, len(open_coaches)), dtype=bool)
    game_of = np.full(len(prepared.students), -1, dtype=np.int64)
    game_of[game] = np.arange(n_game)
    students, coaches = prepared.forbidden.pairs()
    keep = (game_of[students] >= 0) & (column[coaches] >= 0)
    banned[game_of[students[keep]], column[coaches[keep]]] = True
    for g, s in enumerate(game):
        cols = column[prepared.lists[s]]
        on_list[g, cols[cols >= 0]] = True

    # Block size that balances hub arcs (open / size) against the coaches of
    # blocks holding a forbidden coach (forbidden per student * size).
    per_student = max(float(banned.sum()) / n_game, 1.0)
    size = max(1, round(math.sqrt(len(open_coaches) / per_student)))
    block_starts = np.arange(0, len(open_coaches), size)
    tainted = np.add.reduceat(banned, block_starts, axis=1) > 0
    block_of = np.arange(len(open_coaches)) // size

    # Allowed coaches of tainted blocks, one arc each (listed ones have their own arc).
    g_idx, col = np.nonzero(tainted[:, block_of] & ~banned & ~on_list)
    direct = arcs.add(g_idx + 2, open_coaches[col] + first_coach, 1, cost)
    g_idx, blk = np.nonzero(~tainted)
    via_hub = arcs.add(g_idx + 2, blk + first_hub, 1, cost)
    members = [open_coaches[start : start + size] for start in block_starts.tolist()]
    hub_tails = np.concatenate([np.full(len(m), first_hub + b) for b, m in enumerate(members)])
    hub_heads = np.concatenate(members) + first_coach
    hub_out = arcs.add(hub_tails, hub_heads, np.asarray(prepared.seats)[np.concatenate(members)], 0)
    return direct, via_hub, hub_out


def _decode_hubs(
    prepared: Prepared,
    arcs: _Arcs,
    flow: np.ndarray,
    game: list[int],
    via_hub: slice,
    hub_out: slice,
    first_coach: int,
    assign: list[int],
    rank: list[int],
) -> None:
    """Hand the students who entered each hub to the coaches the hub sent flow to.

    Every coach of a hub's block is allowed for every student who entered it, so
    any hand-out is a valid pairing with the same cost.
    """
    entering: dict[int, list[int]] = {}
    for arc in (np.flatnonzero(flow[via_hub]) + via_hub.start).tolist():
        entering.setdefault(int(arcs.heads[arc]), []).append(game[int(arcs.tails[arc]) - 2])
    for arc in (np.flatnonzero(flow[hub_out]) + hub_out.start).tolist():
        hub = int(arcs.tails[arc])
        c = int(arcs.heads[arc]) - first_coach
        for _ in range(int(flow[arc])):
            s = entering[hub].pop()
            assign[s] = c
            # An optimal flow never sends a student through a hub to a coach on
            # their list (the direct arc is cheaper); kept exact regardless.
            listed = prepared.lists[s]
            rank[s] = listed.index(c) + 1 if c in listed else 0


def _solve(
    prepared: Prepared,
    arcs: _Arcs,
    n_game: int,
    *,
    entry_costs: np.ndarray | None = None,
) -> np.ndarray:
    """Solve and return the flow on every arc in ``arcs``, in the order given.

    With ``entry_costs`` each student's source arc carries that cost.
    """
    smcf = min_cost_flow.SimpleMinCostFlow()
    first_coach = 2 + n_game
    # Student-side arcs go in first so their arc indices are 0..len-1.
    if len(arcs):
        smcf.add_arcs_with_capacity_and_unit_cost(
            arcs.tails, arcs.heads, arcs.capacities, arcs.costs
        )
    # Students enter in priority order and coaches in seeded order; the solver is
    # deterministic, so equally good pairings are chosen by the seed alone.
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n_game, SOURCE, dtype=np.int32),
        np.arange(2, 2 + n_game, dtype=np.int32),
        np.ones(n_game, dtype=np.int64),
        entry_costs if entry_costs is not None else np.zeros(n_game, dtype=np.int64),
    )
    seats = np.asarray(prepared.seats, dtype=np.int64)
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.arange(first_coach, first_coach + len(seats), dtype=np.int32),
        np.full(len(seats), SINK, dtype=np.int32),
        seats,
        np.zeros(len(seats), dtype=np.int64),
    )
    smcf.set_nodes_supplies(
        np.array([SOURCE, SINK], dtype=np.int32), np.array([n_game, -n_game], dtype=np.int64)
    )
    status = smcf.solve_max_flow_with_min_cost()
    if status == smcf.BAD_COST_RANGE:
        raise CostRangeError("min-cost flow costs are out of range")
    if status != smcf.OPTIMAL:
        raise SolverError(f"min-cost flow returned status {status}")
    if not len(arcs):
        return np.zeros(0, dtype=np.int64)
    return np.asarray(smcf.flows(np.arange(len(arcs), dtype=np.int32)))
