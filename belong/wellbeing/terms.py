"""The school calendar as REACH and check-ins use it: academic years, quarters, cohorts.

An academic year starts on 1 July and is named by the calendar year it starts
in (2026 is "2026–27"). Its four quarters are July–September, October–
December, January–March and April–June; each cohort has one REACH week a
quarter. A cohort is a class year (the year the class graduates).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from belong.people.models import Affiliation, Person

ACADEMIC_YEAR_STARTS_MONTH = 7
QUARTER_MONTHS = {
    1: "July–September",
    2: "October–December",
    3: "January–March",
    4: "April–June",
}
QUARTER_CHOICES = [(q, f"Quarter {q} ({months})") for q, months in QUARTER_MONTHS.items()]


def academic_year_of(day: date) -> int:
    """The academic year (named by its first calendar year) that ``day`` falls in."""
    return day.year if day.month >= ACADEMIC_YEAR_STARTS_MONTH else day.year - 1


def quarter_of(day: date) -> int:
    """1–4: which quarter of its academic year ``day`` falls in."""
    return (day.month - ACADEMIC_YEAR_STARTS_MONTH) % 12 // 3 + 1


def term_of(day: date) -> tuple[int, int]:
    return academic_year_of(day), quarter_of(day)


def quarter_bounds(academic_year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    month0 = ACADEMIC_YEAR_STARTS_MONTH - 1 + (quarter - 1) * 3  # zero-based months from Jan
    year = academic_year + month0 // 12
    first = date(year, month0 % 12 + 1, 1)
    next_month0 = month0 + 3
    after = date(academic_year + next_month0 // 12, next_month0 % 12 + 1, 1)
    return first, after - timedelta(days=1)


def previous_term(academic_year: int, quarter: int) -> tuple[int, int]:
    return (academic_year, quarter - 1) if quarter > 1 else (academic_year - 1, 4)


def academic_year_label(academic_year: int) -> str:
    return f"{academic_year}–{(academic_year + 1) % 100:02d}"


def term_label(academic_year: int, quarter: int) -> str:
    return f"Quarter {quarter} of {academic_year_label(academic_year)}"


def _current_students(on: date | None = None) -> Q:
    day = on or timezone.localdate()
    return (
        Q(kind=Affiliation.Kind.STUDENT, cohort__isnull=False, start_date__lte=day)
        & (Q(end_date__isnull=True) | Q(end_date__gte=day))
        & Q(status__in=[Affiliation.Status.ACTIVE, Affiliation.Status.LEAVE])
    )


def cohort_of(person: Person | None, on: date | None = None) -> int | None:
    """The class year of a current student, or None for anyone else."""
    if person is None:
        return None
    return (
        Affiliation.objects.filter(_current_students(on), person=person)
        .order_by("-start_date")
        .values_list("cohort", flat=True)
        .first()
    )


def current_cohorts(on: date | None = None) -> list[int]:
    """Class years that have current students, earliest first."""
    cohorts = Affiliation.objects.filter(_current_students(on)).values_list("cohort", flat=True)
    return sorted({c for c in cohorts if c is not None})


def current_students_by_cohort(on: date | None = None) -> dict[int, int]:
    """{person id: class year} for every current student (one query)."""
    rows = (
        Affiliation.objects.filter(_current_students(on))
        .order_by("person_id", "start_date")
        .values_list("person_id", "cohort")
    )
    # The latest affiliation of a person wins; the filter guarantees a cohort.
    return {person_id: cohort for person_id, cohort in rows if cohort is not None}


def students_of_cohort(cohort: int, on: date | None = None):  # type: ignore[no-untyped-def]
    """Current students of a class year, as a Person queryset ordered by name."""
    ids = Affiliation.objects.filter(_current_students(on), cohort=cohort).values("person_id")
    return Person.objects.filter(pk__in=ids).order_by("legal_family_name", "legal_given_name")
