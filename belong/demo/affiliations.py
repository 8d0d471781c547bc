"""Affiliations with history, derived from the population's stage events.

Pure Polars (no database): one frame with a row per ``Affiliation`` to make,
columns as in :data:`COLUMNS`, units and campuses still as codes. History is
kept the way ``people.actions.plan_affiliation`` keeps it: a change of rank,
title or status is a new row, and the row it replaces ends the day before.

* MD admissions: each application is an ``applicant`` row (cohort = the
  entering year, title = the furthest stage reached) that ends when the cycle
  does; a matriculant then has a ``student`` row (cohort = class year) that
  ends at graduation (completed), withdrawal or dismissal.
* Residents: one ``resident`` row from appointment to completion or exit.
* Faculty: hired as assistant professor; each promotion and a leadership
  appointment start a new row; a departure ends the last one (separated).
* Staff: hired; a promotion starts a new row with a senior title; a
  separation ends the last one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import polars as pl

COLUMNS: tuple[str, ...] = (
    "person_id",
    "kind",
    "unit",
    "campus",
    "start_date",
    "end_date",
    "cohort",
    "rank",
    "track",
    "title",
    "status",
)
SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "kind": pl.String(),
    "unit": pl.String(),
    "campus": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "cohort": pl.Int32(),
    "rank": pl.String(),
    "track": pl.String(),
    "title": pl.String(),
    "status": pl.String(),
}

FACULTY_TRACKS: tuple[tuple[str, float], ...] = (
    ("clinical", 0.55),
    ("tenure", 0.20),
    ("research", 0.15),
    ("adjunct", 0.10),
)
LEADERSHIP_TITLES: tuple[str, ...] = (
    "Division chief",
    "Vice chair for education",
    "Residency program director",
    "Associate dean",
    "Medical director",
)
RESIDENT_TITLES: tuple[tuple[str, float], ...] = (("Resident", 0.75), ("Fellow", 0.25))
# Staff job families: by office, and for everywhere else.
STAFF_TITLES_BY_UNIT: dict[str, tuple[str, ...]] = {
    "student-affairs": ("Student services coordinator", "Student affairs officer"),
    "inclusive-excellence": ("Program manager", "Community engagement coordinator"),
    "counselling": ("Counsellor", "Intake coordinator"),
    "tutoring": ("Learning specialist", "Tutoring coordinator"),
    "disability-resources": ("Accessibility specialist",),
    "career-advising": ("Career adviser",),
    "financial-aid": ("Financial aid counsellor",),
    "registrar": ("Records specialist", "Curriculum data coordinator"),
}
STAFF_TITLES: tuple[str, ...] = (
    "Administrative assistant",
    "Program coordinator",
    "Research coordinator",
    "Financial analyst",
    "Clinical research nurse",
    "IT support specialist",
    "Communications specialist",
    "Laboratory technician",
    "Facilities technician",
    "Project manager",
)


def senior_title(title: str) -> str:
    """``"Program coordinator"`` → ``"Senior program coordinator"`` (acronyms kept)."""
    head = title if title[:2].isupper() else title[:1].lower() + title[1:]
    return f"Senior {head}"


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def _stage_dates(events: pl.DataFrame, stages: Sequence[str]) -> pl.DataFrame:
    """One row per person: the first unit, the smallest year and each stage's date."""
    return (
        events.group_by("person_id")
        .agg(
            pl.col("year").min().alias("cycle"),
            pl.col("unit").sort_by("date").first().alias("unit"),
            *[pl.col("date").filter(pl.col("stage") == s).min().alias(s) for s in stages],
        )
        .sort("person_id")
    )


def _pick(rng: np.random.Generator, options: Sequence[tuple[str, float]], n: int) -> pl.Series:
    weights = np.array([w for _, w in options], dtype=np.float64)
    chosen = rng.choice(len(options), size=n, p=weights / weights.sum())
    return pl.Series([code for code, _ in options], dtype=pl.String).gather(chosen)


def md_rows(events: pl.DataFrame, today: date, campus: str | None) -> pl.DataFrame:
    """Applicant rows for every application, student rows for every matriculant."""
    md = events.filter(pl.col("pipeline") == "md_admissions")
    if md.is_empty():
        return _empty()
    stages = ("applied", "interviewed", "offered", "matriculated", "withdrew", "dismissed",
              "graduated")  # fmt: skip
    per = _stage_dates(md, stages)
    # Every applicant of a cycle stops being one the day before that cycle's class starts.
    starts = per.group_by("cycle").agg(pl.col("matriculated").min().alias("class_starts"))
    per = per.join(starts, on="cycle", how="left").with_columns(
        pl.min_horizontal(
            pl.coalesce("class_starts", pl.date(pl.col("cycle"), 7, 1)), pl.lit(today)
        ).alias("class_starts")
    )
    furthest = (
        pl.when(pl.col("matriculated").is_not_null())
        .then(pl.lit("Matriculated"))
        .when(pl.col("offered").is_not_null())
        .then(pl.lit("Offered a place"))
        .when(pl.col("interviewed").is_not_null())
        .then(pl.lit("Interviewed"))
        .otherwise(pl.lit("Applied"))
    )
    applicants = per.filter(pl.col("applied").is_not_null()).select(
        "person_id",
        pl.lit("applicant").alias("kind"),
        "unit",
        pl.lit(None, pl.String).alias("campus"),
        pl.col("applied").alias("start_date"),
        pl.max_horizontal(pl.col("applied"), pl.col("class_starts") - pl.duration(days=1)).alias(
            "end_date"
        ),
        pl.col("cycle").cast(pl.Int32).alias("cohort"),
        pl.lit("").alias("rank"),
        pl.lit("").alias("track"),
        furthest.alias("title"),
        pl.lit("completed").alias("status"),
    )
    students = per.filter(pl.col("matriculated").is_not_null()).select(
        "person_id",
        pl.lit("student").alias("kind"),
        "unit",
        pl.lit(campus, pl.String).alias("campus"),
        pl.col("matriculated").alias("start_date"),
        pl.coalesce("dismissed", "withdrew", "graduated").alias("end_date"),
        (pl.col("cycle") + 4).cast(pl.Int32).alias("cohort"),
        pl.lit("").alias("rank"),
        pl.lit("").alias("track"),
        pl.lit("").alias("title"),
        pl.when(pl.col("dismissed").is_not_null())
        .then(pl.lit("dismissed"))
        .when(pl.col("withdrew").is_not_null())
        .then(pl.lit("withdrawn"))
        .when(pl.col("graduated").is_not_null())
        .then(pl.lit("completed"))
        .otherwise(pl.lit("active"))
        .alias("status"),
    )
    return pl.concat([applicants, students]).cast(SCHEMA)  # type: ignore[arg-type]


def resident_rows(
    events: pl.DataFrame, rng: np.random.Generator, campuses: Sequence[str]
) -> pl.DataFrame:
    """One row per resident or fellow, from appointment to completion or exit."""
    res = events.filter(pl.col("pipeline") == "residents")
    if res.is_empty():
        return _empty()
    per = _stage_dates(res, ("appointed", "completed", "withdrew", "dismissed")).filter(
        pl.col("appointed").is_not_null()
    )
    n = per.height
    return (
        per.with_columns(
            _pick(rng, RESIDENT_TITLES, n).alias("title"),
            pl.Series("campus", list(campuses), dtype=pl.String).gather(
                rng.integers(0, len(campuses), n)
            ),
        )
        .select(
            "person_id",
            pl.lit("resident").alias("kind"),
            "unit",
            "campus",
            pl.col("appointed").alias("start_date"),
            pl.coalesce("dismissed", "withdrew", "completed").alias("end_date"),
            pl.lit(None, pl.Int32).alias("cohort"),
            pl.lit("").alias("rank"),
            pl.lit("").alias("track"),
            "title",
            pl.when(pl.col("dismissed").is_not_null())
            .then(pl.lit("dismissed"))
            .when(pl.col("withdrew").is_not_null())
            .then(pl.lit("withdrawn"))
            .when(pl.col("completed").is_not_null())
            .then(pl.lit("completed"))
            .otherwise(pl.lit("active"))
            .alias("status"),
        )
        .cast(SCHEMA)  # type: ignore[arg-type]
    )


def _career(
    events: pl.DataFrame, *, levels: Mapping[str, int], flag: str | None, exit_stage: str
) -> pl.DataFrame:
    """Rows of a career: one per change of level (or of ``flag``), ended by the next.

    Returns ``person_id``, ``start_date``, ``end_date``, ``level`` (running
    highest level), ``flagged`` (whether ``flag`` has happened) and ``exited``.
    """
    changes = (
        events.filter(pl.col("stage").is_in([*levels, *([flag] if flag else [])]))
        .select(
            "person_id",
            pl.col("date").alias("start_date"),
            pl.col("stage")
            .replace_strict(dict(levels), default=0, return_dtype=pl.Int8)
            .alias("level"),
            (pl.col("stage") == (flag or "")).alias("flagged"),
        )
        .sort("person_id", "start_date", "level")
        .with_columns(
            pl.col("level").cum_max().over("person_id"),
            pl.col("flagged").cum_max().over("person_id"),
        )
        # Two changes on one day make one row, holding both.
        .unique(subset=["person_id", "start_date"], keep="last", maintain_order=True)
        .filter(pl.col("level") > 0)
    )
    exits = (
        events.filter(pl.col("stage") == exit_stage)
        .group_by("person_id")
        .agg(pl.col("date").min().alias("exit_date"))
    )
    return (
        changes.with_columns(pl.col("start_date").shift(-1).over("person_id").alias("next_start"))
        .join(exits, on="person_id", how="left")
        .with_columns(
            pl.when(pl.col("next_start").is_not_null())
            .then(pl.col("next_start") - pl.duration(days=1))
            .otherwise(pl.col("exit_date"))
            .alias("end_date"),
            (pl.col("next_start").is_null() & pl.col("exit_date").is_not_null()).alias("exited"),
        )
        .drop("next_start", "exit_date")
        .sort("person_id", "start_date")
    )


def _per_person(rows: pl.DataFrame, **columns: pl.Series) -> pl.DataFrame:
    """Attach one drawn value per person (drawn in ``person_id`` order) to every row."""
    people = rows.select(pl.col("person_id").unique(maintain_order=True)).sort("person_id")
    return rows.join(people.with_columns(**columns), on="person_id", how="left")


def faculty_rows(
    events: pl.DataFrame, rng: np.random.Generator, campuses: Sequence[str]
) -> pl.DataFrame:
    """Assistant → associate → full professor, with leadership titles and departures."""
    fac = events.filter(pl.col("pipeline") == "faculty")
    if fac.is_empty():
        return _empty()
    rows = _career(
        fac,
        levels={"hired": 1, "promoted_associate": 2, "promoted_full": 3},
        flag="leadership_appointment",
        exit_stage="departed",
    )
    units = fac.filter(pl.col("stage") == "hired").select("person_id", "unit")
    n = rows["person_id"].n_unique()
    rows = _per_person(
        rows,
        track=_pick(rng, FACULTY_TRACKS, n),
        lead_title=pl.Series(LEADERSHIP_TITLES).gather(rng.integers(0, len(LEADERSHIP_TITLES), n)),
        campus=pl.Series(list(campuses), dtype=pl.String).gather(rng.integers(0, len(campuses), n)),
    ).join(units, on="person_id", how="left")
    return rows.select(
        "person_id",
        pl.lit("faculty").alias("kind"),
        "unit",
        "campus",
        "start_date",
        "end_date",
        pl.lit(None, pl.Int32).alias("cohort"),
        pl.col("level")
        .replace_strict({1: "assistant", 2: "associate", 3: "full"}, return_dtype=pl.String)
        .alias("rank"),
        "track",
        pl.when(pl.col("flagged")).then(pl.col("lead_title")).otherwise(pl.lit("")).alias("title"),
        pl.when(pl.col("exited"))
        .then(pl.lit("separated"))
        .otherwise(pl.lit("active"))
        .alias("status"),
    ).cast(SCHEMA)  # type: ignore[arg-type]


def staff_rows(
    events: pl.DataFrame, rng: np.random.Generator, units: Sequence[tuple[str, float]]
) -> pl.DataFrame:
    """Hired, promoted to a senior title, separated. The event's unit is a campus."""
    staff = events.filter(pl.col("pipeline") == "staff")
    if staff.is_empty():
        return _empty()
    rows = _career(staff, levels={"hired": 1, "promoted": 2}, flag=None, exit_stage="separated")
    campus = staff.filter(pl.col("stage") == "hired").select(
        "person_id", pl.col("unit").alias("campus")
    )
    n = rows["person_id"].n_unique()
    unit = _pick(rng, units, n)
    families = []
    for code, u in zip(unit.to_list(), rng.random(n), strict=True):
        options = STAFF_TITLES_BY_UNIT.get(code, STAFF_TITLES)
        families.append(options[int(u * len(options))])
    rows = _per_person(rows, unit=unit, family=pl.Series(families, dtype=pl.String)).join(
        campus, on="person_id", how="left"
    )
    senior = pl.col("family").replace_strict(
        {f: senior_title(f) for f in set(families)}, return_dtype=pl.String
    )
    return rows.select(
        "person_id",
        pl.lit("staff").alias("kind"),
        "unit",
        "campus",
        "start_date",
        "end_date",
        pl.lit(None, pl.Int32).alias("cohort"),
        pl.lit("").alias("rank"),
        pl.lit("").alias("track"),
        pl.when(pl.col("level") >= 2).then(senior).otherwise(pl.col("family")).alias("title"),
        pl.when(pl.col("exited"))
        .then(pl.lit("separated"))
        .otherwise(pl.lit("active"))
        .alias("status"),
    ).cast(SCHEMA)  # type: ignore[arg-type]


def current(today: date) -> pl.Expr:
    """Rows current on ``today`` (as ``Affiliation.objects.current()`` decides)."""
    return (pl.col("start_date") <= today) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= today)
    )
