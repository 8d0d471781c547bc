"""build_rankings: explicit choices first, then coaches by weighted overlap, ties by lottery."""

from __future__ import annotations

import random

import pytest

from belong.coaching.pairing import (
    CoachSeat,
    PairingInputError,
    PairingProblem,
    RankingWeights,
    StudentRequest,
    build_rankings,
    pair_optimal,
)

COACHES = (
    CoachSeat("kim", "Dr Kim", 2, interests=frozenset({"Global health", "research"})),
    CoachSeat("lee", "Dr Lee", 2, languages=frozenset({"Spanish"}), campus="Pasadena"),
    CoachSeat("park", "Dr Park", 2, specialty="Pediatrics", campus="Riverside"),
    CoachSeat("wu", "Dr Wu", 2),
)


def ranking_of(student: StudentRequest, weights: RankingWeights | None = None, **kw) -> tuple:
    (ranked,) = build_rankings([student], COACHES, weights, seed=kw.pop("seed", 1), **kw)
    return ranked.ranking


def test_explicit_choices_first_then_overlap():
    student = StudentRequest(
        "ann",
        "Ann",
        ranking=("wu",),
        interests=frozenset({"global  health ", "RESEARCH"}),
        campus="pasadena",
    )
    # Kim shares two interests (typed differently), Lee only the campus.
    assert ranking_of(student) == ("wu", "kim", "lee")


def test_weights_change_the_order():
    student = StudentRequest(
        "ann",
        "Ann",
        interests=frozenset({"Research", "pediatrics"}),
        languages=frozenset({"spanish"}),
    )
    # Kim: 1 shared interest; Park: specialty among interests; Lee: 1 shared language.
    heavy_language = RankingWeights(interests=1, languages=5, campus=0, specialty=2)
    assert ranking_of(student, heavy_language) == ("lee", "park", "kim")
    heavy_specialty = RankingWeights(interests=1, languages=0.5, campus=0, specialty=3)
    assert ranking_of(student, heavy_specialty) == ("park", "kim", "lee")
    ignore_languages = RankingWeights(languages=0)
    assert "lee" not in ranking_of(student, ignore_languages)


def test_coaches_with_nothing_in_common_are_not_suggested():
    assert ranking_of(StudentRequest("ann", "Ann")) == ()


def test_forbidden_coaches_are_never_suggested_but_explicit_ones_stay_for_reporting():
    student = StudentRequest(
        "ann", "Ann", ranking=("park",), interests=frozenset({"research"}), campus="Pasadena"
    )
    ranked = ranking_of(student, forbidden={("ann", "kim"), ("ann", "park", "grader")})
    assert ranked == ("park", "lee")
    problem = PairingProblem(
        [StudentRequest("ann", "Ann", ranked)],
        COACHES,
        forbidden={("ann", "kim"), ("ann", "park", "grader")},
    )
    assert [d.coach_id for d in pair_optimal(problem).dropped_choices] == ["park"]


def test_length_limits_suggestions_not_explicit_choices():
    student = StudentRequest(
        "ann",
        "Ann",
        ranking=("wu", "park"),
        interests=frozenset({"research", "global health"}),
        campus="Pasadena",
    )
    assert ranking_of(student, length=3) == ("wu", "park", "kim")
    assert ranking_of(student, length=1) == ("wu", "park")


def test_ties_follow_the_seed_not_the_input_order():
    coaches = [CoachSeat(f"c{i}", f"Dr {i}", 1, campus="Pasadena") for i in range(6)]
    students = [StudentRequest(f"s{i}", "S", campus="Pasadena") for i in range(4)]
    first = build_rankings(students, coaches, seed=9)
    shuffled_students = students[::-1]
    shuffled_coaches = coaches[:]
    random.Random(3).shuffle(shuffled_coaches)
    second = build_rankings(shuffled_students, shuffled_coaches, seed=9)
    assert {s.id: s.ranking for s in first} == {s.id: s.ranking for s in second}
    assert [s.id for s in second] == [s.id for s in shuffled_students], "input order kept"
    orders = {build_rankings(students, coaches, seed=seed)[0].ranking for seed in range(10)}
    assert len(orders) > 1, "equal scores must be ordered by the lottery"
    assert all(sorted(order) == [c.id for c in coaches] for order in orders)


def test_negative_weight_refused():
    with pytest.raises(PairingInputError, match="weight campus is -1"):
        build_rankings([], COACHES, RankingWeights(campus=-1), seed=0)


def test_rankings_feed_the_engine():
    students = build_rankings(
        [
            StudentRequest("ann", "Ann", interests=frozenset({"research"})),
            StudentRequest("ben", "Ben", languages=frozenset({"Spanish"})),
        ],
        COACHES,
        seed=2,
    )
    result = pair_optimal(PairingProblem(students, COACHES, seed=2))
    assert result.pairs == {"ann": "kim", "ben": "lee"}
    assert result.ranks == {"ann": 1, "ben": 1}
