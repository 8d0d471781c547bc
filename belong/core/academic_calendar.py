"""The school's academic calendar: academic years and their quarters.

An academic year starts on 1 July and is named by the calendar year it starts
in (2026 is "2026–27"). Its four quarters are July–September, October–
December, January–March and April–June. REACH weeks, check-ins, coverage years
and coaching nudges all count time this way.
"""

from __future__ import annotations

from datetime import date, timedelta

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


def quarter_bounds_of(day: date) -> tuple[date, date]:
    """First and last day of the quarter ``day`` falls in."""
    return quarter_bounds(*term_of(day))
