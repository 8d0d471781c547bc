"""Who assesses the current students: course and clerkship directors, a promotions
committee, and individual graders, so that the coaching no-assessor rule has real
cases to keep apart.

The demo coach grades a few first-year students (never the demo student, who is
in the second-year class), so pairing visibly steers those students elsewhere.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from belong.demo.affiliations import current
from belong.demo.context import DemoContext
from belong.people.models import AssessmentRelationship

Role = AssessmentRelationship.Role

# Year in school → (role, course) of each cohort-wide assessor.
COURSES: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        (Role.COURSE_DIRECTOR, "Foundations of Medicine"),
        (Role.COURSE_DIRECTOR, "Human Structure and Function"),
        (Role.COURSE_DIRECTOR, "Clinical Skills I"),
    ),
    2: (
        (Role.COURSE_DIRECTOR, "Mechanisms of Disease"),
        (Role.COURSE_DIRECTOR, "Clinical Skills II"),
        (Role.COURSE_DIRECTOR, "Health Systems Science"),
    ),
    3: (
        (Role.CLERKSHIP_DIRECTOR, "Internal Medicine Clerkship"),
        (Role.CLERKSHIP_DIRECTOR, "Surgery Clerkship"),
        (Role.CLERKSHIP_DIRECTOR, "Pediatrics Clerkship"),
        (Role.CLERKSHIP_DIRECTOR, "Psychiatry Clerkship"),
        (Role.CLERKSHIP_DIRECTOR, "Family Medicine Clerkship"),
        (Role.CLERKSHIP_DIRECTOR, "Obstetrics and Gynecology Clerkship"),
    ),
    4: (
        (Role.CLERKSHIP_DIRECTOR, "Neurology Clerkship"),
        (Role.COURSE_DIRECTOR, "Sub-internship"),
        (Role.COURSE_DIRECTOR, "Capstone"),
    ),
}
PROMOTIONS_COMMITTEE_SIZE = 5
STUDENTS_PER_GRADER = 8
SECOND_GRADER_SHARE = 0.4
COACH_GRADES = 3
GRADED_COURSE = {1: "Clinical Skills I", 2: "Clinical Skills II"}


def academic_year_start(today: date) -> date:
    return date(today.year if today.month >= 7 else today.year - 1, 7, 1)


def year_in_school(class_year: int, today: date) -> int:
    """1 for the entering class, 4 for the class that graduates this academic year."""
    return 4 - (class_year - (academic_year_start(today).year + 1))


def create(context: DemoContext, rows: pl.DataFrame, chosen: dict[str, int]) -> int:
    """Write the assessment relationships; return how many."""
    today = context.today
    rng = context.rng("belong.demo.assessors")
    now = rows.filter(current(today))
    students = now.filter(pl.col("kind") == "student").select("person_id", "cohort", "start_date")
    personas = set(chosen.values())
    faculty = (
        now.filter((pl.col("kind") == "faculty") & ~pl.col("person_id").is_in(list(personas)))
        .select("person_id")
        .unique()
        .sort("person_id")["person_id"]
        .to_numpy()
    )
    if students.is_empty() or faculty.size == 0:
        return 0
    order = rng.permutation(faculty)
    pk = context.person_pk
    year_start = academic_year_start(today)
    classes = (
        students.group_by("cohort").agg(pl.col("start_date").min().alias("began")).sort("cohort")
    )
    made: list[AssessmentRelationship] = []
    taken = 0

    def next_faculty() -> int:
        nonlocal taken
        person = int(order[taken % order.size])
        taken += 1
        return person

    committee = [next_faculty() for _ in range(min(PROMOTIONS_COMMITTEE_SIZE, order.size))]
    starts: dict[int, date] = {}
    for class_year, began in classes.iter_rows():
        start = min(max(year_start, began), today)
        starts[class_year] = start
        year = year_in_school(class_year, today)
        for role, course in COURSES.get(min(max(year, 1), 4), ()):
            made.append(
                AssessmentRelationship(
                    assessor_id=pk[next_faculty()],
                    role=role,
                    cohort=class_year,
                    course=course,
                    start_date=start,
                )
            )
        for member in committee:
            made.append(
                AssessmentRelationship(
                    assessor_id=pk[member],
                    role=Role.PROMOTIONS_COMMITTEE,
                    cohort=class_year,
                    start_date=start,
                )
            )
    # Individual graders, from a pool of the remaining faculty.
    pool = order[taken : taken + max(1, students.height // STUDENTS_PER_GRADER)]
    if pool.size == 0:
        pool = order
    ids = students.sort("person_id")
    first = rng.integers(0, pool.size, ids.height)
    second = rng.integers(0, pool.size, ids.height)
    twice = rng.random(ids.height) < SECOND_GRADER_SHARE
    for i, (student, class_year, _began) in enumerate(ids.iter_rows()):
        year = min(max(year_in_school(class_year, today), 1), 4)
        course = GRADED_COURSE.get(year, "Clerkship evaluation")
        graders = [int(pool[first[i]])]
        if twice[i] and second[i] != first[i]:
            graders.append(int(pool[second[i]]))
        for grader in graders:
            made.append(
                AssessmentRelationship(
                    assessor_id=pk[grader],
                    role=Role.GRADER,
                    student_id=pk[student],
                    course=course,
                    start_date=starts[class_year],
                )
            )
    made.extend(_coach_grades(context, ids, chosen, starts, rng))
    AssessmentRelationship.objects.bulk_create(made, batch_size=context.batch_size)
    return len(made)


def _coach_grades(
    context: DemoContext,
    students: pl.DataFrame,
    chosen: dict[str, int],
    starts: dict[int, date],
    rng: np.random.Generator,
) -> list[AssessmentRelationship]:
    """The demo coach grades a few students of the entering class."""
    if "coach" not in chosen or not starts:
        return []
    entering = max(starts)
    candidates = (
        students.filter(
            (pl.col("cohort") == entering) & (pl.col("person_id") != chosen.get("student", -1))
        )["person_id"]
        .sort()
        .to_numpy()
    )
    picked = rng.choice(candidates, size=min(COACH_GRADES, candidates.size), replace=False)
    return [
        AssessmentRelationship(
            assessor_id=context.person_pk[chosen["coach"]],
            role=Role.GRADER,
            student_id=context.person_pk[int(student)],
            course=GRADED_COURSE[1],
            start_date=starts[entering],
        )
        for student in sorted(picked.tolist())
    ]
