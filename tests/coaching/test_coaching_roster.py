"""The roster, who assesses whom, preferences and weights: bad input gets a clear message and
nothing is half-saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.coaching import actions
from belong.coaching.models import Coach, CoachPreference, PairingWeights, PreferenceWindow
from belong.people.models import AssessmentRelationship
from tests.factories.coaching import (
    CoachFactory,
    coaching_world,
    faculty_person,
    student_person,
)
from tests.factories.people import PersonFactory

pytestmark = pytest.mark.django_db


def _sa(world):  # type: ignore[no-untyped-def]
    return world.user("student_affairs")


def test_adding_a_coach_needs_current_faculty_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    person = faculty_person(world, "Nadia", with_user=False)
    coach = actions.save_coach(
        by=_sa(world),
        person=person,
        capacity=5,
        active_from=2026,
        interests="Rural health, ethics, rural  HEALTH",
        languages=["Spanish"],
    )
    assert coach.interests == ["Rural health", "ethics"]
    event = AuditEvent.objects.get(verb="coaching.coach.added")
    assert event.detail["capacity"] == 5
    outsider = PersonFactory()
    with pytest.raises(ValidationError, match="is not current faculty"):
        actions.save_coach(by=_sa(world), person=outsider, capacity=5, active_from=2026)
    with pytest.raises(ValidationError, match="already on the roster"):
        actions.save_coach(by=_sa(world), person=person, capacity=5, active_from=2026)


def test_a_cap_below_the_current_load_is_refused_with_both_numbers(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError) as caught:
        actions.save_coach(
            by=_sa(world), person=cw.coach.person, coach=cw.coach, capacity=0, active_from=2020
        )
    assert f"{cw.coach.name} coaches 1 students now, so the cap cannot be 0" in str(caught.value)
    assert Coach.objects.get(pk=cw.coach.pk).capacity == 3


def test_coach_years_must_run_forwards_and_leaving_has_its_own_step(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError) as caught:
        actions.save_coach(
            by=_sa(world),
            person=cw.coach.person,
            coach=cw.coach,
            capacity=3,
            active_from=2026,
            active_until=2024,
            status=Coach.Status.LEFT,
        )
    errors = caught.value.message_dict
    assert "2024 is before the first year, 2026" in errors["active_until"][0]
    assert "Coach leaves the program" in errors["status"][0]


def test_recording_an_assessment_of_a_coachs_own_student_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError) as caught:
        actions.record_assessment(
            by=_sa(world),
            assessor=cw.coach.person,
            role=AssessmentRelationship.Role.COURSE_DIRECTOR,
            cohort=2027,
            course="Clinical Skills II",
            start_date=datetime.date(2026, 7, 1),
        )
    message = str(caught.value)
    assert f"is the coach of {world.person('student').display_name}" in message
    assert "pair those students with another coach first" in message
    assert not AssessmentRelationship.objects.filter(assessor=cw.coach.person).exists()


def test_recording_and_ending_an_assessment(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    relationship = actions.record_assessment(
        by=_sa(world),
        assessor=cw.coach.person,
        role=AssessmentRelationship.Role.GRADER,
        student=cw.unpaired,
        course="Anatomy",
        start_date=datetime.date(2026, 7, 1),
    )
    ended = actions.end_assessment(by=_sa(world), relationship=relationship)
    assert ended.end_date == timezone.localdate()
    with pytest.raises(ValidationError, match="already ended"):
        actions.end_assessment(by=_sa(world), relationship=relationship)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"coaching.assessment.recorded", "coaching.assessment.ended"} <= verbs


def test_an_assessment_names_one_student_or_a_class(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError, match="either one student or a whole class"):
        actions.record_assessment(
            by=_sa(world),
            assessor=cw.other_coach.person,
            role=AssessmentRelationship.Role.GRADER,
            start_date=datetime.date(2026, 7, 1),
        )


def test_the_assessor_form_shows_the_refusal_on_the_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    response = client_for(_sa(world)).post(
        reverse("coaching:assessor_new"),
        {
            "assessor": cw.coach.person.pk,
            "role": "grader",
            "student": world.person("student").pk,
            "start_date": "2026-07-01",
        },
    )
    assert response.status_code == 200
    assert "may not be their coach" in response.content.decode()


# --- Preferences -----------------------------------------------------------------------


def test_preferences_are_saved_while_the_window_is_open(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    student = world.user("student")
    pref = actions.submit_preferences(
        by=student,
        ranked_coach_ids=[cw.other_coach.pk, cw.coach.pk],
        interests="Pediatrics, global health",
    )
    assert pref.ranked_coaches == [cw.other_coach.pk, cw.coach.pk]
    assert pref.interests == ["Pediatrics", "global health"]
    event = AuditEvent.objects.get(verb="coaching.preferences.submitted")
    assert event.detail["choices"] == 2 and "Pediatrics" not in str(event.detail)


def test_preferences_report_every_problem_at_once_and_save_nothing(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    assessor = CoachFactory(person=faculty_person(world, "Greta", with_user=False))
    AssessmentRelationship.objects.create(
        assessor=assessor.person,
        role=AssessmentRelationship.Role.GRADER,
        student=world.person("student"),
        start_date=datetime.date(2024, 7, 1),
    )
    with pytest.raises(ValidationError) as caught:
        actions.submit_preferences(
            by=world.user("student"),
            ranked_coach_ids=[cw.coach.pk, 987_654, cw.coach.pk, assessor.pk],
        )
    messages = caught.value.messages
    assert "You ranked 4 coaches; rank at most 3." in messages
    assert "Your 2nd choice is not a coach taking new students; choose from the list." in messages
    assert f"Your 3rd choice, {cw.coach.name}, is already on your list." in messages
    assert any(m.startswith(f"Your 4th choice, {assessor.name}, assesses you") for m in messages)
    assert not CoachPreference.objects.exists()


def test_preferences_are_refused_when_the_window_is_closed(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    PreferenceWindow.objects.all().delete()
    PreferenceWindow.objects.create(
        opens_on=timezone.localdate() + datetime.timedelta(days=10),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    with pytest.raises(ValidationError, match=r"closed just now\. They open on"):
        actions.submit_preferences(by=world.user("student"), ranked_coach_ids=[cw.coach.pk])


def test_the_choose_page_saves_and_reports_problems_in_words(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    client = client_for(world.user("student"))
    bad = client.post(
        reverse("coaching:choose"), {"choice_1": cw.coach.pk, "choice_2": cw.coach.pk}
    )
    assert bad.status_code == 200
    assert "is already on your list" in bad.content.decode()
    good = client.post(
        reverse("coaching:choose"),
        {"choice_1": cw.other_coach.pk, "interests": "ethics", "keep_current_coach": "on"},
    )
    assert good.status_code == 302
    pref = CoachPreference.objects.get(student=world.person("student"))
    assert pref.ranked_coaches == [cw.other_coach.pk] and pref.keep_current_coach


def test_weights_are_validated_and_kept_as_history(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        actions.save_weights(
            by=_sa(world),
            interests=-1,
            languages=1,
            campus=1,
            specialty=11,
            suggestion_length=5,
            pair_outside_lists=True,
        )
    assert set(caught.value.message_dict) == {"interests", "specialty"}
    first = actions.save_weights(
        by=_sa(world),
        interests=2,
        languages=1,
        campus=0,
        specialty=1,
        suggestion_length=5,
        pair_outside_lists=False,
    )
    assert PairingWeights.current() == first


def test_a_preference_window_must_close_after_it_opens(world) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="is before it opens"):
        actions.open_preference_window(
            by=_sa(world), opens_on=today, closes_on=today - datetime.timedelta(days=1)
        )


def test_a_student_without_a_coach_sees_how_to_choose(world, client_for) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    lone = student_person(world, "Lone")
    page = client_for(lone.user).get(reverse("coaching:my_coaching")).content.decode()
    assert "You do not have a coach yet" in page
