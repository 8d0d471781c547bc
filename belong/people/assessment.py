"""Who assesses whom: the rule that keeps coaching and counselling apart from grading."""

from __future__ import annotations

from collections.abc import Iterable
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


def assessor_pairs(student_ids: Iterable[int], *, on: date | None = None) -> set[tuple[int, int]]:
    """(assessor person id, student person id) for every current assessment of these students."""
    ids = set(student_ids)
    cohorts = _cohorts_of(ids)
    all_cohorts = {c for cs in cohorts.values() for c in cs}
    pairs: set[tuple[int, int]] = set()
    relationships = AssessmentRelationship.objects.filter(_current(on)).filter(
        Q(student_id__in=ids) | Q(student__isnull=True, cohort__in=all_cohorts)
    )
    for assessor_id, student_id, cohort in relationships.values_list(
        "assessor_id", "student_id", "cohort"
    ):
        if student_id is not None:
            pairs.add((assessor_id, student_id))
        else:
            pairs.update((assessor_id, s) for s, cs in cohorts.items() if cohort in cs)
    return pairs


def assesses(assessor_id: int, student_id: int, *, on: date | None = None) -> bool:
    """Whether ``assessor_id`` currently assesses ``student_id`` (directly or via the cohort)."""
    return (assessor_id, student_id) in assessor_pairs([student_id], on=on)
