"""Align the synthetic population's fixed calendar with the day the demo is built.

The population describes ten application cycles up to a fixed ``as_of``. A
demo opened years later must still look current: four classes of students in
school, faculty and staff in post, nothing dated in the future. Every date is
moved by the same whole number of years, chosen so that the newest entering
class has matriculated by today; events that would still lie in the future
(a withdrawal next spring, a hire next month) have not happened yet and are
dropped, and so are people left with no event at all.

Between the spring graduation and the summer matriculation the outgoing class
is still shown in school: the population only graduates classes whose fourth
year ended before its own ``as_of``.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl

from belong.demo.population import Population


def year_shift(population: Population, today: date) -> int:
    """Whole years to add so that the newest class has matriculated by ``today``."""
    matriculated = population.events.filter(pl.col("stage") == "matriculated")
    anchor: date = matriculated["date"].max() if matriculated.height else population.as_of  # type: ignore[assignment]
    shift = today.year - anchor.year
    if (today.month, today.day) < (anchor.month, anchor.day):
        shift -= 1
    return shift


def shift_dates(column: str, years: int) -> pl.Expr:
    """``column`` moved by whole years (29 February becomes 28 February)."""
    return pl.col(column).dt.offset_by(f"{years}y")


def align(population: Population, today: date) -> tuple[Population, int]:
    """The population moved onto today's calendar, and the shift in years."""
    shift = year_shift(population, today)
    events = population.events.with_columns(
        shift_dates("date", shift),
        (pl.col("year") + shift).cast(population.events.schema["year"]),
    ).filter(pl.col("date") <= today)
    present = events.select(pl.col("person_id").unique())
    people = population.people.join(present, on="person_id", how="semi")
    aligned = dataclasses.replace(
        population,
        people=people,
        events=events,
        years=tuple(year + shift for year in population.years),
        as_of=today,
    )
    return aligned, shift
