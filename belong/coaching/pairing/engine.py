"""The public entry points: pair in either mode, compare both, check a pairing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from .inputs import PairingInputError, PairingProblem
from .optimal import solve_optimal
from .prepare import collect_problems, prepare, priority_positions
from .result import PairingResult, blocking_positions, build_result
from .stable import solve_stable


def validate(problem: PairingProblem) -> None:
    """Raise :class:`PairingInputError` listing every problem with the input, or return.

    Parameters
    ----------
    problem
        The problem to check. Nothing is solved.

    Raises
    ------
    PairingInputError
        Duplicate ids, negative capacity, a list naming an unknown coach or the
        same coach twice, a keep request for a coach not in the run, a bad seed.
    """
    problems = collect_problems(problem)
    if problems:
        raise PairingInputError(problems)


def pair_optimal(problem: PairingProblem) -> PairingResult:
    """Pair students with coaches for the best overall result.

    First as many students as possible are paired, then as few as possible
    outside their list, then the total of ranks is made as small as possible;
    all within capacities and never with a coach who assesses the student.
    Solved exactly as a min-cost flow with OR-Tools.

    Parameters
    ----------
    problem
        Students, coaches, forbidden pairs and the lottery seed.

    Returns
    -------
    PairingResult
        The pairing, with rank distribution, blocking pairs and explanations.

    Raises
    ------
    PairingInputError
        If the input is invalid (every problem is listed).
    """
    prepared = prepare(problem)
    assign, rank = solve_optimal(prepared)
    return build_result(prepared, "optimal", assign, rank)


def pair_stable(problem: PairingProblem) -> PairingResult:
    """Pair students with coaches so that no student and coach would both rather swap.

    Student-proposing deferred acceptance; coaches hold students by priority
    (coach left, then longest waiting, then the seeded lottery).

    Parameters
    ----------
    problem
        Students, coaches, forbidden pairs and the lottery seed.

    Returns
    -------
    PairingResult
        The pairing; ``blocking_pairs`` is always empty.

    Raises
    ------
    PairingInputError
        If the input is invalid (every problem is listed).
    """
    prepared = prepare(problem)
    assign, rank = solve_stable(prepared)
    return build_result(prepared, "stable", assign, rank)


def compare(problem: PairingProblem) -> tuple[PairingResult, PairingResult]:
    """Solve both modes on the same prepared problem, for a side-by-side view.

    Returns
    -------
    tuple of PairingResult
        ``(optimal, stable)``.
    """
    prepared = prepare(problem)
    assign, rank = solve_optimal(prepared)
    optimal = build_result(prepared, "optimal", assign, rank)
    assign, rank = solve_stable(prepared)
    stable = build_result(prepared, "stable", assign, rank)
    return optimal, stable


def find_blocking_pairs(problem: PairingProblem, pairs: Mapping[str, str]) -> list[tuple[str, str]]:
    """Student-coach pairs who would both rather be together than keep ``pairs``.

    A pair ``(student, coach)`` blocks when the coach is on the student's
    (cleaned) list above the coach they have, or they have none or one from
    outside their list; and the coach has a free seat or holds a student with a
    weaker claim (see :func:`priority_order`). Students who kept their coach
    are left out, and their seats are not on offer.

    Parameters
    ----------
    problem
        The problem the pairing was made for (its seed fixes the lottery).
    pairs
        Student id to coach id, e.g. ``PairingResult.pairs`` or another
        solver's output. Students not in it count as unpaired.

    Returns
    -------
    list of (student_id, coach_id)
        Sorted; empty for a stable pairing.
    """
    prepared = prepare(problem)
    student_pos = {s.id: i for i, s in enumerate(prepared.students)}
    unknown = [
        f"pairs name unknown student {sid!r} or coach {cid!r}"
        for sid, cid in pairs.items()
        if sid not in student_pos or cid not in prepared.coach_pos
    ]
    if unknown:
        raise PairingInputError(unknown)
    assign = [-1] * len(prepared.students)
    for sid, cid in pairs.items():
        assign[student_pos[sid]] = prepared.coach_pos[cid]
    return sorted(
        (prepared.students[s].id, prepared.coaches[c].id)
        for s, c in blocking_positions(prepared, assign)
    )


def priority_order(problem: PairingProblem) -> tuple[str, ...]:
    """Student ids in the order coaches prefer them in stable mode.

    Students whose coach left come first, then those waiting longest, then the
    seeded lottery. Input order plays no part.
    """
    validate(problem)
    return tuple(s.id for s in priority_positions(problem))


def problem_digest(problem: PairingProblem) -> str:
    """A SHA-256 fingerprint of the problem's content, independent of input order.

    Store it with a result: re-running a problem with the same digest, seed and
    engine version must give the same pairing, which is how an audit can check
    a published pairing.

    Raises
    ------
    PairingInputError
        If the problem is invalid (duplicate ids would make the order ambiguous).
    """
    validate(problem)
    canonical = {
        "seed": int(problem.seed),
        "pair_outside_lists": problem.pair_outside_lists,
        "coaches": sorted(
            [
                c.id,
                c.name,
                int(c.capacity),
                sorted(c.interests),
                sorted(c.languages),
                c.campus,
                c.specialty,
            ]
            for c in problem.coaches
        ),
        "students": sorted(
            [
                s.id,
                s.name,
                list(s.ranking),
                sorted(s.interests),
                sorted(s.languages),
                s.campus,
                s.waiting_since.isoformat() if s.waiting_since else None,
                s.coach_left,
                s.keep_coach,
            ]
            for s in problem.students
        ),
        "forbidden": sorted(list(entry) for entry in problem.forbidden),
    }
    blob = json.dumps(canonical, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
