from __future__ import annotations

import datetime

import pytest

from belong.people.assessment import assesses, assessor_pairs
from belong.people.models import AssessmentRelationship

pytestmark = pytest.mark.django_db


def test_direct_and_cohort_assessment(world) -> None:  # type: ignore[no-untyped-def]
    student, faculty, coach = (
        world.person("student"),
        world.person("faculty"),
        world.person("coach"),
    )
    AssessmentRelationship.objects.create(
        assessor=faculty, role="grader", student=student, start_date=datetime.date(2024, 1, 1)
    )
    AssessmentRelationship.objects.create(
        assessor=coach, role="course_director", cohort=2027, start_date=datetime.date(2024, 1, 1)
    )
    assert assesses(faculty.pk, student.pk)
    assert assesses(coach.pk, student.pk)  # the student is in the class of 2027
    assert not assesses(world.person("leadership").pk, student.pk)
    assert assessor_pairs([student.pk]) == {(faculty.pk, student.pk), (coach.pk, student.pk)}


def test_ended_assessment_no_longer_counts(world) -> None:  # type: ignore[no-untyped-def]
    AssessmentRelationship.objects.create(
        assessor=world.person("faculty"),
        role="grader",
        student=world.person("student"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    assert not assesses(world.person("faculty").pk, world.person("student").pk)
    assert assesses(
        world.person("faculty").pk, world.person("student").pk, on=datetime.date(2020, 6, 1)
    )
