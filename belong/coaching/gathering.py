"""From the database to the pairing engine and back: gather a run's inputs, freeze them.

The engine (``belong.coaching.pairing``) knows nothing of Django. This module
decides who takes part in a run, how many seats each coach offers, what each
student asked for, and who may not coach whom, and records all of it as
plain JSON next to the run, so the run can be solved again exactly.

Keys are text: ``"s<person id>"`` for a student and ``"c<coach id>"`` for a
coach, so that a stored result can never confuse the two.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone

from belong.coaching.models import (
    Coach,
    CoachPreference,
    Pairing,
    PairingWeights,
    WaitingStudent,
)
from belong.coaching.models.roster import academic_year
from belong.coaching.pairing import (
    CoachSeat,
    ForbiddenPair,
    PairingProblem,
    RankingWeights,
    StudentRequest,
    build_rankings,
)
from belong.people import students
from belong.people.assessment import current_assessments
from belong.people.models import AssessmentRelationship, Person


def student_key(person_id: int) -> str:
    return f"s{person_id}"


def coach_key(coach_id: int) -> str:
    return f"c{coach_id}"


def key_id(key: str) -> int:
    """The database id inside a key: ``"c12"`` → 12."""
    return int(key[1:])


def current_students(cohorts: Iterable[int], on: date | None = None) -> dict[int, int]:
    """Person id → class year, for the current students of these classes."""
    return students.current_students(on, cohorts=cohorts)


current_cohorts = students.current_cohorts


def graduation_day(cohort: int | None, start: date) -> date:
    """When a pairing made on ``start`` is planned to end: the class's graduation."""
    if cohort is not None:
        day = date(cohort, 6, 30)
        if day >= start:
            return day
    try:
        return start.replace(year=start.year + 4)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 4, day=28)


def assessment_reason(role_label: str, course: str) -> str:
    return f"{role_label} ({course})" if course else role_label


def forbidden_pairs(
    student_ids: Iterable[int],
    coach_by_person: dict[int, int],
    *,
    on: date | None = None,
) -> set[ForbiddenPair]:
    """Every (student, coach) pair barred by a current assessment, with the reason in words
    (``people.assessment``, restricted to assessors on the coaching roster)."""
    if not coach_by_person:
        return set()
    labels = dict(AssessmentRelationship.Role.choices)
    return {
        ForbiddenPair(
            student_key(a.student_id),
            coach_key(coach_by_person[a.assessor_id]),
            assessment_reason(labels.get(a.role, a.role), a.course),
        )
        for a in current_assessments(student_ids, on=on, assessor_ids=coach_by_person)
    }


@dataclass
class Gathered:
    """A run's inputs: the engine problem and what the Django layer needs beside it."""

    problem: PairingProblem
    # Student key → {"person", "cohort", "current_coach"}.
    students: dict[str, dict[str, Any]]
    # Coach key → {"coach", "cap", "load_outside_run", "status"}.
    coaches: dict[str, dict[str, Any]]
    weights: dict[str, Any]
    # Things student affairs should know that the engine cannot report.
    notes: list[str] = field(default_factory=list)


def _clean_words(values: Any) -> frozenset[str]:
    if not isinstance(values, list):
        return frozenset()
    return frozenset(str(v).strip() for v in values if str(v).strip())


def gather(
    cohorts: Iterable[int],
    *,
    seed: int,
    include_paired: bool = False,
    on: date | None = None,
) -> Gathered:
    """Collect everything one run needs from the database.

    Who is in the run: current, active students of ``cohorts`` without an
    active pairing (new, unpaired, or whose coach left), and, with
    ``include_paired``, those with a coach too. Everyone else keeps their coach
    and their seat is taken off that coach's cap.
    """
    day = on or timezone.localdate()
    year = academic_year(day)
    cohort_of = current_students(cohorts, day)
    active = {
        p.student_id: p
        for p in Pairing.objects.filter(active=True)
        .select_related("coach")
        .only("student_id", "coach_id")
    }
    in_run = sorted(pid for pid in cohort_of if include_paired or pid not in active)

    roster = list(
        Coach.objects.select_related("person", "campus")
        .filter(status__in=[Coach.Status.ACTIVE, Coach.Status.PAUSED])
        .order_by("pk")
    )
    roster = [c for c in roster if c.serves_in(year)]
    loads = dict(
        Pairing.objects.filter(active=True)
        .exclude(student_id__in=in_run)
        .values("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    seats: list[CoachSeat] = []
    coach_info: dict[str, dict[str, Any]] = {}
    for coach in roster:
        key = coach_key(coach.pk)
        outside = loads.get(coach.pk, 0)
        capacity = 0 if coach.status == Coach.Status.PAUSED else max(coach.capacity - outside, 0)
        seats.append(
            CoachSeat(
                id=key,
                name=coach.name,
                capacity=capacity,
                interests=_clean_words(coach.interests),
                languages=_clean_words(coach.languages),
                campus=coach.campus.code if coach.campus else None,
                specialty=coach.specialty.strip() or None,
            )
        )
        coach_info[key] = {
            "coach": coach.pk,
            "cap": coach.capacity,
            "load_outside_run": outside,
            "status": coach.status,
        }
    in_roster = {coach_key(c.pk): c for c in roster}
    coach_by_person = {c.person_id: c.pk for c in roster}

    people = Person.objects.in_bulk(in_run)
    prefs = {
        p.student_id: p
        for p in CoachPreference.objects.filter(student_id__in=in_run).select_related("campus")
    }
    waiting = {w.student_id: w for w in WaitingStudent.objects.filter(student_id__in=in_run)}
    notes: list[str] = []
    requests: list[StudentRequest] = []
    student_info: dict[str, dict[str, Any]] = {}
    all_coaches = {c.pk: c.name for c in Coach.objects.select_related("person").order_by("pk")}
    for pid in in_run:
        person = people[pid]
        key = student_key(pid)
        pref = prefs.get(pid)
        wait = waiting.get(pid)
        current = active.get(pid)
        label = f"{person.display_name} ({key})"
        ranking: list[str] = []
        if pref is not None:
            seen: set[str] = set()
            for position, raw in enumerate(pref.ranked_coaches or [], start=1):
                ck = coach_key(int(raw)) if str(raw).isdigit() else ""
                if ck in seen:
                    continue
                seen.add(ck)
                if ck in in_roster:
                    ranking.append(ck)
                elif str(raw).isdigit() and int(raw) in all_coaches:
                    notes.append(
                        f"{label} listed {all_coaches[int(raw)]} as choice {position}, who is "
                        "not taking students in this run; that choice was left out."
                    )
                else:
                    notes.append(
                        f"{label} listed a coach who is no longer on the roster "
                        f"(choice {position}, {raw!r}); that choice was left out."
                    )
        coach_left = wait is not None and wait.coach_left
        keep: str | None = None
        if pref is not None and pref.keep_current_coach and not coach_left:
            if current is not None:
                target = current.coach_id
            elif wait is not None and wait.previous_coach_id is not None:
                target = wait.previous_coach_id
            else:
                target = None
            if target is not None:
                if coach_key(target) in in_roster:
                    keep = coach_key(target)
                else:
                    notes.append(
                        f"{label} asked to keep {all_coaches.get(target, 'their coach')}, who is "
                        "not taking part in this run; they are paired from their list instead."
                    )
        requests.append(
            StudentRequest(
                id=key,
                name=person.display_name,
                ranking=tuple(ranking),
                interests=_clean_words(pref.interests) if pref else frozenset(),
                languages=_clean_words(pref.languages) if pref else frozenset(),
                campus=pref.campus.code if pref and pref.campus else None,
                waiting_since=wait.since if wait else None,
                coach_left=coach_left,
                keep_coach=keep,
            )
        )
        student_info[key] = {
            "person": pid,
            "cohort": cohort_of[pid],
            "current_coach": coach_key(current.coach_id) if current else None,
        }

    forbidden = forbidden_pairs(in_run, coach_by_person, on=day)
    weights = PairingWeights.current()
    ranking_weights = RankingWeights(
        interests=weights.interests,
        languages=weights.languages,
        campus=weights.campus,
        specialty=weights.specialty,
    )
    if weights.suggestion_length > 0:
        requests = list(
            build_rankings(
                requests,
                seats,
                ranking_weights,
                seed=seed,
                forbidden=forbidden,
                length=weights.suggestion_length,
            )
        )
    problem = PairingProblem(
        students=tuple(requests),
        coaches=tuple(seats),
        forbidden=frozenset(forbidden),
        seed=seed,
        pair_outside_lists=weights.pair_outside_lists,
    )
    return Gathered(
        problem=problem,
        students=student_info,
        coaches=coach_info,
        weights={
            **dataclasses.asdict(ranking_weights),
            "suggestion_length": weights.suggestion_length,
            "pair_outside_lists": weights.pair_outside_lists,
        },
        notes=notes,
    )


# --- Freezing and thawing a problem -------------------------------------------


def problem_to_json(problem: PairingProblem) -> dict[str, Any]:
    """The problem as plain JSON, in a canonical order."""
    return {
        "seed": int(problem.seed),
        "pair_outside_lists": problem.pair_outside_lists,
        "students": [
            {
                "id": s.id,
                "name": s.name,
                "ranking": list(s.ranking),
                "interests": sorted(s.interests),
                "languages": sorted(s.languages),
                "campus": s.campus,
                "waiting_since": s.waiting_since.isoformat() if s.waiting_since else None,
                "coach_left": s.coach_left,
                "keep_coach": s.keep_coach,
            }
            for s in sorted(problem.students, key=lambda s: s.id)
        ],
        "coaches": [
            {
                "id": c.id,
                "name": c.name,
                "capacity": c.capacity,
                "interests": sorted(c.interests),
                "languages": sorted(c.languages),
                "campus": c.campus,
                "specialty": c.specialty,
            }
            for c in sorted(problem.coaches, key=lambda c: c.id)
        ],
        "forbidden": sorted([list(f) for f in problem.forbidden]),
    }


def problem_from_json(data: dict[str, Any]) -> PairingProblem:
    """Rebuild exactly the problem that :func:`problem_to_json` froze."""
    return PairingProblem(
        students=tuple(
            StudentRequest(
                id=s["id"],
                name=s["name"],
                ranking=tuple(s["ranking"]),
                interests=frozenset(s["interests"]),
                languages=frozenset(s["languages"]),
                campus=s["campus"],
                waiting_since=date.fromisoformat(s["waiting_since"])
                if s["waiting_since"]
                else None,
                coach_left=s["coach_left"],
                keep_coach=s["keep_coach"],
            )
            for s in data["students"]
        ),
        coaches=tuple(
            CoachSeat(
                id=c["id"],
                name=c["name"],
                capacity=c["capacity"],
                interests=frozenset(c["interests"]),
                languages=frozenset(c["languages"]),
                campus=c["campus"],
                specialty=c["specialty"],
            )
            for c in data["coaches"]
        ),
        forbidden=frozenset(ForbiddenPair(*f) for f in data["forbidden"]),
        seed=data["seed"],
        pair_outside_lists=data["pair_outside_lists"],
    )
