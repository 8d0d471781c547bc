"""Bad input is refused with every problem named; no record can carry demographics."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from belong.coaching.pairing import (
    CoachSeat,
    ForbiddenPair,
    PairingInputError,
    PairingProblem,
    StudentRequest,
    pair_optimal,
    pair_stable,
    problem_digest,
    validate,
)
from belong.coaching.pairing.inputs import DEFAULT_FORBIDDEN_REASON

KIM = CoachSeat("kim", "Dr Kim", 2)
LEE = CoachSeat("lee", "Dr Lee", 1)


def problems_of(problem: PairingProblem) -> tuple[str, ...]:
    with pytest.raises(PairingInputError) as caught:
        validate(problem)
    return caught.value.problems


def test_unknown_coach_in_ranking_names_student_and_coach():
    problem = PairingProblem([StudentRequest("ann", "Ann", ("kim", "dr-who"))], [KIM])
    assert problems_of(problem) == ("student 'ann' ranks unknown coach 'dr-who'",)


def test_duplicate_coach_in_one_list():
    problem = PairingProblem([StudentRequest("ann", "Ann", ("kim", "lee", "kim"))], [KIM, LEE])
    assert problems_of(problem) == ("student 'ann' lists coach 'kim' more than once",)


def test_negative_capacity():
    problem = PairingProblem([], [CoachSeat("kim", "Dr Kim", -1)])
    assert problems_of(problem) == ("coach 'kim' has negative capacity -1",)


def test_duplicate_ids():
    problem = PairingProblem(
        [StudentRequest("ann", "Ann"), StudentRequest("ann", "Ann Again")], [KIM, KIM]
    )
    assert set(problems_of(problem)) == {"duplicate coach id 'kim'", "duplicate student id 'ann'"}


def test_all_problems_are_collected_and_the_solvers_refuse():
    problem = PairingProblem(
        [
            StudentRequest("ann", "Ann", ("nobody",)),
            StudentRequest("ben", "Ben", keep_coach="gone"),
            StudentRequest("cat", "Cat", keep_coach="kim", coach_left=True),
        ],
        [CoachSeat("kim", "Dr Kim", -3), CoachSeat("", "Dr Nobody", 1)],
        seed=-1,
    )
    found = problems_of(problem)
    assert len(found) == 6
    assert "seed must be a non-negative whole number, got -1" in found
    assert "student 'ben' asks to keep coach 'gone', who is not in this run" in found
    assert any("also marked as having lost their coach" in p for p in found)
    for solve in (pair_optimal, pair_stable):
        with pytest.raises(PairingInputError, match="6 problems with the pairing input"):
            solve(problem)


def test_ranking_given_as_text_is_refused():
    problem = PairingProblem([StudentRequest("ann", "Ann", "kim")], [KIM])  # type: ignore[arg-type]
    assert problems_of(problem) == (
        "student 'ann': ranking must be a sequence of coach ids, not text",
    )


def test_capacity_must_be_whole_number():
    problem = PairingProblem([], [CoachSeat("kim", "Dr Kim", 2.5)])  # type: ignore[arg-type]
    assert problems_of(problem) == ("coach 'kim' has capacity 2.5; it must be a whole number",)


def test_malformed_forbidden_entry():
    problem = PairingProblem([], [KIM], forbidden=frozenset({("ann",)}))
    assert len(problems_of(problem)) == 1


def test_long_problem_list_is_shortened_in_message_but_kept_whole():
    students = [StudentRequest(f"s{i}", "S", ("x",)) for i in range(30)]
    with pytest.raises(PairingInputError) as caught:
        validate(PairingProblem(students, [KIM]))
    assert len(caught.value.problems) == 30
    assert "... and 10 more" in str(caught.value)


def test_capacity_below_demand_is_a_warning_not_an_error():
    students = [StudentRequest(f"s{i}", "S", ("kim",)) for i in range(5)]
    result = pair_stable(PairingProblem(students, [KIM, LEE]))
    assert result.warnings[0] == "3 seats for 5 students: 2 will be unpaired."
    assert len(result.unmatched) == 2


def test_forbidden_pair_default_reason():
    assert (
        ForbiddenPair("ann", "kim").reason == DEFAULT_FORBIDDEN_REASON == ("assesses this student")
    )
    problem = PairingProblem(
        [StudentRequest("ann", "Ann", ("kim",))], [KIM], forbidden={("ann", "kim")}
    )
    assert pair_optimal(problem).dropped_choices[0].reason == "assesses this student"


def test_two_reasons_for_one_forbidden_pair_are_both_reported():
    problem = PairingProblem(
        [StudentRequest("ann", "Ann", ("kim",))],
        [KIM],
        forbidden={("ann", "kim", "grader"), ("ann", "kim", "clerkship director")},
    )
    assert pair_optimal(problem).dropped_choices[0].reason == "clerkship director; grader"


DEMOGRAPHIC_WORDS = (
    "gender",
    "sex",
    "race",
    "ethnic",
    "age",
    "birth",
    "disab",
    "religio",
    "national",
    "pronoun",
    "orientation",
    "demograph",
)


@pytest.mark.parametrize("record", [CoachSeat, StudentRequest, PairingProblem])
def test_no_record_has_a_demographic_field(record):
    for field in dataclasses.fields(record):
        # Word by word, so that "languages" is not mistaken for "age".
        for token in field.name.lower().split("_"):
            assert not token.startswith(DEMOGRAPHIC_WORDS), field.name


def test_demographics_cannot_be_passed():
    with pytest.raises(TypeError):
        StudentRequest("ann", "Ann", gender="f")  # type: ignore[call-arg]


def test_problem_stores_immutable_copies():
    students = [StudentRequest("ann", "Ann", ("kim",))]
    problem = PairingProblem(students, [KIM], forbidden={("ann", "lee")})
    students.append(StudentRequest("ben", "Ben"))
    assert isinstance(problem.students, tuple) and len(problem.students) == 1
    assert isinstance(problem.forbidden, frozenset)


def test_problem_digest_ignores_order_but_not_content():
    a = StudentRequest("ann", "Ann", ("kim", "lee"), waiting_since=date(2024, 1, 1))
    b = StudentRequest("ben", "Ben", ("lee",))
    one = PairingProblem([a, b], [KIM, LEE], forbidden={("ann", "lee")}, seed=4)
    two = PairingProblem([b, a], [LEE, KIM], forbidden={("ann", "lee")}, seed=4)
    assert problem_digest(one) == problem_digest(two)
    assert len(problem_digest(one)) == 64
    changed = PairingProblem([a, b], [KIM, LEE], forbidden={("ann", "lee")}, seed=5)
    assert problem_digest(changed) != problem_digest(one)
    reordered = dataclasses.replace(a, ranking=("lee", "kim"))
    assert problem_digest(PairingProblem([reordered, b], [KIM, LEE], seed=4)) != problem_digest(
        PairingProblem([a, b], [KIM, LEE], seed=4)
    )
