"""Check a problem, draw the lottery, honour keep requests and clean the lists.

Both modes start from the same :class:`Prepared` problem, so the side-by-side
comparison differs only in how seats are shared out. Students and coaches are
re-ordered here by the seeded lottery (never by input position), which is why
shuffling the input cannot change a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

import numpy as np

from .forbidden import ForbiddenIndex
from .inputs import (
    CoachSeat,
    ForbiddenPair,
    PairingInputError,
    PairingProblem,
    StudentRequest,
)

# Independent random streams from one recorded seed, so that adding a use of
# randomness in one place never shifts the draws used in another.
STREAM_STUDENT_LOTTERY = 0
STREAM_COACH_ORDER = 1
STREAM_RANKING_TIES = 2

# Sorts after every real date: a student with no waiting date joined with this run.
_NOT_WAITING = date.max.toordinal() + 1


@dataclass(frozen=True)
class DroppedChoice:
    """A coach a student listed but may not be paired with; the entry was removed."""

    student_id: str
    coach_id: str
    reason: str


@dataclass(frozen=True)
class KeepRefusal:
    """A student who asked to keep their coach and could not, with the reason in plain words."""

    student_id: str
    coach_id: str
    reason: str


@dataclass
class Prepared:
    """Index-based working form of a problem (internal).

    Student positions are priority positions: position 0 has the strongest claim
    on a full coach. Coach positions follow a seeded shuffle.
    """

    problem: PairingProblem
    students: list[StudentRequest]
    coaches: list[CoachSeat]
    coach_pos: dict[str, int]
    lists: list[list[int]]
    seats: list[int]
    kept: dict[int, int]
    kept_count: list[int]
    in_game: list[int]
    forbidden: ForbiddenIndex
    dropped: dict[int, list[DroppedChoice]]
    keep_refusals: dict[int, KeepRefusal]
    warnings: list[str] = field(default_factory=list)

    @property
    def total_capacity(self) -> int:
        return sum(c.capacity for c in self.coaches)


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def collect_problems(problem: PairingProblem) -> list[str]:
    """Every reason the problem cannot be solved, in input order (empty when it can)."""
    problems: list[str] = []
    if not _is_int(problem.seed) or problem.seed < 0:
        problems.append(f"seed must be a non-negative whole number, got {problem.seed!r}")

    coach_ids: set[str] = set()
    for coach in problem.coaches:
        if not isinstance(coach, CoachSeat):
            problems.append(f"coaches must be CoachSeat records, got {type(coach).__name__}")
            continue
        if not isinstance(coach.id, str) or not coach.id:
            problems.append(f"coach {coach.name!r} has no id")
        elif coach.id in coach_ids:
            problems.append(f"duplicate coach id {coach.id!r}")
        coach_ids.add(coach.id)
        if not _is_int(coach.capacity):
            problems.append(
                f"coach {coach.id!r} has capacity {coach.capacity!r}; it must be a whole number"
            )
        elif coach.capacity < 0:
            problems.append(f"coach {coach.id!r} has negative capacity {coach.capacity}")

    student_ids: set[str] = set()
    for student in problem.students:
        if not isinstance(student, StudentRequest):
            problems.append(
                f"students must be StudentRequest records, got {type(student).__name__}"
            )
            continue
        sid = student.id
        if not isinstance(sid, str) or not sid:
            problems.append(f"student {student.name!r} has no id")
        elif sid in student_ids:
            problems.append(f"duplicate student id {sid!r}")
        student_ids.add(sid)
        if isinstance(student.ranking, str):
            # A bare string would be read letter by letter as coach ids.
            problems.append(f"student {sid!r}: ranking must be a sequence of coach ids, not text")
            continue
        ranking = student.ranking
        # Fast path in C for the usual, valid list; the loop below names each fault.
        if len(set(ranking)) != len(ranking) or not coach_ids.issuperset(ranking):
            seen: set[str] = set()
            for coach_id in ranking:
                if coach_id not in coach_ids:
                    problems.append(f"student {sid!r} ranks unknown coach {coach_id!r}")
                if coach_id in seen:
                    problems.append(f"student {sid!r} lists coach {coach_id!r} more than once")
                seen.add(coach_id)
        if student.keep_coach is not None:
            if student.keep_coach not in coach_ids:
                problems.append(
                    f"student {sid!r} asks to keep coach {student.keep_coach!r}, "
                    "who is not in this run"
                )
            if student.coach_left:
                problems.append(
                    f"student {sid!r} asks to keep coach {student.keep_coach!r} "
                    "but is also marked as having lost their coach"
                )
        if student.waiting_since is not None and not isinstance(student.waiting_since, date):
            problems.append(
                f"student {sid!r}: waiting_since must be a date, got {student.waiting_since!r}"
            )

    # Only the shape is checked, to stay cheap on a whole assessor table: ids that
    # are not text cannot name anyone in the run and are ignored like any other
    # outsider. The loops run in C; the slow path below names each bad entry.
    forbidden = problem.forbidden
    types = set(map(type, forbidden))
    shaped = types <= {tuple, ForbiddenPair}
    if shaped and tuple in types:
        lengths = set(map(len, forbidden))
        shaped = lengths <= {2, 3}
        if shaped and 3 in lengths:
            reasons = map(itemgetter(2), filter(_has_reason, forbidden))
            shaped = set(map(type, reasons)) <= {str}
    elif shaped and types:
        shaped = set(map(type, map(itemgetter(2), forbidden))) <= {str}
    if not shaped:
        for entry in forbidden:
            if not isinstance(entry, tuple) or not 2 <= len(entry) <= 3:
                problems.append(
                    "forbidden pairs must be (student_id, coach_id) or "
                    f"(student_id, coach_id, reason) tuples, got {entry!r}"
                )
            elif len(entry) == 3 and not isinstance(entry[2], str):
                problems.append(f"forbidden pair {entry!r}: the reason must be text")
    return problems


def _has_reason(entry: tuple[str, ...]) -> bool:
    return len(entry) == 3


def priority_positions(problem: PairingProblem) -> list[StudentRequest]:
    """Students in priority order: coach left first, then longest waiting, then lottery."""
    students = sorted(problem.students, key=lambda s: s.id)
    rng = np.random.default_rng([problem.seed, STREAM_STUDENT_LOTTERY])
    # A permutation, not floats, so the lottery can never tie.
    lottery = rng.permutation(len(students)).tolist()
    keyed = [
        (
            0 if s.coach_left else 1,
            s.waiting_since.toordinal() if s.waiting_since is not None else _NOT_WAITING,
            draw,
            s,
        )
        for s, draw in zip(students, lottery, strict=True)
    ]
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


def coach_order(problem: PairingProblem) -> list[CoachSeat]:
    """Coaches in a seeded order, so that solver tie-breaks follow the seed, not the input."""
    coaches = sorted(problem.coaches, key=lambda c: c.id)
    rng = np.random.default_rng([problem.seed, STREAM_COACH_ORDER])
    return [coaches[i] for i in rng.permutation(len(coaches)).tolist()]


def prepare(problem: PairingProblem) -> Prepared:
    """Validate and index a problem; raise :class:`PairingInputError` listing every problem."""
    problems = collect_problems(problem)
    if problems:
        raise PairingInputError(problems)

    students = priority_positions(problem)
    coaches = coach_order(problem)
    coach_pos = {c.id: i for i, c in enumerate(coaches)}
    student_pos = {s.id: i for i, s in enumerate(students)}

    # Only pairs about people in this run matter; the rest of the assessor table is ignored.
    forbidden = ForbiddenIndex(problem.forbidden, student_pos, coach_pos)

    lists: list[list[int]] = [list(map(coach_pos.__getitem__, s.ranking)) for s in students]
    lengths = np.fromiter(map(len, lists), np.int64, len(lists))
    listed_students = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    listed_coaches = np.fromiter(
        (c for listed in lists for c in listed), np.int64, int(lengths.sum())
    )
    dropped: dict[int, list[DroppedChoice]] = {}
    for s in np.unique(
        listed_students[forbidden.contains(listed_students, listed_coaches)]
    ).tolist():
        student = students[s]
        banned = {c: forbidden.reason(s, c) for c in lists[s]}
        dropped[s] = [
            DroppedChoice(student.id, coaches[c].id, why)
            for c, why in banned.items()
            if why is not None
        ]
        lists[s] = [c for c in lists[s] if banned[c] is None]

    seats, kept, kept_count, keep_refusals = _honour_keep_requests(
        students, coaches, coach_pos, forbidden
    )
    in_game = [s for s in range(len(students)) if s not in kept]

    prepared = Prepared(
        problem=problem,
        students=students,
        coaches=coaches,
        coach_pos=coach_pos,
        lists=lists,
        seats=seats,
        kept=kept,
        kept_count=kept_count,
        in_game=in_game,
        forbidden=forbidden,
        dropped=dropped,
        keep_refusals=keep_refusals,
    )
    prepared.warnings.extend(_warnings(prepared))
    return prepared


def _honour_keep_requests(
    students: list[StudentRequest],
    coaches: list[CoachSeat],
    coach_pos: dict[str, int],
    forbidden: ForbiddenIndex,
) -> tuple[list[int], dict[int, int], list[int], dict[int, KeepRefusal]]:
    """Give each keep request a seat with that coach, in priority order, before solving."""
    seats = [c.capacity for c in coaches]
    kept: dict[int, int] = {}
    refusals: dict[int, KeepRefusal] = {}
    asked: dict[int, list[int]] = {}
    for s, student in enumerate(students):
        if student.keep_coach is not None:
            asked.setdefault(coach_pos[student.keep_coach], []).append(s)

    for c, askers in asked.items():
        coach = coaches[c]
        allowed = []
        for s in askers:
            reason = forbidden.reason(s, c)
            if reason is not None:
                refusals[s] = KeepRefusal(
                    students[s].id, coach.id, f"{coach.name} may not coach them now ({reason})"
                )
            else:
                allowed.append(s)
        # Positions are priority order, so the first ones keep their coach.
        for s in allowed[: seats[c]]:
            kept[s] = c
        for s in allowed[seats[c] :]:
            if seats[c] == 0:
                why = f"{coach.name} has no seats this run"
            else:
                why = (
                    f"{coach.name} has {_seats(seats[c])} this run and {len(allowed)} students "
                    "asked to keep them; those who had waited longer or drew an earlier lottery "
                    "number kept theirs"
                )
            refusals[s] = KeepRefusal(students[s].id, coach.id, why)
        seats[c] -= min(seats[c], len(allowed))

    kept_count = [c.capacity - left for c, left in zip(coaches, seats, strict=True)]
    return seats, kept, kept_count, refusals


def _seats(n: int) -> str:
    return f"{n} seat" if n == 1 else f"{n} seats"


def _warnings(prepared: Prepared) -> list[str]:
    """Plain-words warnings that do not stop the run."""
    warnings: list[str] = []
    n_students = len(prepared.students)
    capacity = prepared.total_capacity
    if capacity < n_students:
        warnings.append(
            f"{_seats(capacity)} for {n_students} students: "
            f"{n_students - capacity} will be unpaired."
        )
    for s, choices in sorted(prepared.dropped.items()):
        student = prepared.students[s]
        for choice in choices:
            coach = prepared.coaches[prepared.coach_pos[choice.coach_id]]
            warnings.append(
                f"{student.name} ({student.id}) listed {coach.name} ({coach.id}), who may not "
                f"coach them: {choice.reason}. That choice was dropped."
            )
    for s, refusal in sorted(prepared.keep_refusals.items()):
        student = prepared.students[s]
        coach = prepared.coaches[prepared.coach_pos[refusal.coach_id]]
        warnings.append(
            f"{student.name} ({student.id}) could not keep {coach.name} ({coach.id}): "
            f"{refusal.reason}."
        )
    return warnings
