"""The fast paths of the engine give the exact model's answer, and fall back to it when they cannot.

Outside-list seats are decided with one hub for "any coach" and then handed
out avoiding forbidden coaches (``pairing/seating.py``); forbidden pairs are
indexed as sorted codes (``pairing/forbidden.py``). These tests compare both
with the slower exact constructions they replace.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from belong.coaching.pairing import (
    CoachSeat,
    ForbiddenPair,
    PairingProblem,
    StudentRequest,
    pair_optimal,
    pair_stable,
    seating,
    stable,
)
from belong.coaching.pairing import optimal as optimal_module
from belong.coaching.pairing.prepare import prepare


def _objective(problem: PairingProblem, assign: list[int], rank: list[int]) -> tuple[int, ...]:
    prepared = prepare(problem)
    paired = [s for s in prepared.in_game if assign[s] >= 0]
    outside = sum(1 for s in paired if rank[s] == 0)
    total = sum(rank[s] for s in paired if rank[s] > 0)
    waits = sorted({(not st.coach_left, st.waiting_since or date.max) for st in prepared.students})
    classes = {
        s: waits.index((not st.coach_left, st.waiting_since or date.max))
        for s, st in enumerate(prepared.students)
    }
    return (-len(paired), outside, total, sum(classes[s] for s in paired))


def _random_problem(seed: int, n_students: int, n_coaches: int, forbid: float) -> PairingProblem:
    rng = np.random.default_rng(seed)
    coaches = [CoachSeat(f"c{j}", f"Dr {j}", int(rng.integers(0, 4))) for j in range(n_coaches)]
    students = []
    for i in range(n_students):
        k = int(rng.integers(0, 3))
        ranking = rng.choice(n_coaches, size=k, replace=False)
        students.append(
            StudentRequest(
                f"s{i}",
                f"S {i}",
                tuple(f"c{j}" for j in ranking),
                waiting_since=date(2024, 1, 1) + timedelta(int(rng.integers(0, 3))),
            )
        )
    forbidden = {
        (f"s{i}", f"c{j}")
        for i in range(n_students)
        for j in range(n_coaches)
        if rng.random() < forbid
    }
    return PairingProblem(students, coaches, frozenset(forbidden), seed=seed)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("forbid", [0.05, 0.5, 0.8])
def test_hub_relaxation_reaches_the_exact_models_objective(seed: int, forbid: float):
    # Dense forbidden pairs make the hand-out fail often, so both paths are taken.
    problem = _random_problem(seed, n_students=30, n_coaches=12, forbid=forbid)
    prepared = prepare(problem)
    fast = optimal_module.solve_optimal(prepared)
    exact = optimal_module._solve_exact(prepare(problem))
    assert _objective(problem, *fast) == _objective(problem, *exact)
    for s, c in enumerate(fast[0]):
        if c >= 0:
            assert prepared.forbidden.reason(s, c) is None


def test_a_blocked_hand_out_falls_back_to_the_exact_model(monkeypatch):
    # Relaxed, Ann takes Kim (1st choice) and Ben goes "anywhere": only Lee is left,
    # who may not coach Ben. The exact answer pairs both, outside their lists.
    problem = PairingProblem(
        [StudentRequest("ann", "Ann", ("kim",)), StudentRequest("ben", "Ben")],
        [CoachSeat("kim", "Dr Kim", 1), CoachSeat("lee", "Dr Lee", 1)],
        forbidden={("ben", "lee")},
    )
    calls = []
    exact = optimal_module._solve_exact

    def spy(prepared):
        calls.append(1)
        return exact(prepared)

    monkeypatch.setattr(optimal_module, "_solve_exact", spy)
    result = pair_optimal(problem)
    assert calls == [1]
    assert result.pairs == {"ann": "lee", "ben": "kim"}
    assert result.outside_list == ("ann", "ben")


def test_stable_leftovers_fall_back_to_the_exact_flow(monkeypatch):
    # Cat waited longest; deferred acceptance gives Kim to Ann and leaves Ben and
    # Cat for the single free seat, Lee's, which Cat may not take.
    problem = PairingProblem(
        [
            StudentRequest("ann", "Ann", ("kim",), waiting_since=date(2024, 1, 1)),
            StudentRequest("ben", "Ben", ("kim",), waiting_since=date(2024, 3, 1)),
            StudentRequest("cat", "Cat", ("kim",), waiting_since=date(2024, 2, 1)),
        ],
        [CoachSeat("kim", "Dr Kim", 1), CoachSeat("lee", "Dr Lee", 1)],
        forbidden={("cat", "lee")},
    )
    result = pair_stable(problem)
    assert result.pairs == {"ann": "kim", "ben": "lee"}
    assert result.unmatched == ("cat",)

    # When the hand-out itself cannot seat the chosen students, the exact flow decides.
    monkeypatch.setattr(stable, "seat_outside", lambda *args: None)
    calls = []
    exact = stable._pair_leftovers_exactly

    def spy(*args):
        calls.append(1)
        return exact(*args)

    monkeypatch.setattr(stable, "_pair_leftovers_exactly", spy)
    assert pair_stable(problem).pairs == result.pairs
    assert calls == [1]


def _perfect_hand_out_exists(prepared, students: list[int], room: list[int]) -> bool:
    seats = [c for c, n in enumerate(room) for _ in range(n)]
    rows, cols = [], []
    for i, s in enumerate(students):
        banned = seating.banned_coaches(prepared, s)
        for j, c in enumerate(seats):
            if c not in banned:
                rows.append(i)
                cols.append(j)
    if not students:
        return True
    graph = csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(students), max(len(seats), 1))
    )
    return bool((maximum_bipartite_matching(graph, perm_type="column") >= 0).all())


def test_hand_out_succeeds_exactly_when_a_perfect_one_exists(monkeypatch):
    augmented: list[bool] = []
    original = seating._augment

    def spy(*args):
        found = original(*args)
        augmented.append(found)
        return found

    monkeypatch.setattr(seating, "_augment", spy)
    for seed in range(40):
        rng = np.random.default_rng(seed)
        problem = _random_problem(seed, n_students=14, n_coaches=6, forbid=0.45)
        prepared = prepare(problem)
        room = [int(r) for r in rng.integers(0, 4, size=len(prepared.coaches))]
        students = [s for s in prepared.in_game if rng.random() < 0.6][: sum(room)]
        seated = seating.seat_outside(prepared, students, room)
        assert (seated is not None) == _perfect_hand_out_exists(prepared, students, room)
        if seated is not None:
            assert sorted(seated) == sorted(students)
            for s, c in seated.items():
                assert c not in seating.banned_coaches(prepared, s)
            used = np.bincount(list(seated.values()), minlength=len(room))
            assert (used <= np.asarray(room)).all()
    # These instances reach both outcomes of the repair step, not only the greedy.
    assert True in augmented and False in augmented


def test_hand_out_repairs_a_greedy_dead_end_with_an_augmenting_path():
    # Ben may only have Kim. Seated by the hand-out, the more limited Ben goes
    # first; when Ann already holds Kim, an augmenting path moves her to Lee.
    problem = PairingProblem(
        [StudentRequest("ann", "Ann"), StudentRequest("ben", "Ben")],
        [CoachSeat("kim", "Dr Kim", 2), CoachSeat("lee", "Dr Lee", 1)],
        forbidden={("ben", "lee")},
        seed=3,
    )
    prepared = prepare(problem)
    kim = prepared.coach_pos["kim"]
    lee = prepared.coach_pos["lee"]
    ann, ben = (
        next(i for i, s in enumerate(prepared.students) if s.id == x) for x in ("ann", "ben")
    )
    room = [0, 0]
    room[kim], room[lee] = 1, 1
    seated = seating.seat_outside(prepared, [ann, ben], room)
    assert seated == {ann: lee, ben: kim}
    free = [1, 1]
    seat = {ann: kim}
    holders = {kim: [ann], lee: []}
    free[kim] = 0
    banned = {s: seating.banned_coaches(prepared, s) for s in (ann, ben)}
    assert seating._augment(ben, [kim, lee], banned, free, seat, holders)
    assert seat == {ann: lee, ben: kim}
    assert holders == {kim: [ben], lee: [ann]}
    assert free[lee] == 0


def test_forbidden_index_reasons_and_outsiders():
    problem = PairingProblem(
        [StudentRequest("ann", "Ann", ("kim", "lee", "park"))],
        [CoachSeat("kim", "Dr Kim", 1), CoachSeat("lee", "Dr Lee", 1), CoachSeat("park", "P", 1)],
        forbidden={
            ("ann", "kim"),
            ForbiddenPair("ann", "kim", "grader"),
            ForbiddenPair("ann", "lee", "clerkship director"),
            ("ann", "lee", "grader"),
            ForbiddenPair("ann", "park"),
            ("zed", "kim", "grader"),
            ("ann", "nobody"),
            (17, "kim"),
        },
    )
    prepared = prepare(problem)
    reasons = {prepared.coaches[c].id: prepared.forbidden.reason(0, c) for c in range(3)}
    assert reasons == {
        "kim": "assesses this student; grader",
        "lee": "clerkship director; grader",
        "park": "assesses this student",
    }
    assert len(prepared.forbidden) == 3
    assert prepared.lists[0] == []
    assert [d.coach_id for d in prepared.dropped[0]] == ["kim", "lee", "park"]


def test_forbidden_pairs_about_people_outside_the_run_are_left_out_of_the_index():
    students = [StudentRequest(f"s{i}", f"S {i}") for i in range(3)]
    coaches = [CoachSeat(f"c{j}", f"C {j}", 1) for j in range(3)]
    outsiders = {(f"x{i}", f"c{i % 3}") for i in range(200_000)}
    problem = PairingProblem(students, coaches, forbidden=outsiders | {("s1", "c2")})
    prepared = prepare(problem)
    s1 = next(i for i, s in enumerate(prepared.students) if s.id == "s1")
    assert len(prepared.forbidden) == 1
    assert prepared.forbidden.coaches_of(s1).tolist() == [prepared.coach_pos["c2"]]
