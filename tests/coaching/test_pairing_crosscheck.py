"""Random instances checked against brute force, scipy and the `matching` library.

* optimal mode: same objective as exhaustive search (tiny instances) and as
  ``scipy.optimize.linear_sum_assignment`` on the expanded seat matrix;
* stable mode: identical to the `matching` library's resident-optimal
  hospital-resident solution (given the engine's priority order as every
  coach's preference), identical to serial dictatorship, and 0 blocking pairs;
* both: capacities, forbidden pairs, keeps, determinism by seed, order invariance.
"""

from __future__ import annotations

import itertools
import re
import warnings
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from belong.coaching.pairing import (
    CoachSeat,
    PairingProblem,
    PairingResult,
    StudentRequest,
    compare,
    find_blocking_pairs,
    ordinal,
    pair_optimal,
    pair_stable,
    priority_order,
)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(
    draw: st.DrawFn,
    max_students: int = 7,
    max_coaches: int = 4,
    keeps: bool = True,
    outside: bool | None = None,
) -> PairingProblem:
    n_coaches = draw(st.integers(1, max_coaches))
    coach_ids = [f"c{j}" for j in range(n_coaches)]
    coaches = [CoachSeat(cid, f"Dr {cid.upper()}", draw(st.integers(0, 3))) for cid in coach_ids]
    n_students = draw(st.integers(0, max_students))
    students = []
    for i in range(n_students):
        order = draw(st.permutations(coach_ids))
        ranking = tuple(order[: draw(st.integers(0, n_coaches))])
        waited = draw(st.one_of(st.none(), st.integers(0, 3)))
        coach_left = draw(st.booleans()) if draw(st.integers(0, 4)) == 0 else False
        keep = None
        if keeps and not coach_left and draw(st.integers(0, 3)) == 0:
            keep = draw(st.sampled_from(coach_ids))
        students.append(
            StudentRequest(
                f"s{i}",
                f"Student {i}",
                ranking,
                waiting_since=None if waited is None else date(2024, 1, 1) + timedelta(waited),
                coach_left=coach_left,
                keep_coach=keep,
            )
        )
    pairs = [(s.id, c) for s in students for c in coach_ids]
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 3)) if pairs else set()
    seed = draw(st.integers(0, 2**32))
    pair_outside = draw(st.booleans()) if outside is None else outside
    return PairingProblem(
        students,
        coaches,
        forbidden=frozenset(forbidden),
        seed=seed,
        pair_outside_lists=pair_outside,
    )


def clean_lists(problem: PairingProblem) -> dict[str, list[str]]:
    return {
        s.id: [c for c in s.ranking if (s.id, c) not in problem.forbidden] for s in problem.students
    }


def objective(problem: PairingProblem, pairs: dict[str, str]) -> tuple[int, int, int]:
    """(-paired, outside list, total rank): smaller is better, compared as a tuple."""
    lists = clean_lists(problem)
    outside = total = 0
    for sid, cid in pairs.items():
        if cid in lists[sid]:
            total += lists[sid].index(cid) + 1
        else:
            outside += 1
    return (-len(pairs), outside, total)


def waiting_class(problem: PairingProblem) -> dict[str, int]:
    """0 for students whose coach left, then 1, 2, ... by waiting date, longest first."""

    def key(s: StudentRequest) -> tuple[bool, int]:
        return (not s.coach_left, s.waiting_since.toordinal() if s.waiting_since else 10**9)

    distinct = sorted({key(s) for s in problem.students})
    return {s.id: distinct.index(key(s)) for s in problem.students}


def full_objective(problem: PairingProblem, pairs: dict[str, str]) -> tuple[int, int, int, int]:
    """:func:`objective`, then (level 4) the sum of waiting classes of those paired."""
    classes = waiting_class(problem)
    return (*objective(problem, pairs), sum(classes[s] for s in pairs))


def brute_force_best(problem: PairingProblem) -> tuple[int, int, int, int]:
    """Exhaustive search over every assignment (no keep requests in these instances)."""
    lists = clean_lists(problem)
    options = []
    for s in problem.students:
        if problem.pair_outside_lists:
            allowed = [c.id for c in problem.coaches if (s.id, c.id) not in problem.forbidden]
        else:
            allowed = lists[s.id]
        options.append([None, *allowed])
    capacity = {c.id: c.capacity for c in problem.coaches}
    best = (1, 0, 0, 0)
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        for c in choice:
            if c is not None:
                used[c] = used.get(c, 0) + 1
        if any(n > capacity[c] for c, n in used.items()):
            continue
        pairs = {s.id: c for s, c in zip(problem.students, choice, strict=True) if c}
        best = min(best, full_objective(problem, pairs))
    return best


def check_invariants(problem: PairingProblem, result: PairingResult) -> None:
    capacity = {c.id: c.capacity for c in problem.coaches}
    load: dict[str, int] = {}
    for sid, cid in result.pairs.items():
        assert (sid, cid) not in problem.forbidden, "a forbidden pair was made"
        load[cid] = load.get(cid, 0) + 1
    assert all(load[c] <= capacity[c] for c in load), "a coach is over capacity"
    everyone = {s.id for s in problem.students}
    assert set(result.pairs) | set(result.unmatched) == everyone
    assert not set(result.pairs) & set(result.unmatched)
    assert set(result.explanations) == everyone
    lists = clean_lists(problem)
    for sid, rank in result.ranks.items():
        assert lists[sid][rank - 1] == result.pairs[sid]
    for sid in result.outside_list:
        assert result.pairs[sid] not in lists[sid]
    if not problem.pair_outside_lists:
        assert result.outside_list == ()
    assert result.blocking_pairs == tuple(find_blocking_pairs(problem, result.pairs))
    counted = dict(result.rank_distribution)
    assert sum(n for label, n in counted.items() if label.endswith("choice")) == len(result.ranks)
    assert counted["outside list"] == len(result.outside_list)


@SETTINGS
@given(problems(max_students=6, max_coaches=3, keeps=False))
def test_optimal_matches_brute_force(problem: PairingProblem):
    result = pair_optimal(problem)
    check_invariants(problem, result)
    assert full_objective(problem, result.pairs) == brute_force_best(problem)


def lsa_objective(problem: PairingProblem) -> int:
    """Optimal cost by scipy's Hungarian solver on the expanded seat matrix (levels 1-3)."""
    lists = clean_lists(problem)
    seats = [c for c in problem.coaches for _ in range(c.capacity)]
    n = len(problem.students)
    outside_cost = 1 + sum(len(v) for v in lists.values())
    unpaired_cost = (n + 1) * outside_cost
    impossible = (n + 1) * unpaired_cost
    # Columns: every seat, then one "unpaired" column per student.
    cost = np.full((n, len(seats) + n), impossible, dtype=np.int64)
    for i, s in enumerate(problem.students):
        for j, coach in enumerate(seats):
            if coach.id in lists[s.id]:
                cost[i, j] = lists[s.id].index(coach.id) + 1
            elif problem.pair_outside_lists and (s.id, coach.id) not in problem.forbidden:
                cost[i, j] = outside_cost
        cost[i, len(seats) + i] = unpaired_cost
    rows, cols = linear_sum_assignment(cost)
    assert cost[rows, cols].max() < impossible
    return int(cost[rows, cols].sum())


def engine_cost(problem: PairingProblem, pairs: dict[str, str]) -> int:
    """The same cost as :func:`lsa_objective`, for the engine's pairing."""
    lists = clean_lists(problem)
    n = len(problem.students)
    outside_cost = 1 + sum(len(v) for v in lists.values())
    unpaired_cost = (n + 1) * outside_cost
    paired, outside, total = objective(problem, pairs)
    return total + outside * outside_cost + (n + paired) * unpaired_cost


def random_problem(seed: int, n_students: int, n_coaches: int, forbid: float) -> PairingProblem:
    """Medium instances with short, popularity-skewed lists, so outside-list arcs are needed."""
    rng = np.random.default_rng(seed)
    weights = rng.lognormal(0, 1.2, n_coaches)
    weights /= weights.sum()
    coaches = [CoachSeat(f"c{j}", f"Dr {j}", int(rng.integers(0, 4))) for j in range(n_coaches)]
    students = []
    for i in range(n_students):
        k = int(rng.integers(0, 4))
        ranking = rng.choice(n_coaches, size=k, replace=False, p=weights)
        waited = int(rng.integers(0, 3))
        students.append(
            StudentRequest(
                f"s{i}",
                f"S {i}",
                tuple(f"c{j}" for j in ranking),
                waiting_since=date(2024, 1, 1) + timedelta(waited),
            )
        )
    forbidden = {
        (f"s{i}", f"c{j}")
        for i in range(n_students)
        for j in range(n_coaches)
        if rng.random() < forbid
    }
    return PairingProblem(students, coaches, frozenset(forbidden), seed=seed)


@SETTINGS
@given(problems(max_students=9, max_coaches=5, keeps=False))
def test_optimal_matches_linear_sum_assignment(problem: PairingProblem):
    result = pair_optimal(problem)
    check_invariants(problem, result)
    if problem.students:
        assert engine_cost(problem, result.pairs) == lsa_objective(problem)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("forbid", [0.0, 0.03, 0.3])
@pytest.mark.parametrize("n_students", [50, 90])
def test_optimal_outside_list_blocks_are_exact_on_medium_instances(
    seed: int, forbid: float, n_students: int
):
    # About 60 seats: 50 students fit, 90 do not (then the waiting tie-break runs too).
    problem = random_problem(seed, n_students=n_students, n_coaches=40, forbid=forbid)
    result = pair_optimal(problem)
    check_invariants(problem, result)
    assert engine_cost(problem, result.pairs) == lsa_objective(problem)


def matching_library_pairs(problem: PairingProblem) -> dict[str, str]:
    from matching.games import HospitalResident

    lists = {sid: prefs for sid, prefs in clean_lists(problem).items() if prefs}
    capacity = {c.id: c.capacity for c in problem.coaches if c.capacity > 0}
    lists = {sid: [c for c in prefs if c in capacity] for sid, prefs in lists.items()}
    lists = {sid: prefs for sid, prefs in lists.items() if prefs}
    applicants: dict[str, list[str]] = {cid: [] for cid in capacity}
    for sid in priority_order(problem):
        for cid in lists.get(sid, ()):
            applicants[cid].append(sid)
    applicants = {cid: a for cid, a in applicants.items() if a}
    if not lists:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the library's own input notices
        game = HospitalResident.create_from_dictionaries(
            lists, applicants, {c: capacity[c] for c in applicants}
        )
        matching = game.solve(optimal="resident")
    return {r.name: h.name for h, residents in matching.items() for r in residents}


@SETTINGS
@given(problems(max_students=10, max_coaches=5, keeps=False, outside=False))
def test_stable_equals_matching_library(problem: PairingProblem):
    result = pair_stable(problem)
    check_invariants(problem, result)
    assert result.blocking_pairs == ()
    # Student-optimal stable matchings are unique, so the pairings are identical,
    # and by the rural hospitals theorem so is the unpaired set.
    assert result.pairs == matching_library_pairs(problem)


@SETTINGS
@given(problems(max_students=10, max_coaches=5, keeps=False, outside=True))
def test_stable_with_outside_lists_keeps_library_unpaired_set(problem: PairingProblem):
    result = pair_stable(problem)
    check_invariants(problem, result)
    assert result.blocking_pairs == ()
    library = matching_library_pairs(problem)
    from_lists = {s: c for s, c in result.pairs.items() if s not in result.outside_list}
    assert from_lists == library
    assert set(result.unmatched) <= {s.id for s in problem.students} - set(library)


@SETTINGS
@given(problems())
def test_stable_equals_serial_dictatorship(problem: PairingProblem):
    """With one priority for all coaches, deferred acceptance = serial dictatorship."""
    result = pair_stable(problem)
    check_invariants(problem, result)
    assert result.blocking_pairs == ()
    seats = {c.id: c.capacity for c in problem.coaches}
    for sid in result.kept:
        seats[result.pairs[sid]] -= 1
    lists = clean_lists(problem)
    expected = {}
    for sid in priority_order(problem):
        if sid in result.kept:
            continue
        for cid in lists[sid]:
            if seats[cid] > 0:
                seats[cid] -= 1
                expected[sid] = cid
                break
    from_lists = {
        s: c
        for s, c in result.pairs.items()
        if s not in result.kept and s not in result.outside_list
    }
    assert from_lists == expected


@SETTINGS
@given(problems(), st.randoms(use_true_random=False))
def test_input_order_is_no_hidden_priority(problem: PairingProblem, rnd):
    students = list(problem.students)
    coaches = list(problem.coaches)
    forbidden = list(problem.forbidden)
    rnd.shuffle(students)
    rnd.shuffle(coaches)
    rnd.shuffle(forbidden)
    shuffled = PairingProblem(
        students, coaches, frozenset(forbidden), problem.seed, problem.pair_outside_lists
    )
    assert compare(shuffled) == compare(problem)


@SETTINGS
@given(problems())
def test_same_seed_same_result_and_invariants(problem: PairingProblem):
    optimal, stable = compare(problem)
    check_invariants(problem, optimal)
    check_invariants(problem, stable)
    assert (optimal, stable) == compare(problem)
    assert stable.blocking_pairs == ()
    # Keep requests are honoured first and identically in both modes.
    assert optimal.kept == stable.kept
    for sid in optimal.kept:
        s = next(s for s in problem.students if s.id == sid)
        assert optimal.pairs[sid] == stable.pairs[sid] == s.keep_coach


@SETTINGS
@given(problems(keeps=False))
def test_optimal_never_worse_than_stable(problem: PairingProblem):
    optimal, stable = compare(problem)
    assert objective(problem, optimal.pairs) <= objective(problem, stable.pairs)


ORDINAL = re.compile(r"their (\d+)(?:st|nd|rd|th) choice")


@SETTINGS
@given(problems())
def test_explanations_mention_the_right_rank_and_higher_choices(problem: PairingProblem):
    coach_name = {c.id: c.name for c in problem.coaches}
    lists = clean_lists(problem)
    for result in compare(problem):
        for sid, text in result.explanations.items():
            if sid in result.ranks:
                rank = result.ranks[sid]
                assert text.startswith(
                    f"Paired with {coach_name[result.pairs[sid]]}, their {ordinal(rank)} choice."
                ) or text.startswith("They asked to keep")
                assert int(ORDINAL.search(text).group(1)) == rank
                for j, cid in enumerate(lists[sid][: rank - 1], start=1):
                    assert coach_name[cid] in text
                    assert rank == 2 or f"({ordinal(j)})" in text
            elif sid in result.kept:
                assert f"Kept their coach {coach_name[result.pairs[sid]]}" in text
            elif sid in result.outside_list:
                assert "who was not on their list" in text
            else:
                assert "Not paired." in text


def test_ordinal_words():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
    ]
