"""Who the school's current students are, by class: one definition for every module.

A current student holds a student affiliation with a class year that is current
today and active or on leave. Students on leave are still the school's
students: they keep their coach, their REACH calendar and their coverage
requirement, and every count of students includes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from belong.people.models import Affiliation

_STATUSES = (Affiliation.Status.ACTIVE, Affiliation.Status.LEAVE)


def current_student_rows(
    on: date | None = None, *, cohorts: Iterable[int] | None = None
) -> QuerySet[Affiliation]:
    """Current student affiliations (with a class year), unordered."""
    day = on or timezone.localdate()
    rows = (
        Affiliation.objects.current(day)
        .filter(kind=Affiliation.Kind.STUDENT, cohort__isnull=False, status__in=_STATUSES)
        .order_by()
    )
    if cohorts is not None:
        rows = rows.filter(cohort__in=list(cohorts))
    return rows


def current_students(
    on: date | None = None, *, cohorts: Iterable[int] | None = None
) -> dict[int, int]:
    """{person id: class year} of every current student (one query); the latest
    affiliation of a person wins."""
    rows = current_student_rows(on, cohorts=cohorts).order_by("person_id", "start_date")
    # The filter guarantees a class year; the check tells the type checker so.
    return {pid: cohort for pid, cohort in rows.values_list("person_id", "cohort") if cohort}


def current_cohorts(on: date | None = None) -> list[int]:
    """Class years that have current students, oldest class first."""
    years = current_student_rows(on).values_list("cohort", flat=True).distinct()
    return sorted({year for year in years if year})
