"""A deterministic synthetic school: people and their stage events.

Used by the demo builder (``manage.py build_demo``), the equity benchmark and tests.
Everything is drawn with one ``numpy.random.Generator`` seeded by ``seed``
and assembled with vectorised numpy and Polars, so a million events take a
second or two and the same seed always gives the same frames.

At ``scale=1``: ten application cycles (2015-2024) of about 6,000 MD
applicants each, entering classes of about 150 (so about 600 students in four
current cohorts), about 250 residents and fellows a year, about 1,400 current
faculty and 2,500 current staff, with hires from 2005. ``scale`` multiplies
every volume (about 100,000 events per unit of scale).

Planted on purpose, so that a release has something real to find:

* interview rates for Black or African American applicants are about 0.4 times
  those of White applicants (a large, significant disparity every year), and a
  little lower for Hispanic or Latino applicants (a small one that single years
  cannot confirm);
* the Hispanic or Latino share of applicants rises across the ten cycles;
* women and Black faculty wait longer for promotion to associate professor;
* small groups (Native Hawaiian or Pacific Islander, intersex, transgender
  and non-binary people) so that some cells are suppressed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import polars as pl

__all__ = ["UNITS", "YEARS", "Population", "generate_population"]

YEARS: tuple[int, ...] = tuple(range(2015, 2025))
FIRST_HIRE_YEAR = 2005
AS_OF = dt.date(2024, 12, 31)

# Units as codes, reused by the demo builder: code -> (kind, label).
UNITS: dict[str, tuple[str, str]] = {
    "md": ("program", "MD program"),
    "gme": ("program", "Graduate medical education"),
    "medicine": ("department", "Department of Medicine"),
    "surgery": ("department", "Department of Surgery"),
    "pediatrics": ("department", "Department of Pediatrics"),
    "psychiatry": ("department", "Department of Psychiatry"),
    "family_medicine": ("department", "Department of Family Medicine"),
    "radiology": ("department", "Department of Radiology"),
    "neurology": ("department", "Department of Neurology"),
    "obgyn": ("department", "Department of Obstetrics and Gynecology"),
    "campus_main": ("campus", "Main campus"),
    "campus_north": ("campus", "North campus"),
    "campus_clinic": ("campus", "Community clinics"),
}
DEPARTMENTS = tuple(c for c, (kind, _) in UNITS.items() if kind == "department")
CAMPUSES = tuple(c for c, (kind, _) in UNITS.items() if kind == "campus")

# Race and ethnicity answers (select all) and their weights per population.
# Empty tuple = not answered.
_RACE_ANSWERS: tuple[tuple[str, ...], ...] = (
    ("white",),
    ("asian",),
    ("black",),
    ("hispanic",),
    ("hispanic", "white"),
    ("mena",),
    ("aian",),
    ("nhpi",),
    ("black", "white"),
    ("asian", "white"),
    ("black", "hispanic"),
    ("aian", "white"),
    ("mena", "white"),
    ("asian", "nhpi"),
    ("prefer_not",),
    (),
)
# fmt: off
_RACE_WEIGHTS = {
    # columns follow _RACE_ANSWERS: wh, as, bl, hi, hi+wh, mena, aian, nhpi,
    # bl+wh, as+wh, bl+hi, ai+wh, me+wh, as+nh, prefer not, not answered
    "applicant": (.40, .22, .10, .08, .04, .02, .006, .003, .015, .02, .006, .004, .004, .002,
                  .03, .04),
    "faculty": (.55, .22, .05, .05, .02, .02, .003, .002, .01, .015, .003, .002, .005, .001,
                .03, .03),
    "staff": (.45, .12, .16, .12, .03, .015, .008, .004, .02, .01, .01, .005, .003, .002,
              .02, .03),
}
# fmt: on
_HAS = {c: np.array([c in a for a in _RACE_ANSWERS]) for c in ("black", "hispanic", "aian")}


def _answers(
    codes: tuple[str | None, ...], weights: tuple[float, ...]
) -> tuple[pl.Series, np.ndarray]:
    w = np.asarray(weights, dtype=np.float64)
    return pl.Series(values=list(codes), dtype=pl.String), w / w.sum()


# Single-choice answers: (codes, weights); None = not answered.
_CHOICES: dict[str, dict[str, tuple[tuple[str | None, ...], tuple[float, ...]]]] = {
    "citizenship": {
        "applicant": (
            ("citizen", "permanent_resident", "nonresident", "prefer_not", None),
            (0.88, 0.05, 0.04, 0.01, 0.02),
        ),
        "faculty": (
            ("citizen", "permanent_resident", "nonresident", "prefer_not", None),
            (0.82, 0.10, 0.05, 0.01, 0.02),
        ),
        "staff": (
            ("citizen", "permanent_resident", "nonresident", "prefer_not", None),
            (0.90, 0.06, 0.01, 0.01, 0.02),
        ),
    },
    "sexual_orientation": {
        "*": (
            (
                "straight",
                "gay",
                "lesbian",
                "bisexual",
                "queer",
                "asexual",
                "another",
                "prefer_not",
                None,
            ),
            (0.80, 0.03, 0.02, 0.05, 0.015, 0.01, 0.005, 0.04, 0.035),
        ),
    },
    "first_generation": {
        "applicant": (("yes", "no", "prefer_not", None), (0.18, 0.74, 0.02, 0.06)),
        "faculty": (("yes", "no", "prefer_not", None), (0.12, 0.78, 0.03, 0.07)),
        "staff": (("yes", "no", "prefer_not", None), (0.35, 0.55, 0.03, 0.07)),
    },
    "disability": {"*": (("yes", "no", "prefer_not", None), (0.07, 0.83, 0.04, 0.06))},
    "veteran": {
        "applicant": (("yes", "no", "prefer_not", None), (0.01, 0.93, 0.01, 0.05)),
        "faculty": (("yes", "no", "prefer_not", None), (0.03, 0.90, 0.01, 0.06)),
        "staff": (("yes", "no", "prefer_not", None), (0.06, 0.87, 0.01, 0.06)),
    },
    "origin": {
        "*": (("rural", "suburban", "urban", "prefer_not", None), (0.14, 0.45, 0.33, 0.02, 0.06))
    },
    "age_band": {
        "applicant": (
            ("under_25", "25_34", "35_44", "prefer_not", None),
            (0.55, 0.40, 0.03, 0.005, 0.015),
        ),
        "faculty": (
            ("25_34", "35_44", "45_54", "55_64", "65_plus", "prefer_not", None),
            (0.10, 0.33, 0.27, 0.20, 0.07, 0.01, 0.02),
        ),
        "staff": (
            ("under_25", "25_34", "35_44", "45_54", "55_64", "65_plus", "prefer_not", None),
            (0.06, 0.28, 0.25, 0.20, 0.15, 0.04, 0.01, 0.01),
        ),
    },
}
_SEX = (("female", "male", "intersex", "prefer_not", None), (0.52, 0.45, 0.002, 0.01, 0.018))
# Gender identity given sex (rows follow _SEX codes).
_GENDER_CODES = (
    "woman",
    "man",
    "transgender_woman",
    "transgender_man",
    "nonbinary",
    "another",
    "prefer_not",
    None,
)
_GENDER_GIVEN_SEX = np.array(
    [
        (0.955, 0.001, 0.0, 0.006, 0.015, 0.003, 0.01, 0.01),
        (0.001, 0.955, 0.006, 0.0, 0.015, 0.003, 0.01, 0.01),
        (0.30, 0.30, 0.0, 0.0, 0.30, 0.10, 0.0, 0.0),
        (0.05, 0.05, 0.0, 0.0, 0.02, 0.0, 0.80, 0.08),
        (0.40, 0.40, 0.0, 0.0, 0.01, 0.0, 0.04, 0.15),
    ]
)


@dataclass(frozen=True)
class Population:
    """The synthetic school: ``people`` and ``events`` in the equity frame contract."""

    people: pl.DataFrame
    events: pl.DataFrame
    seed: int
    scale: float
    years: tuple[int, ...] = YEARS
    units: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(UNITS))
    as_of: dt.date = AS_OF


class _Draw:
    """Accumulates people of several populations, then builds one frame."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.parts: list[pl.DataFrame] = []
        self.next_id = 1

    def people(
        self, kind: str, n: int, hispanic_tilt: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        rng = self.rng
        ids = np.arange(self.next_id, self.next_id + n, dtype=np.int64)
        self.next_id += n
        weights = np.asarray(_RACE_WEIGHTS[kind], dtype=np.float64)
        weights = weights / weights.sum()
        race = rng.choice(len(_RACE_ANSWERS), size=n, p=weights)
        if hispanic_tilt is not None:
            # Raise the Hispanic share over time: redraw a slice of White-alone answers.
            flip = (race == 0) & (rng.random(n) < hispanic_tilt)
            race[flip] = 3
        columns: dict[str, pl.Series] = {}
        races = pl.Series("race", [list(a) for a in _RACE_ANSWERS], dtype=pl.List(pl.String))
        columns["race"] = races.gather(race)
        sex_codes, sex_w = _answers(*_SEX)
        sex = rng.choice(len(sex_w), size=n, p=sex_w)
        columns["sex"] = sex_codes.gather(sex)
        # Gender identity conditional on sex, by inverse CDF on each row.
        cdf = np.cumsum(_GENDER_GIVEN_SEX / _GENDER_GIVEN_SEX.sum(1, keepdims=True), axis=1)
        gender = (rng.random(n)[:, None] > cdf[sex]).sum(axis=1).clip(max=len(_GENDER_CODES) - 1)
        columns["gender_identity"] = pl.Series(values=list(_GENDER_CODES), dtype=pl.String).gather(
            gender
        )
        for name, by_kind in _CHOICES.items():
            codes, w = _answers(*(by_kind.get(kind) or by_kind["*"]))
            columns[name] = codes.gather(rng.choice(len(w), size=n, p=w))
        self.parts.append(pl.DataFrame({"person_id": ids, **columns}))
        return {
            "id": ids,
            "race": race,
            "black": _HAS["black"][race],
            "hispanic": _HAS["hispanic"][race],
            "aian": _HAS["aian"][race],
            "female": sex == 0,
        }

    def frame(self) -> pl.DataFrame:
        return pl.concat(self.parts, how="vertical")


def _date(year: np.ndarray, day: np.ndarray) -> np.ndarray:
    base = (np.asarray(year, dtype=np.int64) - 1970).astype("datetime64[Y]")
    return base.astype("datetime64[D]") + np.asarray(day, dtype=np.int64).astype("timedelta64[D]")


class _Events:
    def __init__(self) -> None:
        self.parts: list[pl.DataFrame] = []

    def add(
        self,
        pipeline: str,
        stage: str,
        ids: np.ndarray,
        year: np.ndarray,
        unit: np.ndarray | str,
        date: np.ndarray,
    ) -> None:
        if not ids.size:
            return
        units = np.broadcast_to(np.asarray(unit, dtype=object), ids.shape)
        self.parts.append(
            pl.DataFrame(
                {
                    "person_id": ids.astype(np.int64),
                    "pipeline": pl.Series([pipeline], dtype=pl.String).gather(
                        np.zeros(ids.size, np.int64)
                    ),
                    "stage": pl.Series([stage], dtype=pl.String).gather(
                        np.zeros(ids.size, np.int64)
                    ),
                    "year": np.asarray(year, dtype=np.int32),
                    "unit": pl.Series(units.tolist(), dtype=pl.String)
                    if isinstance(unit, np.ndarray)
                    else pl.Series([unit], dtype=pl.String).gather(np.zeros(ids.size, np.int64)),
                    "date": pl.Series(date.astype("datetime64[D]")).cast(pl.Date),
                }
            )
        )

    def frame(self) -> pl.DataFrame:
        return pl.concat(self.parts, how="vertical")


def _md_admissions(draw: _Draw, ev: _Events, scale: float) -> None:
    rng = draw.rng
    per_year = max(1, round(6000 * scale))
    for i, year in enumerate(YEARS):
        p = draw.people("applicant", per_year, hispanic_tilt=np.full(per_year, 0.02 * i))
        ids, n = p["id"], per_year
        yr = np.full(n, year)
        applied_day = rng.integers(150, 300, n)
        ev.add("md_admissions", "applied", ids, yr, "md", _date(yr - 1, applied_day))
        # Planted disparity: Black applicants are interviewed at 0.4 times the rate.
        rate = np.full(n, 0.16)
        rate[p["black"]] *= 0.4
        rate[p["hispanic"] & ~p["black"]] *= 0.88
        rate[p["aian"]] *= 0.8
        interviewed = rng.random(n) < rate
        offer_rate = np.where(p["hispanic"], 0.36, 0.40)
        offered = interviewed & (rng.random(n) < offer_rate)
        matriculated = offered & (rng.random(n) < 0.48)  # about 150 a class, 600 in four
        exit_draw = rng.random(n)
        withdrew = matriculated & (exit_draw < 0.03)
        dismissed = matriculated & (exit_draw >= 0.03) & (exit_draw < 0.04)
        # Cohort-year basis: every event of the cycle carries the cycle year;
        # a class graduates four years on, so recent classes have not yet.
        graduated = matriculated & ~withdrew & ~dismissed & (year + 4 <= YEARS[-1])
        for stage, mask, offset in (
            ("interviewed", interviewed, (yr - 1, applied_day + 60)),
            ("offered", offered, (yr, rng.integers(0, 90, n))),
            ("matriculated", matriculated, (yr, np.full(n, 210))),
            ("withdrew", withdrew, (yr + 1, rng.integers(0, 365, n))),
            ("dismissed", dismissed, (yr + 2, rng.integers(0, 365, n))),
            ("graduated", graduated, (yr + 4, np.full(n, 140))),
        ):
            ev.add(
                "md_admissions",
                stage,
                ids[mask],
                yr[mask],
                "md",
                _date(offset[0][mask], np.minimum(offset[1][mask], 364)),
            )


def _residents(draw: _Draw, ev: _Events, scale: float) -> None:
    rng = draw.rng
    per_year = max(1, round(250 * scale))
    for year in YEARS:
        p = draw.people("applicant", per_year)
        ids, n = p["id"], per_year
        yr = np.full(n, year)
        unit = np.asarray(DEPARTMENTS, dtype=object)[rng.integers(0, len(DEPARTMENTS), n)]
        length = rng.choice([3, 4, 5], size=n, p=[0.5, 0.3, 0.2])
        ev.add("residents", "appointed", ids, yr, unit, _date(yr, np.full(n, 181)))
        draw_exit = rng.random(n)
        withdrew = draw_exit < 0.03
        dismissed = (draw_exit >= 0.03) & (draw_exit < 0.045)
        completed = ~withdrew & ~dismissed & (year + length <= YEARS[-1])
        ev.add(
            "residents",
            "withdrew",
            ids[withdrew],
            yr[withdrew],
            unit[withdrew],
            _date(yr[withdrew] + 1, rng.integers(0, 365, withdrew.sum())),
        )
        ev.add(
            "residents",
            "dismissed",
            ids[dismissed],
            yr[dismissed],
            unit[dismissed],
            _date(yr[dismissed] + 1, rng.integers(0, 365, dismissed.sum())),
        )
        ev.add(
            "residents",
            "completed",
            ids[completed],
            yr[completed],
            unit[completed],
            _date(yr[completed] + length[completed], np.full(completed.sum(), 180)),
        )


def _years_between(start: np.ndarray, years: np.ndarray) -> np.ndarray:
    return start + (years * 365.25).astype("timedelta64[D]")


def _faculty(draw: _Draw, ev: _Events, scale: float) -> None:
    rng = draw.rng
    n = max(1, round(120 * scale * (YEARS[-1] - FIRST_HIRE_YEAR + 1)))
    p = draw.people("faculty", n)
    ids = p["id"]
    hire_year = rng.integers(FIRST_HIRE_YEAR, YEARS[-1] + 1, n)
    hire = _date(hire_year, rng.integers(0, 365, n))
    unit = np.asarray(DEPARTMENTS, dtype=object)[rng.integers(0, len(DEPARTMENTS), n)]
    as_of = np.datetime64(AS_OF)
    stay = rng.exponential(1 / 0.06, n)  # years until departure
    # Planted: slower promotion for women and for Black faculty.
    hazard = np.full(n, 1 / 6.5)
    hazard[p["female"]] *= 0.6
    hazard[p["black"]] *= 0.75
    to_assoc = 2.0 + rng.exponential(1 / hazard)
    to_full = to_assoc + 4.0 + rng.exponential(5.0, n)
    to_lead = rng.exponential(60.0, n)
    depart = _years_between(hire, stay)
    departed = depart <= as_of

    def reached(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        when = _years_between(hire, years)
        return (when <= as_of) & (years < stay), when

    ev.add("faculty", "hired", ids, hire_year, unit, hire)
    for stage, years in (
        ("retained_3y", np.full(n, 3.0)),
        ("retained_5y", np.full(n, 5.0)),
        ("promoted_associate", to_assoc),
        ("promoted_full", to_full),
        ("leadership_appointment", to_lead),
    ):
        ok, when = reached(years)
        ev.add(
            "faculty",
            stage,
            ids[ok],
            when[ok].astype("datetime64[Y]").astype(int) + 1970,
            unit[ok],
            when[ok],
        )
    ev.add(
        "faculty",
        "departed",
        ids[departed],
        depart[departed].astype("datetime64[Y]").astype(int) + 1970,
        unit[departed],
        depart[departed],
    )


def _staff(draw: _Draw, ev: _Events, scale: float) -> None:
    rng = draw.rng
    n = max(1, round(330 * scale * (YEARS[-1] - FIRST_HIRE_YEAR + 1)))
    p = draw.people("staff", n)
    ids = p["id"]
    hire_year = rng.integers(FIRST_HIRE_YEAR, YEARS[-1] + 1, n)
    hire = _date(hire_year, rng.integers(0, 365, n))
    unit = np.asarray(CAMPUSES, dtype=object)[rng.choice(len(CAMPUSES), n, p=[0.6, 0.25, 0.15])]
    as_of = np.datetime64(AS_OF)
    stay = rng.exponential(1 / 0.12, n)
    promote = rng.exponential(1 / 0.08, n)
    sep = _years_between(hire, stay)
    prom = _years_between(hire, promote)
    separated = sep <= as_of
    promoted = (prom <= as_of) & (promote < stay)
    ev.add("staff", "hired", ids, hire_year, unit, hire)
    ev.add(
        "staff",
        "promoted",
        ids[promoted],
        prom[promoted].astype("datetime64[Y]").astype(int) + 1970,
        unit[promoted],
        prom[promoted],
    )
    ev.add(
        "staff",
        "separated",
        ids[separated],
        sep[separated].astype("datetime64[Y]").astype(int) + 1970,
        unit[separated],
        sep[separated],
    )


def generate_population(seed: int, scale: float = 1.0) -> Population:
    """Generate the synthetic school.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the same seed and scale give identical frames.
    scale : float
        Multiplies every volume; about 100,000 events per unit (``scale=10``
        gives about a million).

    Returns
    -------
    Population
        ``people`` (``person_id``, ``race`` as a list of codes, ``citizenship``
        and one column per single-choice dimension, null meaning not answered)
        and ``events`` (``person_id``, ``pipeline``, ``stage``, ``year``,
        ``unit``, ``date``), in generation order.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = np.random.default_rng(seed)
    draw, ev = _Draw(rng), _Events()
    _md_admissions(draw, ev, scale)
    _residents(draw, ev, scale)
    _faculty(draw, ev, scale)
    _staff(draw, ev, scale)
    people = draw.frame()
    # Kept in generation order (pipeline, then cohort): sorting a million rows
    # would double the peak memory for no benefit to the analytics.
    events = ev.frame()
    return Population(people=people, events=events, seed=seed, scale=scale)
