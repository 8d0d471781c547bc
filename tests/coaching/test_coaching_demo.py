"""The demo school's coaching step: a roster, a published optimal pairing, life inside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from belong.coaching.models import (
    Coach,
    CoachingNote,
    Meeting,
    Pairing,
    PairingRun,
    Referral,
)
from belong.demo.context import DemoContext
from belong.people.assessment import assessor_pairs
from tests.demo_school import demo_school


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[DemoContext]:  # type: ignore[no-untyped-def]
    """A small demo school, built once for the module and rolled back afterwards."""
    with demo_school(django_db_blocker, seed=5, scale=0.1) as (_marker, context):
        yield context


pytestmark = pytest.mark.django_db


def test_the_demo_has_coaches_with_caps_of_four_to_eight(demo: DemoContext) -> None:
    caps = list(Coach.objects.values_list("capacity", flat=True))
    assert len(caps) >= 2 and all(4 <= c <= 8 for c in caps)
    assert Coach.objects.filter(person=demo.people["coach"]).exists()


def test_the_demo_publishes_one_optimal_run_over_every_current_class(demo: DemoContext) -> None:
    run = PairingRun.objects.get()
    assert run.status == PairingRun.Status.PUBLISHED and run.chosen_mode == "optimal"
    assert len(run.cohorts) == 4
    assert Pairing.objects.filter(active=True, source_run=run).count() == len(run.final_pairs)


def test_the_demo_student_and_coach_are_paired_with_each_other(demo: DemoContext) -> None:
    pairing = Pairing.objects.get(student=demo.people["student"], active=True)
    assert pairing.coach.person == demo.people["coach"]
    notes = CoachingNote.objects.filter(pairing=pairing)
    assert notes.filter(shared_with_student=True).exists()
    assert notes.filter(shared_with_student=False).exists()
    assert Meeting.objects.filter(pairing=pairing, status="scheduled").exists()
    assert Meeting.objects.filter(pairing=pairing, status="held").exists()
    assert Referral.objects.filter(pairing=pairing, status="sent").count() == 1


def test_no_demo_pairing_breaks_the_no_assessor_rule(demo: DemoContext) -> None:
    pairs = set(Pairing.objects.filter(active=True).values_list("coach__person_id", "student_id"))
    students = [s for _, s in pairs]
    assert not pairs & assessor_pairs(students)


def test_demo_meetings_have_all_statuses_and_nothing_in_the_past_is_still_scheduled(
    demo: DemoContext,
) -> None:
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert {"held", "scheduled"} <= statuses


def test_each_demo_persona_opens_their_coaching_page(demo: DemoContext, client) -> None:  # type: ignore[no-untyped-def]
    for persona, url in (
        ("student", reverse("coaching:my_coaching")),
        ("coach", reverse("coaching:my_students")),
        ("student_affairs", reverse("coaching:run_detail", args=[PairingRun.objects.get().pk])),
        ("student_affairs", reverse("coaching:referrals")),
    ):
        client.force_login(demo.users[persona])
        assert client.get(url).status_code == 200, (persona, url)
