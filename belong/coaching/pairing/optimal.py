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

Outside-list arcs are only added when lists alone cannot pair everyone who
could be paired. There could be one per student per coach, so they go through
"block" hub nodes: coaches are cut into blocks, and a student reaches a whole
block through one arc when no coach in it is forbidden to them, or each allowed
coach of the block directly otherwise. That keeps the model exact (a student
never reaches a forbidden coach) with far fewer arcs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .prepare import Prepared

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
    """
    n = len(prepared.students)
    assign = [-1] * n
    rank = [-1] * n
    game = prepared.in_game
    if not game:
        return assign, rank
    n_game = len(game)
    n_coaches = len(prepared.coaches)
    first_coach = 2 + n_game
    first_hub = first_coach + n_coaches

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
    flow = _solve(prepared, arcs, n_game)

    direct = slice(0, 0)
    via_hub = slice(0, 0)
    hub_out = slice(0, 0)
    seats_total = sum(prepared.seats)
    classes = _waiting_classes(prepared, game)
    waiting_differs = bool(classes.max(initial=0) > 0)
    if int(flow[ranked].sum()) < min(n_game, seats_total) and prepared.problem.pair_outside_lists:
        # Lists alone leave seats and students apart: allow any permitted coach,
        # at a cost above any total of ranks (see the module docstring).
        outside_cost = 1 + len(listed)
        direct, via_hub, hub_out = _add_outside_list_arcs(
            prepared, arcs, game, first_coach, first_hub, outside_cost
        )
        if not (seats_total < n_game and waiting_differs):
            # Otherwise the waiting tie-break below re-solves this graph anyway.
            flow = _solve(prepared, arcs, n_game)

    if waiting_differs and (
        seats_total < n_game
        or int(flow[ranked].sum() + flow[direct].sum() + flow[via_hub].sum()) < n_game
    ):
        # Someone is left out, and not everyone waited equally long. Among
        # pairings equally good on every level above, favour the strongest
        # claims: scale all costs past any possible sum of waiting classes, then
        # charge each student their class on entering. Within a class, the
        # seeded order of the students decides, as everywhere else.
        scale = 1 + n_game * int(classes.max())
        scaled = _Arcs(arcs.tails, arcs.heads, arcs.capacities, arcs.costs * scale)
        try:
            flow = _solve(prepared, scaled, n_game, entry_costs=classes)
        except CostRangeError:
            # Only for enormous runs: solve levels 1-3 exactly and let the
            # seeded order alone break ties.
            flow = _solve(prepared, arcs, n_game)
    if len(flow) != len(arcs):
        raise SolverError("internal error: the flow does not cover every arc")

    for arc in np.flatnonzero(flow[ranked]).tolist():
        s = game[int(arcs.tails[arc]) - 2]
        assign[s] = int(arcs.heads[arc]) - first_coach
        rank[s] = int(arcs.costs[arc])
    for arc in (np.flatnonzero(flow[direct]) + direct.start).tolist():
        s = game[int(arcs.tails[arc]) - 2]
        assign[s] = int(arcs.heads[arc]) - first_coach
        rank[s] = 0
    _decode_hubs(prepared, arcs, flow, game, via_hub, hub_out, first_coach, assign, rank)
    return assign, rank


def _waiting_classes(prepared: Prepared, game: list[int]) -> np.ndarray:
    """0 for students whose coach left, then 1, 2, ... by waiting date (longest first)."""
    keys = [(prepared.students[s].coach_left, prepared.students[s].waiting_since) for s in game]
    # Students are already in priority order, so equal keys are contiguous.
    classes = np.zeros(len(game), dtype=np.int64)
    for g in range(1, len(game)):
        classes[g] = classes[g - 1] + (keys[g] != keys[g - 1])
    return classes


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
    for g, s in enumerate(game):
        for c in prepared.forbidden_by_student.get(s, ()):
            if column[c] >= 0:
                banned[g, column[c]] = True
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
