"""Cohorts as REACH and check-ins use them, on the school's academic calendar
(``belong.core.academic_calendar``). A cohort is a class year (the year the
class graduates); each cohort has one REACH week a quarter.
"""

from __future__ import annotations

from datetime import date

from belong.core.academic_calendar import (
    ACADEMIC_YEAR_STARTS_MONTH,
    QUARTER_CHOICES,
    QUARTER_MONTHS,
    academic_year_label,
    academic_year_of,
    previous_term,
    quarter_bounds,
    quarter_of,
    term_label,
    term_of,
)
from belong.people.models import Person
from belong.people.students import current_cohorts, current_student_rows, current_students

__all__ = [
    "ACADEMIC_YEAR_STARTS_MONTH",
    "QUARTER_CHOICES",
    "QUARTER_MONTHS",
    "academic_year_label",
    "academic_year_of",
    "current_cohorts",
    "previous_term",
    "quarter_bounds",
    "quarter_of",
    "term_label",
    "term_of",
]


def cohort_of(person: Person | None, on: date | None = None) -> int | None:
    """The class year of a current student, or None for anyone else."""
    if person is None:
        return None
    return (
        current_student_rows(on)
        .filter(person=person)
        .order_by("-start_date")
        .values_list("cohort", flat=True)
        .first()
    )


def current_students_by_cohort(on: date | None = None) -> dict[int, int]:
    """{person id: class year} for every current student (one query)."""
    return current_students(on)


def students_of_cohort(cohort: int, on: date | None = None):  # type: ignore[no-untyped-def]
    """Current students of a class year, as a Person queryset ordered by name."""
    ids = current_student_rows(on, cohorts=[cohort]).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("legal_family_name", "legal_given_name")
