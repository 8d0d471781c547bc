"""The synthetic calendar follows the day of the build, whatever the time of year."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from belong.demo import affiliations as aff
from belong.demo.calendar import align
from belong.demo.population import generate_population

POPULATION = generate_population(5, 0.1)
DAYS = [
    date(2026, 11, 24),
    date(2027, 1, 15),
    date(2027, 6, 15),
    date(2027, 7, 31),
    date(2027, 9, 1),
    date(2031, 2, 28),
]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_aligned_population_has_four_current_classes_and_no_future(today: date) -> None:
    aligned, shift = align(POPULATION, today)
    assert aligned.events["date"].max() <= today
    rows = aff.md_rows(aligned.events, today, "campus_main")
    current = rows.filter((pl.col("kind") == "student") & aff.current(today))
    assert current["cohort"].n_unique() == 4
    assert aligned.years == tuple(y + shift for y in POPULATION.years)
    assert aligned.as_of == today


def test_shift_is_whole_years_and_keeps_the_day() -> None:
    aligned, shift = align(POPULATION, date(2026, 11, 24))
    assert shift == 2
    before = POPULATION.events.filter(pl.col("stage") == "matriculated")["date"].min()
    after = aligned.events.filter(pl.col("stage") == "matriculated")["date"].min()
    assert (after.year - before.year, after.month, after.day) == (2, before.month, before.day)


def test_people_without_a_past_event_are_left_out() -> None:
    aligned, _ = align(POPULATION, date(2026, 11, 24))
    with_events = set(aligned.events["person_id"].unique().to_list())
    assert set(aligned.people["person_id"].to_list()) == with_events
    assert aligned.people.height < POPULATION.people.height


def test_affiliation_rows_never_end_before_they_start() -> None:
    today = date(2026, 11, 24)
    aligned, _ = align(POPULATION, today)
    rng = __import__("numpy").random.default_rng(0)
    rows = pl.concat(
        [
            aff.md_rows(aligned.events, today, "campus_main"),
            aff.resident_rows(aligned.events, rng, ["campus_main"]),
            aff.faculty_rows(aligned.events, rng, ["campus_main"]),
            aff.staff_rows(aligned.events, rng, [("school", 1.0)]),
        ]
    )
    assert rows.filter(pl.col("end_date") < pl.col("start_date")).is_empty()
    # At most one open row per person and kind: history is a chain, not overlaps.
    open_rows = rows.filter(pl.col("end_date").is_null()).group_by("person_id", "kind").len()
    assert open_rows["len"].max() == 1
