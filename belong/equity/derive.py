"""Stage events derived from affiliations, in bulk (Polars over one query).

What an affiliation history says, and what it does not:

* an ``applicant`` row is an application: **applied**, in its cohort year (the
  entering year applied for; the start year if none);
* ``student`` rows: the first start is **matriculated**, in that year (the
  entering class); the last row's status says **graduated**, **withdrew** or
  **dismissed**, dated by its end and counted in the entering class's year;
* ``resident`` rows: **appointed** at the first start; **completed**,
  **withdrew** or **dismissed** from the last row, in the appointment year;
* ``faculty`` rows: **hired** at the first start; **promoted to associate**
  and **to full professor** when a later row first carries that rank (someone
  hired at a rank is not promoted to it); **retained 3 years** and **5 years**
  when still in post that long; **departed** when the last row ended as
  separated. Faculty and staff count events in their own year;
* ``staff`` rows: **hired** at the first start, **separated** from the last row.

Interviews and offers, leadership appointments and staff promotions are not in
the affiliation records; they come from event imports.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from belong.people.models import Affiliation

COLUMNS = ("person_id", "pipeline", "stage", "year", "unit_id", "date")
_SCHEMA = {
    "person_id": pl.Int64,
    "pipeline": pl.String,
    "stage": pl.String,
    "year": pl.Int32,
    "unit_id": pl.Int64,
    "date": pl.Date,
}
_RANK_LEVEL = {"instructor": 0, "assistant": 1, "associate": 2, "full": 3, "emeritus": 3}


def affiliations_frame() -> pl.DataFrame:
    rows = Affiliation.objects.values_list(
        "person_id", "kind", "unit_id", "start_date", "end_date", "cohort", "rank", "status"
    ).order_by()
    return pl.DataFrame(
        list(rows),
        schema={
            "person_id": pl.Int64,
            "kind": pl.String,
            "unit_id": pl.Int64,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "cohort": pl.Int32,
            "rank": pl.String,
            "status": pl.String,
        },
        orient="row",
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_SCHEMA)


def _event(
    frame: pl.DataFrame, pipeline: str, stage: str, year: pl.Expr, date: pl.Expr
) -> pl.DataFrame:
    if frame.is_empty():
        return _empty()
    return frame.select(
        "person_id",
        pl.lit(pipeline).alias("pipeline"),
        pl.lit(stage).alias("stage"),
        year.cast(pl.Int32).alias("year"),
        "unit_id",
        date.alias("date"),
    )


def _careers(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per person: first start, its unit, and how the last row ended."""
    return (
        rows.sort("person_id", "start_date")
        .group_by("person_id", maintain_order=True)
        .agg(
            pl.col("start_date").first().alias("first_start"),
            pl.col("unit_id").first().alias("unit_id"),
            pl.col("end_date").last().alias("last_end"),
            pl.col("status").last().alias("last_status"),
            pl.col("cohort").first().alias("cohort"),
        )
    )


def _endings(
    careers: pl.DataFrame, pipeline: str, year: pl.Expr, stages: dict[str, str], today: dt.date
) -> list[pl.DataFrame]:
    out = []
    for status, stage in stages.items():
        ended = careers.filter(
            (pl.col("last_status") == status)
            & pl.col("last_end").is_not_null()
            & (pl.col("last_end") <= today)
        )
        out.append(_event(ended, pipeline, stage, year, pl.col("last_end")))
    return out


def derive_events(affiliations: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    """Every event the affiliation records imply (columns :data:`COLUMNS`), unique per key."""
    parts: list[pl.DataFrame] = []
    started = affiliations.filter(pl.col("start_date") <= today)

    applicants = started.filter(pl.col("kind") == "applicant")
    parts.append(
        _event(
            applicants,
            "md_admissions",
            "applied",
            pl.coalesce(pl.col("cohort"), pl.col("start_date").dt.year()),
            pl.col("start_date"),
        )
    )

    students = _careers(started.filter(pl.col("kind") == "student"))
    entering = pl.col("first_start").dt.year()
    parts.append(_event(students, "md_admissions", "matriculated", entering, pl.col("first_start")))
    parts += _endings(
        students,
        "md_admissions",
        entering,
        {"completed": "graduated", "withdrawn": "withdrew", "dismissed": "dismissed"},
        today,
    )

    residents = _careers(started.filter(pl.col("kind") == "resident"))
    appointed = pl.col("first_start").dt.year()
    parts.append(_event(residents, "residents", "appointed", appointed, pl.col("first_start")))
    parts += _endings(
        residents,
        "residents",
        appointed,
        {"completed": "completed", "withdrawn": "withdrew", "dismissed": "dismissed"},
        today,
    )

    parts += _faculty(started.filter(pl.col("kind") == "faculty"), today)

    staff = _careers(started.filter(pl.col("kind") == "staff"))
    parts.append(
        _event(staff, "staff", "hired", pl.col("first_start").dt.year(), pl.col("first_start"))
    )
    parts += _endings(
        staff, "staff", pl.col("last_end").dt.year(), {"separated": "separated"}, today
    )

    events = pl.concat([p for p in parts if not p.is_empty()] or [_empty()], how="vertical")
    return events.sort("person_id", "pipeline", "stage", "year", "date").unique(
        subset=["person_id", "pipeline", "stage", "year"], keep="first", maintain_order=True
    )


def _faculty(rows: pl.DataFrame, today: dt.date) -> list[pl.DataFrame]:
    if rows.is_empty():
        return []
    careers = _careers(rows)
    out = [
        _event(careers, "faculty", "hired", pl.col("first_start").dt.year(), pl.col("first_start"))
    ]
    ranked = rows.with_columns(
        pl.col("rank")
        .replace_strict(_RANK_LEVEL, default=None, return_dtype=pl.Int8)
        .alias("level")
    ).sort("person_id", "start_date")
    first_level = ranked.group_by("person_id").agg(pl.col("level").drop_nulls().first().alias("l0"))
    for level, stage in ((2, "promoted_associate"), (3, "promoted_full")):
        reached = (
            ranked.filter(pl.col("level") >= level)
            .group_by("person_id")
            .agg(pl.col("start_date").min().alias("when"), pl.col("unit_id").first())
            .join(first_level, on="person_id")
            .filter(pl.col("l0") < level)
        )
        out.append(_event(reached, "faculty", stage, pl.col("when").dt.year(), pl.col("when")))
    for years, stage in ((3, "retained_3y"), (5, "retained_5y")):
        mark = pl.col("first_start").dt.offset_by(f"{years}y")
        kept = careers.filter(
            (mark <= today)
            & (
                pl.col("last_end").is_null()
                | (pl.col("last_end") >= pl.col("first_start").dt.offset_by(f"{years}y"))
            )
        )
        out.append(_event(kept, "faculty", stage, mark.dt.year(), mark))
    out += _endings(
        careers, "faculty", pl.col("last_end").dt.year(), {"separated": "departed"}, today
    )
    return out
