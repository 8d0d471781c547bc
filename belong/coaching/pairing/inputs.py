"""What the pairing engine is given: coaches with seats, students' requests, forbidden pairs.

There is deliberately no field for demographics (gender, race, ethnicity, age,
disability, ...) on any of these records: a pairing is an individual decision,
and Belong's first principle is that no individual decision reads them. A caller
cannot pass them by accident because there is nowhere to put them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

#: The reason recorded for a forbidden pair given as a bare ``(student_id, coach_id)``.
DEFAULT_FORBIDDEN_REASON = "assesses this student"


class PairingInputError(ValueError):
    """The problem cannot be solved as given; ``problems`` lists every reason found.

    All problems are collected before raising, so whoever prepared the input can
    fix them in one pass instead of discovering them one at a time.
    """

    #: Shown in full in ``problems``; the message itself stops after this many.
    MESSAGE_LIMIT = 20

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        shown = list(self.problems[: self.MESSAGE_LIMIT])
        hidden = len(self.problems) - len(shown)
        if hidden:
            shown.append(f"... and {hidden} more")
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(
            f"{len(self.problems)} {noun} with the pairing input:\n- " + "\n- ".join(shown)
        )


@dataclass(frozen=True)
class CoachSeat:
    """A physician coach taking part in one pairing run.

    Parameters
    ----------
    id
        Stable identifier (the Django layer's primary key as text).
    name
        Display name used in explanations, e.g. ``"Dr Lee"``.
    capacity
        Seats offered in this run: the coach's cap minus the students they
        already coach who are *not* part of this run. Students in this run who
        ask to keep this coach (``StudentRequest.keep_coach``) take seats from
        this number first.
    interests, languages, campus, specialty
        Optional facts used only by :func:`build_rankings` to suggest coaches.
    """

    id: str
    name: str
    capacity: int
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    campus: str | None = None
    specialty: str | None = None


@dataclass(frozen=True)
class StudentRequest:
    """A student to be paired in this run, with what they asked for.

    Parameters
    ----------
    id, name
        Stable identifier and the name used in explanations.
    ranking
        Coach ids, most wanted first. May be empty (the student stated
        interests only, or nothing).
    interests, languages, campus
        Optional facts used only by :func:`build_rankings`.
    waiting_since
        When the student started waiting for a coach. Earlier means a stronger
        claim on a full coach in stable mode; ``None`` means "joined with this
        run", which waits least.
    coach_left
        The student's coach left the program; such students go before everyone
        else in stable mode, whatever their waiting date.
    keep_coach
        The coach this student asks to keep. Honoured before solving, within
        that coach's capacity.
    """

    id: str
    name: str
    ranking: tuple[str, ...] = ()
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    campus: str | None = None
    waiting_since: date | None = None
    coach_left: bool = False
    keep_coach: str | None = None


class ForbiddenPair(NamedTuple):
    """A student and a coach who may not be paired, and why.

    A named tuple rather than a dataclass because a school's assessor table can
    hold a hundred thousand of these, and they are hashed into a set on every run.
    """

    student_id: str
    coach_id: str
    reason: str = DEFAULT_FORBIDDEN_REASON


@dataclass(frozen=True)
class PairingProblem:
    """Everything one pairing run needs; solving the same problem twice gives the same result.

    Parameters
    ----------
    students
        The students to pair in this run: new students and those without a
        coach (and those asking to keep theirs). Students who stay with their
        coach untouched are not listed; their seats are already subtracted from
        ``CoachSeat.capacity``.
    coaches
        Coaches offering seats in this run.
    forbidden
        ``(student_id, coach_id)`` or :class:`ForbiddenPair` entries for pairs
        that may never be made, such as a clerkship director and a student they
        grade. Entries naming someone who is not in this run are ignored, so the
        whole assessor table can be passed as it is.
    seed
        Seed of the lottery that breaks ties. Record it: with the same problem
        and seed, the pairing is reproduced exactly.
    pair_outside_lists
        When every coach on a student's list is full or forbidden, pair them
        with any allowed coach who still has a seat (reported as "paired outside
        their list") rather than leave them out.
    """

    students: tuple[StudentRequest, ...]
    coaches: tuple[CoachSeat, ...]
    forbidden: frozenset[tuple[str, ...]] = field(default_factory=frozenset)
    seed: int = 0
    pair_outside_lists: bool = True

    def __post_init__(self) -> None:
        # Accept lists and sets from callers but store immutable copies, so a
        # recorded problem cannot change under a recorded result.
        object.__setattr__(self, "students", tuple(self.students))
        object.__setattr__(self, "coaches", tuple(self.coaches))
        object.__setattr__(self, "forbidden", frozenset(self.forbidden))
