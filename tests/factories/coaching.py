"""Coaching factories, and ``coaching_world(world)``: two coaches, each with their own student.

The second coach and student exist to prove isolation: the world's coach
must never reach the other coach's student, meeting, goal or note, and the
world's student must never reach the other student's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from belong.access.models import RoleAssignment, User
from belong.coaching.models import (
    Coach,
    CoachingNote,
    Goal,
    Meeting,
    Pairing,
    PairingRun,
    PreferenceWindow,
    Referral,
)
from belong.people.models import AssessmentRelationship, Person
from tests.factories.people import AffiliationFactory, PersonFactory


class CoachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coach

    person = factory.SubFactory(PersonFactory)
    specialty = "Internal medicine"
    interests = factory.LazyFunction(lambda: ["medical education"])
    languages = factory.LazyFunction(lambda: ["English"])
    capacity = 4
    active_from = 2020


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    student = factory.SubFactory(PersonFactory)
    coach = factory.SubFactory(CoachFactory)
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=900))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    pairing = factory.SubFactory(PairingFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(minutes=45))
    location = "Room 204"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    pairing = factory.SubFactory(PairingFactory)
    title = "Finish the research proposal"
    progress = 20


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingNote

    pairing = factory.SubFactory(PairingFactory)
    author = factory.LazyAttribute(lambda n: n.pairing.coach)
    body = "A private note."


def faculty_person(world: Any, name: str, *, with_user: bool = True, role: str | None = None):  # type: ignore[no-untyped-def]
    """A current faculty member (optionally with an account and an assigned role)."""
    person = PersonFactory(legal_given_name=name, legal_family_name="Faculty")
    AffiliationFactory(
        person=person,
        kind="faculty",
        unit=world.medicine,
        start_date=datetime.date(2019, 7, 1),
    )
    if with_user:
        user = User.objects.create_user(
            f"{name.lower()}-faculty", email=f"{name.lower()}@example.edu"
        )
        person.user = user
        person.save(update_fields=["user"])
        if role:
            RoleAssignment.objects.create(user=user, role=role)
    return person


def student_person(world: Any, name: str, *, cohort: int = 2027, with_user: bool = True):  # type: ignore[no-untyped-def]
    """A current, active student of ``cohort``."""
    person = PersonFactory(legal_given_name=name, legal_family_name="Student")
    AffiliationFactory(
        person=person,
        kind="student",
        unit=world.md_program,
        cohort=cohort,
        start_date=datetime.date(2023, 7, 1),
    )
    if with_user:
        user = User.objects.create_user(
            f"{name.lower()}-student", email=f"{name.lower()}@example.edu"
        )
        person.user = user
        person.save(update_fields=["user"])
    return person


@dataclass
class CoachingWorld:
    coach: Coach  # the world's coach persona
    pairing: Pairing  # world coach ↔ world student
    meeting: Meeting
    past_meeting: Meeting
    goal: Goal
    private_note: CoachingNote
    shared_note: CoachingNote
    referral: Referral  # awaiting the world student's consent
    other_coach: Coach
    other_coach_user: User
    other_student: Person
    other_student_user: User
    other_pairing: Pairing
    other_meeting: Meeting
    other_goal: Goal
    other_note: CoachingNote
    other_shared_note: CoachingNote
    other_referral: Referral  # sent to student affairs
    unpaired: Person  # a class-of-2027 student without a coach
    assessment: AssessmentRelationship
    window: PreferenceWindow
    run: PairingRun | None = None


PRIVATE_TEXT = "PRIVATE-NOTE-TEXT mentions a family matter"
SHARED_TEXT = "SHARED-NOTE-TEXT: three things to try before the exam"
OTHER_TEXT = "OTHER-COACH-NOTE-TEXT about their own student"


def coaching_world(world: Any) -> CoachingWorld:
    """Build (once per world) the coaching records the tests and the matrix use."""
    if "coaching" in world.extra:
        return world.extra["coaching"]  # type: ignore[no-any-return]
    now = timezone.now()
    coach = CoachFactory(person=world.person("coach"), capacity=3, interests=["ethics"])
    pairing = PairingFactory(student=world.person("student"), coach=coach)
    other_person = faculty_person(world, "Olivia", role="coach")
    other_coach = CoachFactory(person=other_person, capacity=3, specialty="Pediatrics")
    other_student = student_person(world, "Oscar")
    other_pairing = PairingFactory(student=other_student, coach=other_coach)
    unpaired = student_person(world, "Una")
    assessor = faculty_person(world, "Ada", with_user=False)
    assessment = AssessmentRelationship.objects.create(
        assessor=assessor,
        role=AssessmentRelationship.Role.COURSE_DIRECTOR,
        cohort=2027,
        course="Clinical Skills II",
        start_date=datetime.date(2024, 7, 1),
    )
    built = CoachingWorld(
        coach=coach,
        pairing=pairing,
        meeting=MeetingFactory(pairing=pairing),
        past_meeting=MeetingFactory(
            pairing=pairing, starts_at=now - datetime.timedelta(days=3), status="held"
        ),
        goal=GoalFactory(pairing=pairing),
        private_note=NoteFactory(pairing=pairing, body=PRIVATE_TEXT),
        shared_note=NoteFactory(
            pairing=pairing, body=SHARED_TEXT, shared_with_student=True, shared_at=now
        ),
        referral=Referral.objects.create(
            pairing=pairing,
            coach=coach,
            student=pairing.student,
            proposed_areas=["academic", "wellbeing"],
            proposed_message="Would benefit from tutoring.",
        ),
        other_coach=other_coach,
        other_coach_user=other_person.user,
        other_student=other_student,
        other_student_user=other_student.user,
        other_pairing=other_pairing,
        other_meeting=MeetingFactory(pairing=other_pairing),
        other_goal=GoalFactory(pairing=other_pairing, title="Other student's goal"),
        other_note=NoteFactory(pairing=other_pairing, body=OTHER_TEXT),
        other_shared_note=NoteFactory(
            pairing=other_pairing, body="Other shared note", shared_with_student=True, shared_at=now
        ),
        other_referral=Referral.objects.create(
            pairing=other_pairing,
            coach=other_coach,
            student=other_student,
            status=Referral.Status.SENT,
            shared_areas=["career"],
            student_words="Happy to talk.",
            decided_at=now,
        ),
        unpaired=unpaired,
        assessment=assessment,
        window=PreferenceWindow.objects.create(
            opens_on=timezone.localdate() - datetime.timedelta(days=5),
            closes_on=timezone.localdate() + datetime.timedelta(days=20),
            max_choices=3,
        ),
    )
    world.extra["coaching"] = built
    return built


def proposed_run(world: Any, *, mode: str | None = "optimal") -> PairingRun:
    """A run for the class of 2027 (solved inline), with a mode chosen unless ``mode`` is None."""
    from belong.coaching import actions

    cw = coaching_world(world)
    if cw.run is not None:
        return cw.run
    sa = world.user("student_affairs")
    run = actions.start_run(by=sa, cohorts=[2027], seed=7)
    if mode:
        run = actions.choose_mode(by=sa, run=run, mode=mode)
    cw.run = run
    return run
