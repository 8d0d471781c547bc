from __future__ import annotations

import datetime as dt

import pytest

from belong.wellbeing import terms


@pytest.mark.parametrize(
    ("day", "year", "quarter"),
    [
        (dt.date(2026, 7, 1), 2026, 1),
        (dt.date(2026, 9, 30), 2026, 1),
        (dt.date(2026, 10, 1), 2026, 2),
        (dt.date(2026, 12, 31), 2026, 2),
        (dt.date(2027, 1, 1), 2026, 3),
        (dt.date(2027, 4, 1), 2026, 4),
        (dt.date(2027, 6, 30), 2026, 4),
    ],
)
def test_term_of(day, year, quarter) -> None:  # type: ignore[no-untyped-def]
    assert terms.term_of(day) == (year, quarter)


def test_quarter_bounds_and_previous_term() -> None:
    assert terms.quarter_bounds(2026, 1) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert terms.quarter_bounds(2026, 2) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert terms.quarter_bounds(2026, 3) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert terms.quarter_bounds(2026, 4) == (dt.date(2027, 4, 1), dt.date(2027, 6, 30))
    assert terms.previous_term(2026, 1) == (2025, 4)
    assert terms.previous_term(2026, 3) == (2026, 2)
    assert terms.academic_year_label(2026) == "2026–27"
    assert terms.academic_year_label(2099) == "2099–00"


def test_cohort_of_current_students_only(world) -> None:  # type: ignore[no-untyped-def]
    assert terms.cohort_of(world.person("student")) == 2027
    assert terms.cohort_of(world.person("faculty")) is None
    assert terms.current_cohorts() == [2027]
    affiliation = world.person("student").affiliations.get()
    affiliation.status = "withdrawn"
    affiliation.save()
    assert terms.cohort_of(world.person("student")) is None
