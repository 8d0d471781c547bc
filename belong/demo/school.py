"""The first demo step: the school itself.

Units and campuses, every person of the synthetic population with invented
names, their self-identification, their affiliations with history, who
assesses whom, and one demo account per role. Later steps build on what this
one leaves on the context (see :mod:`belong.demo.context`).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings

from belong.demo import affiliations as aff
from belong.demo import assessors, personas
from belong.demo.calendar import align
from belong.demo.context import DemoContext
from belong.demo.people import write_people
from belong.demo.population import Population, generate_population
from belong.people import categories as cat
from belong.people.models import Affiliation, Campus, Unit

SCHOOL = "school"
# Offices: code → name. The codes are what later steps look up in context.units.
OFFICES: dict[str, str] = {
    "student-affairs": "Office of Student Affairs",
    "inclusive-excellence": "Office of Inclusive Excellence",
    "counselling": "Counselling and Psychological Services",
    "tutoring": "Academic Support and Tutoring",
    "disability-resources": "Disability Resources",
    "career-advising": "Career Advising",
    "financial-aid": "Financial Aid",
    "registrar": "Office of the Registrar",
}
# A few divisions, so that the unit tree has three levels.
DIVISIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "medicine": (
        ("cardiology", "Division of Cardiology"),
        ("general-internal-medicine", "Division of General Internal Medicine"),
        ("infectious-diseases", "Division of Infectious Diseases"),
    ),
    "surgery": (
        ("general-surgery", "Division of General Surgery"),
        ("trauma-surgery", "Division of Trauma and Acute Care Surgery"),
    ),
    "pediatrics": (("neonatology", "Division of Neonatology"),),
}
# Where staff work: (unit code, share). Departments share what is left.
STAFF_OFFICE_SHARES: dict[str, float] = {
    SCHOOL: 0.12,
    "student-affairs": 0.06,
    "inclusive-excellence": 0.02,
    "counselling": 0.03,
    "tutoring": 0.02,
    "disability-resources": 0.015,
    "career-advising": 0.015,
    "financial-aid": 0.02,
    "registrar": 0.02,
}
MAIN_CAMPUS = "campus_main"


def build(context: DemoContext) -> None:
    with context.timed("population (generate and align to today)"):
        raw = generate_population(context.seed, context.scale)
        check_vocabulary(raw.people)
        population, shift = align(raw, context.today)
        del raw  # only the aligned frames are kept
        context.population, context.year_shift = population, shift
    with context.timed("units and campuses"):
        create_units(context, population)
    with context.timed("people and self-identification"):
        on_file = write_people(context, population.people)
    with context.timed("affiliations (derive from events)"):
        rows = derive_affiliations(context, population)
        answered_race = population.people.filter(
            (pl.col("race").list.len() > 0) & ~pl.col("race").list.contains(cat.PREFER_NOT)
        ).select("person_id")
        chosen = personas.choose(
            context.rng("belong.demo.personas"), rows, answered_race, context.today
        )
        rows = personas.adjust(rows, chosen, context.today)
    with context.timed("affiliations"):
        write_affiliations(context, rows)
    with context.timed("demo users"):
        personas.create_users(context, chosen)
    with context.timed("assessors"):
        assessments = assessors.create(context, rows, chosen)
    context.summary.update(summarise(context, population, rows, on_file, assessments))


def check_vocabulary(people: pl.DataFrame) -> None:
    """Fail early if the population uses an answer code the categories do not know."""
    for column in people.columns:
        if column == "person_id":
            continue
        if column == "race":
            for answer in people["race"].drop_nulls().unique().to_list():
                cat.normalise_race(answer)
            continue
        for value in people[column].drop_nulls().unique().to_list():
            cat.validate_choice(column, value)


def create_units(context: DemoContext, population: Population) -> None:
    """The school, its departments, programs, offices and divisions; the campuses."""
    campuses = [
        Campus(code=code, name=label)
        for code, (kind, label) in population.units.items()
        if kind == "campus"
    ]
    for campus in Campus.objects.bulk_create(campuses):
        context.campuses[campus.code] = campus
    main = context.campuses.get(MAIN_CAMPUS)
    # A fresh install already holds the school and its MD program (migration people 0005).
    school, _ = Unit.objects.update_or_create(
        code=SCHOOL,
        defaults={"name": settings.SCHOOL_NAME, "kind": Unit.Kind.SCHOOL, "campus": main},
    )
    context.units[SCHOOL] = school
    children = [
        Unit(code=code, name=label, kind=kind, parent=school, campus=main)
        for code, (kind, label) in population.units.items()
        if kind in Unit.Kind.values
    ] + [
        Unit(code=code, name=name, kind=Unit.Kind.OFFICE, parent=school, campus=main)
        for code, name in OFFICES.items()
    ]
    installed = {u.code: u for u in Unit.objects.filter(code__in=[u.code for u in children])}
    for child in children:
        unit = installed.get(child.code)
        if unit is not None:
            unit.name, unit.kind, unit.parent, unit.campus = (
                child.name,
                child.kind,
                school,
                main,
            )
            unit.save(update_fields=["name", "kind", "parent", "campus"])
            context.units[unit.code] = unit
    for unit in Unit.objects.bulk_create([u for u in children if u.code not in installed]):
        context.units[unit.code] = unit
    divisions = [
        Unit(code=code, name=name, kind=Unit.Kind.DIVISION, parent=context.units[parent])
        for parent, items in DIVISIONS.items()
        if parent in context.units
        for code, name in items
    ]
    for unit in Unit.objects.bulk_create(divisions):
        context.units[unit.code] = unit


def staff_units(population: Population) -> list[tuple[str, float]]:
    departments = [c for c, (kind, _) in population.units.items() if kind == "department"]
    rest = 1.0 - sum(STAFF_OFFICE_SHARES.values())
    return [*STAFF_OFFICE_SHARES.items(), *((d, rest / len(departments)) for d in departments)]


def derive_affiliations(context: DemoContext, population: Population) -> pl.DataFrame:
    events, today = population.events, context.today
    campuses = sorted(context.campuses)
    main = MAIN_CAMPUS if MAIN_CAMPUS in context.campuses else (campuses[0] if campuses else None)
    rows = pl.concat(
        [
            aff.md_rows(events, today, main),
            aff.resident_rows(events, context.rng("belong.demo.residents"), campuses),
            aff.faculty_rows(events, context.rng("belong.demo.faculty"), campuses),
            aff.staff_rows(events, context.rng("belong.demo.staff"), staff_units(population)),
        ]
    )
    return rows.sort("person_id", "kind", "start_date")


def write_affiliations(context: DemoContext, rows: pl.DataFrame) -> None:
    unit_pk = {code: unit.pk for code, unit in context.units.items()}
    campus_pk = {code: campus.pk for code, campus in context.campuses.items()}
    frame = rows.join(context.person_pk_frame(), on="person_id", how="left").select(
        pl.col("person_pk").alias("person_id"),
        "kind",
        pl.col("unit").replace_strict(unit_pk, return_dtype=pl.Int64).alias("unit_id"),
        pl.col("campus")
        .replace_strict(campus_pk, default=None, return_dtype=pl.Int64)
        .alias("campus_id"),
        *aff.COLUMNS[4:],
    )
    if frame["person_id"].null_count():
        raise RuntimeError("an affiliation names a person who was not created")
    with context.bar(frame.height, "affiliations") as bar:
        for chunk in frame.iter_slices(context.batch_size * 5):
            Affiliation.objects.bulk_create(
                [Affiliation(**row) for row in chunk.iter_rows(named=True)],
                batch_size=context.batch_size,
            )
            bar.update(chunk.height)


def summarise(
    context: DemoContext,
    population: Population,
    rows: pl.DataFrame,
    on_file: int,
    assessments: int,
) -> dict[str, Any]:
    now = rows.filter(aff.current(context.today))
    by_kind = dict(now.group_by("kind").len().iter_rows())
    classes = now.filter(pl.col("kind") == "student").group_by("cohort").len().sort("cohort")
    return {
        "people": len(context.person_pk),
        "self-identification on file": on_file,
        "affiliations": rows.height,
        "stage events": population.events.height,
        "current students": by_kind.get("student", 0),
        "classes": {str(c): n for c, n in classes.iter_rows()},
        "current residents and fellows": by_kind.get("resident", 0),
        "current faculty": by_kind.get("faculty", 0),
        "current staff": by_kind.get("staff", 0),
        "assessment relationships": assessments,
        "demo accounts": len(context.users),
    }
