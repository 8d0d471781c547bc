"""Example files shaped like a school's own exports, with invented people, for the quickstart.

``manage.py write_example_exports [DIR]`` writes them (by default to
``docs/examples/``, where they are committed); the same seed gives the same
bytes, and a test checks the committed files against a fresh run.

* ``amcas-applicants.csv``: one row per applicant, as an admissions office
  exports AMCAS data: AAMC ID, Application Cycle, names, record type and
  program (an applicant to the MD program), Application Date, Legal Sex (F, M, X,
  Decline to answer), AMCAS race and ethnicity labels (several separated by
  “|”; the labels hold commas), citizenship (incl. Foreign National).
* ``amcas-stages.csv``: who reached which admissions stage, keyed by AAMC ID,
  with the unit left blank (MD admissions belongs to the MD program).
* ``registrar-students.csv``: the matriculants as a PeopleSoft registrar
  exports them: EMPLID and AAMC_ID, ACAD_CAREER, ACAD_PROG, PROG_STATUS,
  MATRIC_DATE, EXP_GRAD_YEAR, SEX, ETHNIC_GROUP (IPEDS labels),
  CITIZENSHIP_STATUS.

The planted disparity: in every cycle, Black or African American applicants
who were interviewed are offered places at 0.60–0.73 times the rate of the
others (:data:`OFFER_RATIOS`), exactly, so a test pooled across cycles finds it
while each cycle alone is too small to be sure. The cycles are large enough that
none of the planted group's counts falls under 10, the smallest a release shows:
the pooled test leaves out a year with a hidden figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

from belong.demo.names import FAMILY_NAMES, GIVEN_NAMES

SEED = 2026
CYCLES: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)
APPLICANTS_PER_CYCLE = 500  # no planted count under the smallest shown (10)
INTERVIEW_RATE = 0.55
OFFER_RATE = 0.50  # among the interviewed, for everyone but the planted group
MATRICULATION_RATE = 0.75  # among those offered
# Offer rate of the planted group as a multiple of the others', per cycle.
OFFER_RATIOS: dict[int, float] = {2020: 0.62, 2021: 0.70, 2022: 0.66, 2023: 0.60, 2024: 0.73}
PLANTED = "Black or African American"

# AMCAS race and ethnicity answers (select all) and their weights.
RACE_ANSWERS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("White",), 0.33),
    (("Asian",), 0.20),
    (("Black or African American",), 0.17),
    (("Hispanic, Latino, or of Spanish Origin",), 0.11),
    (("Hispanic, Latino, or of Spanish Origin", "White"), 0.04),
    (("Asian", "White"), 0.03),
    (("Black or African American", "White"), 0.02),
    (("American Indian or Alaska Native",), 0.01),
    (("Native Hawaiian or Other Pacific Islander",), 0.01),
    (("Middle Eastern or North African",), 0.02),
    (("Other",), 0.03),
    (("Decline to answer",), 0.03),
)
SEXES: tuple[tuple[str, float], ...] = (
    ("F", 0.52),
    ("M", 0.45),
    ("X", 0.015),
    ("Decline to answer", 0.015),
)
CITIZENSHIP: tuple[tuple[str, float], ...] = (
    ("U.S. Citizen", 0.88),
    ("Permanent Resident", 0.06),
    ("Foreign National", 0.06),
)
REGISTRAR_CITIZENSHIP = {
    "U.S. Citizen": "Native",
    "Permanent Resident": "Alien Permanent",
    "Foreign National": "Alien Temporary",
}
REGISTRAR_SEX = {"F": "F", "M": "M", "X": "X", "Decline to answer": ""}


@dataclass
class Applicant:
    aamc_id: str
    cycle: int
    given: str
    family: str
    sex: str
    races: tuple[str, ...]
    citizenship: str
    interviewed: bool = False
    offered: bool = False
    matriculated: bool = False
    emplid: str = ""
    applied_on: str = ""


def _pick(rng: random.Random, options: tuple[tuple[object, float], ...]) -> object:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _chosen(rng: random.Random, people: list[Applicant], rate: float) -> set[int]:
    """Exactly round(rate × n) of them, at random (by position)."""
    count = round(rate * len(people))
    return set(rng.sample(range(len(people)), count))


def applicants(seed: int = SEED) -> list[Applicant]:
    rng = random.Random(seed)
    people: list[Applicant] = []
    serial = 0
    for cycle in CYCLES:
        cohort: list[Applicant] = []
        for _ in range(APPLICANTS_PER_CYCLE):
            serial += 1
            races = _pick(rng, RACE_ANSWERS)
            assert isinstance(races, tuple)
            cohort.append(
                Applicant(
                    aamc_id=f"{13000000 + serial * 37:08d}",
                    cycle=cycle,
                    given=rng.choice(GIVEN_NAMES),
                    family=rng.choice(FAMILY_NAMES),
                    sex=str(_pick(rng, SEXES)),
                    races=races,
                    citizenship=str(_pick(rng, CITIZENSHIP)),
                )
            )
        for i in _chosen(rng, cohort, INTERVIEW_RATE):
            cohort[i].interviewed = True
        interviewed = [a for a in cohort if a.interviewed]
        planted = [a for a in interviewed if PLANTED in a.races]
        others = [a for a in interviewed if PLANTED not in a.races]
        for group, rate in ((planted, OFFER_RATE * OFFER_RATIOS[cycle]), (others, OFFER_RATE)):
            for i in _chosen(rng, group, rate):
                group[i].offered = True
        offered = [a for a in cohort if a.offered]
        for i in _chosen(rng, offered, MATRICULATION_RATE):
            offered[i].matriculated = True
        people.extend(cohort)
    for n, person in enumerate(a for a in people if a.matriculated):
        person.emplid = f"{1040000 + n * 13:07d}"
    return people


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _day(rng: random.Random, start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=rng.randrange(days))).isoformat()


def _ipeds_label(person: Applicant) -> str:
    """The registrar's one IPEDS summary value, as PeopleSoft's ETHNIC_GROUP holds it."""
    if person.citizenship == "Foreign National":
        return "Nonresident Alien"
    races = [r for r in person.races if r not in ("Other", "Decline to answer")]
    if any(r.startswith("Hispanic") for r in races):
        return "Hispanic/Latino"
    if len(races) > 1:
        return "Two or More Races"
    if not races:
        return "Race and Ethnicity Unknown"
    return races[0]


def files(seed: int = SEED) -> dict[str, str]:
    """File name → CSV text."""
    people = applicants(seed)
    rng = random.Random(seed + 1)
    for p in people:
        p.applied_on = _day(rng, dt.date(p.cycle - 1, 6, 1), 60)
    amcas = _csv(
        [
            "AAMC ID",
            "Application Cycle",
            "Last Name",
            "First Name",
            "Record Type",
            "Program",
            "Application Date",
            "Legal Sex",
            "Race/Ethnicity",
            "Citizenship",
        ],
        [
            [
                p.aamc_id,
                str(p.cycle),
                p.family,
                p.given,
                "Applicant",
                "MD",
                p.applied_on,
                p.sex,
                "|".join(p.races),
                p.citizenship,
            ]
            for p in people
        ],
    )
    stages: list[list[str]] = []
    for p in people:
        stages.append([p.aamc_id, "md_admissions", "applied", str(p.cycle), p.applied_on])
        if p.interviewed:
            when = _day(rng, dt.date(p.cycle - 1, 9, 1), 90)
            stages.append([p.aamc_id, "md_admissions", "interviewed", str(p.cycle), when])
        if p.offered:
            when = _day(rng, dt.date(p.cycle, 1, 5), 80)
            stages.append([p.aamc_id, "md_admissions", "offered", str(p.cycle), when])
        if p.matriculated:
            when = dt.date(p.cycle, 8, 1).isoformat()
            stages.append([p.aamc_id, "md_admissions", "matriculated", str(p.cycle), when])
    stage_text = _csv(["AAMC ID", "Pipeline", "Stage", "Application Cycle", "Date"], stages)
    registrar = _csv(
        [
            "EMPLID",
            "AAMC_ID",
            "LAST_NAME",
            "FIRST_NAME",
            "ACAD_CAREER",
            "ACAD_PROG",
            "PROG_STATUS",
            "MATRIC_DATE",
            "EXP_GRAD_YEAR",
            "SEX",
            "ETHNIC_GROUP",
            "CITIZENSHIP_STATUS",
        ],
        [
            [
                p.emplid,
                p.aamc_id,
                p.family,
                p.given,
                "MED",
                "MD",
                "CM" if p.cycle + 4 <= 2024 else "AC",
                dt.date(p.cycle, 8, 1).isoformat(),
                str(p.cycle + 4),
                REGISTRAR_SEX[p.sex],
                _ipeds_label(p),
                REGISTRAR_CITIZENSHIP[p.citizenship],
            ]
            for p in people
            if p.matriculated
        ],
    )
    return {
        "amcas-applicants.csv": amcas,
        "amcas-stages.csv": stage_text,
        "registrar-students.csv": registrar,
    }


def write(directory: Path, seed: int = SEED) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files(seed).items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
