"""Hand-checked pairings in both modes: ranks, blocking pairs, keeps, coach-left, explanations."""

from __future__ import annotations

from datetime import date

import pytest

from belong.coaching.pairing import (
    CoachSeat,
    ForbiddenPair,
    PairingProblem,
    StudentRequest,
    compare,
    find_blocking_pairs,
    pair_optimal,
    pair_stable,
    priority_order,
)

KIM = CoachSeat("kim", "Dr Kim", 1)
LEE = CoachSeat("lee", "Dr Lee", 1)
PARK = CoachSeat("park", "Dr Park", 1)


def student(sid: str, *ranking: str, **kw: object) -> StudentRequest:
    return StudentRequest(sid, sid.title(), tuple(ranking), **kw)  # type: ignore[arg-type]


def trade_off_problem(**kw: object) -> PairingProblem:
    """Ann waited longest, then Ben, then Cat (Cat is new).

    Stable: Ann takes Lee, Ben takes Kim from Cat, Cat's list is exhausted.
    Optimal: Ben goes to Park so that Cat can have Kim: everyone from their
    list, total rank 4, but Ben and Kim would both rather be together.
    """
    students = [
        student("cat", "kim", "lee"),
        student("ben", "kim", "park", waiting_since=date(2024, 3, 1)),
        student("ann", "lee", "kim", waiting_since=date(2024, 1, 1)),
    ]
    return PairingProblem(students, [KIM, LEE, PARK], seed=7, **kw)  # type: ignore[arg-type]


def test_priority_order_waiting_then_new():
    assert priority_order(trade_off_problem()) == ("ann", "ben", "cat")


def test_stable_trade_off_example():
    result = pair_stable(trade_off_problem())
    assert result.pairs == {"ann": "lee", "ben": "kim", "cat": "park"}
    assert result.ranks == {"ann": 1, "ben": 1}
    assert result.outside_list == ("cat",)
    assert result.unmatched == ()
    assert result.blocking_pairs == ()
    assert result.rank_distribution == (("1st choice", 2), ("outside list", 1))
    assert result.mean_rank == 1.0


def test_stable_without_outside_lists_leaves_student_unpaired():
    result = pair_stable(trade_off_problem(pair_outside_lists=False))
    assert result.pairs == {"ann": "lee", "ben": "kim"}
    assert result.unmatched == ("cat",)
    assert "Not paired." in result.explanations["cat"]
    assert "turned off" in result.explanations["cat"]
    # Park's seat is still free: student affairs is told how many, why and what to do.
    assert result.warnings == (
        "Pairing outside lists is off: 1 student is left without a coach although 1 seat is "
        "still free, because every coach on their list was full or may not coach them. To pair "
        "them, turn on “Pair students outside their list” in the pairing settings and run "
        "again, or move them one by one to a coach with a free seat before publishing.",
    )


def test_unpaired_warning_counts_students_with_no_usable_choice():
    problem = PairingProblem(
        [student("ann", "kim"), student("ben", "kim"), student("cat"), student("dan", "lee")],
        [KIM, LEE, CoachSeat("park", "Dr Park", 3)],
        forbidden={("dan", "lee")},
        pair_outside_lists=False,
    )
    for result in compare(problem):
        assert len(result.unmatched) == 3
        (warning,) = [w for w in result.warnings if w.startswith("Pairing outside lists is off")]
        assert "3 students are left without a coach although 4 seats are still free" in warning
        assert "(2 had no coach they could be paired with on their list at all)" in warning
    # With outside lists on, nobody is left out and there is nothing to warn about.
    on = PairingProblem(problem.students, problem.coaches, problem.forbidden)
    assert not [w for w in pair_optimal(on).warnings if "outside lists is off" in w]


def test_no_unpaired_warning_when_every_seat_is_taken():
    problem = PairingProblem(
        [student("ann", "kim"), student("ben", "kim")], [KIM], pair_outside_lists=False
    )
    result = pair_stable(problem)
    assert result.unmatched == ("ben",) or result.unmatched == ("ann",)
    assert not [w for w in result.warnings if "outside lists is off" in w]


def test_optimal_trade_off_example():
    result = pair_optimal(trade_off_problem())
    assert result.pairs == {"ann": "lee", "ben": "park", "cat": "kim"}
    assert result.ranks == {"ann": 1, "ben": 2, "cat": 1}
    assert result.outside_list == ()
    assert result.mean_rank == pytest.approx(4 / 3)
    # Ben outranks Cat and would rather have Kim: the price of the better total.
    assert result.blocking_pairs == (("ben", "kim"),)
    assert result.blocking_pair_count == 1


def test_compare_returns_both_modes_on_same_problem():
    optimal, stable = compare(trade_off_problem())
    assert (optimal.mode, stable.mode) == ("optimal", "stable")
    assert optimal == pair_optimal(trade_off_problem())
    assert stable == pair_stable(trade_off_problem())


def test_find_blocking_pairs_on_hand_pairing():
    problem = trade_off_problem()
    assert find_blocking_pairs(problem, {"ann": "lee", "ben": "park", "cat": "kim"}) == [
        ("ben", "kim")
    ]
    # Unpaired Ann would take Lee (free) or Kim (held by lower-priority Cat).
    assert find_blocking_pairs(problem, {"ben": "park", "cat": "kim"}) == [
        ("ann", "kim"),
        ("ann", "lee"),
        ("ben", "kim"),
    ]


def test_explanations_stable_name_rank_and_reason():
    result = pair_stable(trade_off_problem())
    assert result.explanations["ann"] == "Paired with Dr Lee, their 1st choice."
    cat = result.explanations["cat"]
    assert cat.startswith("Paired with Dr Park, who was not on their list.")
    assert "Dr Kim (1st) and Dr Lee (2nd) were full with students who had waited longer" in cat


def test_explanations_optimal_say_why_seat_went_elsewhere():
    result = pair_optimal(trade_off_problem())
    assert result.explanations["ben"] == (
        "Paired with Dr Park, their 2nd choice. Their 1st choice, Dr Kim, was full: "
        "Dr Kim's seats went to students for whom the alternative was worse, to keep the "
        "overall result best."
    )


def test_classic_rejection_chain_with_capacity():
    # Kim has two seats. Priority: a, b, c, d (waiting dates). Everyone wants Kim
    # first; c and d are bumped down their lists one proposal at a time.
    kim2 = CoachSeat("kim", "Dr Kim", 2)
    students = [
        student("d", "kim", "lee", "park", waiting_since=date(2024, 4, 1)),
        student("c", "kim", "lee", waiting_since=date(2024, 3, 1)),
        student("b", "kim", "park", waiting_since=date(2024, 2, 1)),
        student("a", "kim", waiting_since=date(2024, 1, 1)),
    ]
    result = pair_stable(PairingProblem(students, [kim2, LEE, PARK], seed=1))
    assert result.pairs == {"a": "kim", "b": "kim", "c": "lee", "d": "park"}
    assert result.ranks == {"a": 1, "b": 1, "c": 2, "d": 3}
    assert "their 3rd choice" in result.explanations["d"]
    assert (
        "Dr Kim (1st) and Dr Lee (2nd) were full with students who had waited longer"
        in (result.explanations["d"])
    )


def test_coach_left_goes_first_whatever_the_waiting_date():
    students = [
        student("old", "kim", "lee", waiting_since=date(2020, 1, 1)),
        student("orphan", "kim", waiting_since=date(2025, 1, 1), coach_left=True),
    ]
    result = pair_stable(PairingProblem(students, [KIM, LEE], seed=3))
    assert result.pairs == {"orphan": "kim", "old": "lee"}
    assert "whose own coach had left" in result.explanations["old"]
    assert priority_order(PairingProblem(students, [KIM, LEE], seed=3))[0] == "orphan"


def test_lottery_decides_equal_waiting_and_says_so():
    students = [student("x", "kim", "lee"), student("y", "kim", "lee")]
    winners = set()
    for seed in range(20):
        result = pair_stable(PairingProblem(students, [KIM, LEE], seed=seed))
        (winner,) = [s for s, c in result.pairs.items() if c == "kim"]
        loser = "y" if winner == "x" else "x"
        assert "drew an earlier lottery number" in result.explanations[loser]
        assert priority_order(PairingProblem(students, [KIM, LEE], seed=seed))[0] == winner
        winners.add(winner)
    assert winners == {"x", "y"}, "the seed, not the input, must decide ties"


def test_forbidden_listed_coach_dropped_and_reported():
    students = [student("ann", "kim", "lee")]
    problem = PairingProblem(
        students, [KIM, LEE], forbidden={ForbiddenPair("ann", "kim", "clerkship director")}
    )
    for result in compare(problem):
        assert result.pairs == {"ann": "lee"}
        assert result.ranks == {"ann": 1}, "ranks count the list after the forbidden coach goes"
        (dropped,) = result.dropped_choices
        assert (dropped.student_id, dropped.coach_id, dropped.reason) == (
            "ann",
            "kim",
            "clerkship director",
        )
        assert any(
            "Ann (ann) listed Dr Kim (kim)" in w and "clerkship director" in w
            for w in result.warnings
        )
        assert "Dr Kim was taken off their list" in result.explanations["ann"]


def test_forbidden_pair_never_used_even_outside_lists():
    students = [student("ann"), student("ben")]
    problem = PairingProblem(students, [KIM, LEE], forbidden={("ann", "kim"), ("ben", "lee")})
    for result in compare(problem):
        assert result.pairs == {"ann": "lee", "ben": "kim"}
        assert set(result.outside_list) == {"ann", "ben"}


def test_unknown_people_in_forbidden_are_ignored():
    problem = PairingProblem(
        [student("ann", "kim")], [KIM], forbidden={("someone-else", "kim"), ("ann", "grader-9")}
    )
    assert pair_optimal(problem).pairs == {"ann": "kim"}


def test_keep_coach_within_cap_in_waiting_order():
    kim2 = CoachSeat("kim", "Dr Kim", 2)
    students = [
        student("new", "kim", "lee"),
        student("k3", "lee", keep_coach="kim", waiting_since=date(2024, 3, 1)),
        student("k1", keep_coach="kim", waiting_since=date(2024, 1, 1)),
        student("k2", keep_coach="kim", waiting_since=date(2024, 2, 1)),
    ]
    problem = PairingProblem(students, [kim2, LEE], seed=5)
    for result in compare(problem):
        assert result.kept == ("k1", "k2")
        assert result.pairs["k1"] == result.pairs["k2"] == "kim"
        assert "k1" not in result.ranks
        # Kim is full with kept students, so k3 and "new" share Lee's one seat.
        assert result.pairs.get("k3") != "kim" and result.pairs.get("new") != "kim"
        (refusal,) = result.keep_refusals
        assert (refusal.student_id, refusal.coach_id) == ("k3", "kim")
        assert "2 seats this run and 3 students asked to keep them" in refusal.reason
        assert result.explanations["k1"] == "Kept their coach Dr Kim, as they asked."
        assert result.explanations["k3"].startswith("They asked to keep Dr Kim, but Dr Kim has")
        assert ("kept their coach", 2) in result.rank_distribution
        assert "every seat taken by students keeping them" in result.explanations["new"]


def test_keep_coach_refused_when_coach_now_assesses_student():
    students = [student("ann", "lee", keep_coach="kim")]
    problem = PairingProblem(students, [KIM, LEE], forbidden={("ann", "kim", "grader")})
    result = pair_stable(problem)
    assert result.kept == ()
    assert result.pairs == {"ann": "lee"}
    assert result.keep_refusals[0].reason == "Dr Kim may not coach them now (grader)"


def test_seats_short_warning_and_unpaired_explanation():
    coaches = [CoachSeat(f"c{i}", f"Dr {i}", 4) for i in range(12)]
    students = [student(f"s{i:02d}", "c0") for i in range(60)]
    for result in compare(PairingProblem(students, coaches, seed=2)):
        assert "48 seats for 60 students: 12 will be unpaired." in result.warnings
        assert len(result.unmatched) == 12
        assert len(result.pairs) == 48
        for sid in result.unmatched:
            assert (
                "There were 48 seats for 60 students in this run, so 12 could not be paired."
                in (result.explanations[sid])
            )


def test_optimal_pairs_everyone_when_seats_suffice_even_outside_lists():
    # Everyone wants Kim; lists alone would pair one student. Seats elsewhere exist.
    students = [student("a", "kim"), student("b", "kim"), student("c", "kim")]
    result = pair_optimal(PairingProblem(students, [KIM, LEE, PARK], seed=11))
    assert result.unmatched == ()
    assert len(result.outside_list) == 2
    assert result.rank_distribution == (("1st choice", 1), ("outside list", 2))
    for sid in result.outside_list:
        assert "who was not on their list" in result.explanations[sid]
        assert "Their only choice, Dr Kim, was full" in result.explanations[sid]


def test_empty_problem():
    for result in compare(PairingProblem((), (), seed=0)):
        assert result.pairs == {}
        assert result.mean_rank is None
        assert result.rank_distribution == (("outside list", 0),)


def test_zero_capacity_coach_explained():
    students = [student("ann", "kim", "lee")]
    result = pair_stable(PairingProblem(students, [CoachSeat("kim", "Dr Kim", 0), LEE]))
    assert result.pairs == {"ann": "lee"}
    assert "Dr Kim, had no seats this run" in result.explanations["ann"]


def test_as_dict_is_plain_json():
    import json

    result = pair_optimal(trade_off_problem())
    data = json.loads(json.dumps(result.as_dict()))
    assert data["pairs"] == result.pairs
    assert data["blocking_pairs"] == [["ben", "kim"]]
    assert data["engine_version"] == result.engine_version


def test_optimal_short_of_seats_pairs_strongest_claims_among_equal_choices():
    students = [
        student("new", "kim"),
        student("waited", "kim", waiting_since=date(2023, 9, 1)),
        student("orphan", "kim", waiting_since=date(2025, 1, 1), coach_left=True),
    ]
    kim2 = CoachSeat("kim", "Dr Kim", 2)
    for seed in range(5):
        result = pair_optimal(PairingProblem(students, [kim2], seed=seed))
        assert result.pairs == {"orphan": "kim", "waited": "kim"}
        assert result.unmatched == ("new",)
        assert "those who had waited longest were paired first" in result.explanations["new"]


def test_waiting_tie_break_out_of_solver_range_falls_back_to_exact_levels(monkeypatch):
    import belong.coaching.pairing.optimal as optimal

    real_solve = optimal._solve

    def solve_refusing_big_costs(prepared, arcs, n_game, *, entry_costs=None):
        if entry_costs is not None:
            raise optimal.CostRangeError("pretend the scaled costs are too large")
        return real_solve(prepared, arcs, n_game)

    monkeypatch.setattr(optimal, "_solve", solve_refusing_big_costs)
    # Three seats, four students, lists that cannot fill the seats by themselves.
    students = [
        student("a", "kim", waiting_since=date(2024, 1, 1)),
        student("b", "kim", waiting_since=date(2024, 2, 1)),
        student("c", "kim"),
        student("d", "kim"),
    ]
    result = pair_optimal(PairingProblem(students, [KIM, LEE, PARK], seed=4))
    assert len(result.pairs) == 3
    assert len(result.ranks) == 1 and len(result.outside_list) == 2


REPEAT_SCRIPT = """
import json
from datetime import date
from belong.coaching.pairing import CoachSeat, PairingProblem, StudentRequest, compare
coaches = [CoachSeat(f"c{j}", f"Dr {j}", 1 + j % 3) for j in range(12)]
students = [
    StudentRequest(
        f"s{i}", f"S {i}", tuple(f"c{(i * 7 + k * 5) % 12}" for k in range(i % 5)),
        waiting_since=date(2024, 1 + i % 3, 1) if i % 2 else None,
        coach_left=i % 11 == 0,
    )
    for i in range(30)
]
forbidden = {(f"s{i}", f"c{i % 12}", "grader") for i in range(30)}
forbidden |= {(f"s{i}", f"c{i % 12}", "clerkship director") for i in range(0, 30, 2)}
print(json.dumps([r.as_dict() for r in compare(PairingProblem(students, coaches, forbidden, 99))]))
"""


def test_same_seed_same_pairing_in_a_fresh_process():
    """String hashing differs between processes; the pairing must not."""
    import os
    import subprocess
    import sys

    outputs = set()
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", REPEAT_SCRIPT],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
