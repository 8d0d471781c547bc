"""Who assesses whom: the rule that keeps coaching and counselling apart from grading."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from belong.people.models import Affiliation, AssessmentRelationship


def _current(on: date | None) -> Q:
    day = on or timezone.localdate()
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _cohorts_of(student_ids: Iterable[int]) -> dict[int, set[int]]:
    cohorts: dict[int, set[int]] = {}
    rows = Affiliation.objects.filter(
        person_id__in=list(student_ids), kind=Affiliation.Kind.STUDENT, cohort__isnull=False
    ).values_list("person_id", "cohort")
    for person_id, cohort in rows:
        if cohort is not None:
            cohorts.setdefault(person_id, set()).add(cohort)
    return cohorts


@dataclass(frozen=True)
class Assessment:
    """One current assessment of one student (a whole-class assessment expanded)."""

    assessor_id: int
    student_id: int
    role: str
    course: str


def current_assessments(
    student_ids: Iterable[int],
    *,
    on: date | None = None,
    assessor_ids: Iterable[int] | None = None,
) -> list[Assessment]:
    """Every current assessment of these students, by anyone (or by ``assessor_ids``)."""
    ids = set(student_ids)
    cohorts = _cohorts_of(ids)
    all_cohorts = {c for cs in cohorts.values() for c in cs}
    relationships = AssessmentRelationship.objects.filter(_current(on)).filter(
        Q(student_id__in=ids) | Q(student__isnull=True, cohort__in=all_cohorts)
    )
    if assessor_ids is not None:
        relationships = relationships.filter(assessor_id__in=list(assessor_ids))
    found: list[Assessment] = []
    for assessor_id, student_id, cohort, role, course in relationships.values_list(
        "assessor_id", "student_id", "cohort", "role", "course"
    ):
        if student_id is not None:
            found.append(Assessment(assessor_id, student_id, role, course))
        else:
            found.extend(
                Assessment(assessor_id, s, role, course)
                for s, cs in cohorts.items()
                if cohort in cs
            )
    return found


def assessor_pairs(student_ids: Iterable[int], *, on: date | None = None) -> set[tuple[int, int]]:
    """(assessor person id, student person id) for every current assessment of these students."""
    return {(a.assessor_id, a.student_id) for a in current_assessments(student_ids, on=on)}


def assesses(assessor_id: int, student_id: int, *, on: date | None = None) -> bool:
    """Whether ``assessor_id`` currently assesses ``student_id`` (directly or via the cohort)."""
    return (assessor_id, student_id) in assessor_pairs([student_id], on=on)
