"""Meetings, goals, notes and referrals inside a pairing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.coaching import actions, queries
from belong.coaching.models import CoachingNote, Goal, Meeting, Referral
from tests.factories.coaching import PRIVATE_TEXT, coaching_world

pytestmark = pytest.mark.django_db


def test_coach_schedules_and_records_a_meeting(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    coach = world.user("coach")
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = actions.schedule_meeting(
        by=coach,
        pairing=cw.pairing,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=45),
        location="Room 3",
    )
    assert meeting.status == Meeting.Status.SCHEDULED
    with pytest.raises(ValidationError, match="has not started yet"):
        actions.set_meeting_status(by=coach, meeting=meeting, status=Meeting.Status.HELD)
    actions.set_meeting_status(by=coach, meeting=meeting, status=Meeting.Status.CANCELLED)
    past = actions.schedule_meeting(
        by=coach,
        pairing=cw.pairing,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        ends_at=timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(minutes=30),
        video_url="https://video.example.edu/r/1",
        status=Meeting.Status.MISSED,
    )
    assert past.status == Meeting.Status.MISSED


def test_meeting_times_and_place_are_checked(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        actions.schedule_meeting(
            by=world.user("coach"), pairing=cw.pairing, starts_at=start, ends_at=start
        )
    assert set(caught.value.message_dict) == {"ends_at", "location"}
    with pytest.raises(ValidationError, match="cannot be recorded as held"):
        actions.schedule_meeting(
            by=world.user("coach"),
            pairing=cw.pairing,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            location="Room 1",
            status=Meeting.Status.HELD,
        )


def test_students_cannot_schedule_or_write_notes(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(Http404):
        actions.schedule_meeting(
            by=world.user("student"),
            pairing=cw.pairing,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            location="x",
        )
    with pytest.raises(Http404):
        actions.write_note(by=world.user("student"), pairing=cw.pairing, body="x")


def test_moving_a_meeting_re_arms_its_reminder(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    Meeting.objects.filter(pk=cw.meeting.pk).update(reminder_queued_at=timezone.now())
    cw.meeting.refresh_from_db()
    later = cw.meeting.starts_at + datetime.timedelta(days=1)
    moved = actions.reschedule_meeting(
        by=world.user("coach"),
        meeting=cw.meeting,
        starts_at=later,
        ends_at=later + datetime.timedelta(minutes=30),
        location="Room 9",
    )
    assert moved.reminder_queued_at is None


def test_the_meeting_page_schedules_with_a_length(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    response = client_for(world.user("coach")).post(
        reverse("coaching:meeting_new", args=[cw.pairing.pk]),
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "60",
            "location": "Clinic B",
            "status": "scheduled",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(location="Clinic B")
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=1)


def test_both_the_student_and_the_coach_set_goals(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    goal = actions.save_goal(by=world.user("student"), pairing=cw.pairing, title="Run a 10k")
    updated = actions.save_goal(
        by=world.user("coach"),
        pairing=cw.pairing,
        goal=goal,
        title="Run a 10k",
        progress=40,
        status=Goal.Status.ACHIEVED,
    )
    assert updated.progress == 100  # achieved means done
    with pytest.raises(ValidationError, match="Progress"):
        actions.save_goal(by=world.user("student"), pairing=cw.pairing, title="x", progress=120)
    with pytest.raises(Http404):
        actions.save_goal(by=world.user("student"), pairing=cw.other_pairing, title="x")
    event = AuditEvent.objects.filter(verb="coaching.goal.updated").get()
    assert "10k" not in str(event.detail)
    response = client_for(world.user("student")).post(
        reverse("coaching:goal_new", args=[cw.pairing.pk]),
        {"title": "Read two papers", "progress": "0", "status": "open"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("coaching:my_coaching")


def test_notes_are_private_by_default_and_shared_only_explicitly(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    coach, student = world.user("coach"), world.user("student")
    note = actions.write_note(by=coach, pairing=cw.pairing, body="Talked about sleep.")
    assert not note.shared_with_student
    assert note not in queries.shared_notes_for_student(student, cw.pairing)
    actions.set_note_shared(by=coach, note=note, shared=True)
    assert note in queries.shared_notes_for_student(student, cw.pairing)
    actions.set_note_shared(by=coach, note=note, shared=False)
    assert note not in queries.shared_notes_for_student(student, cw.pairing)
    verbs = list(
        AuditEvent.objects.filter(target_type="coaching.coachingnote", target_id=str(note.pk))
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == ["coaching.note.written", "coaching.note.shared", "coaching.note.unshared"]
    for event in AuditEvent.objects.all():
        assert "sleep" not in str(event.detail)


def test_only_the_author_edits_or_shares_a_note(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(Http404):
        actions.set_note_shared(by=cw.other_coach_user, note=cw.private_note, shared=True)
    with pytest.raises(Http404):
        actions.edit_note(by=world.user("student_affairs"), note=cw.private_note, body="x")
    assert CoachingNote.objects.get(pk=cw.private_note.pk).body == PRIVATE_TEXT


def test_a_note_about_another_pairings_meeting_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError, match="one of this student's meetings"):
        actions.write_note(
            by=world.user("coach"), pairing=cw.pairing, body="x", meeting=cw.other_meeting
        )


# --- Referrals and consent ---------------------------------------------------------------


def test_a_consented_referral_keeps_only_what_the_student_shared(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    referral = actions.decide_referral(
        by=world.user("student"),
        referral=cw.referral,
        consent=True,
        share_areas=["academic"],
        share_message=False,
        student_words="Mornings are best.",
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert referral.shared_areas == ["academic"]
    assert referral.shared_message == "" and referral.student_words == "Mornings are best."
    # What the student did not share is gone, not merely hidden.
    assert referral.proposed_areas == [] and referral.proposed_message == ""
    sa = world.user("student_affairs")
    seen = queries.referral_for_student_affairs(sa, referral.pk)
    assert seen.pk == referral.pk
    assert AuditEvent.objects.filter(verb="coaching.referral.read").exists()
    actions.acknowledge_referral(by=sa, referral=referral)
    actions.close_referral(by=sa, referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.CLOSED


def test_a_declined_referral_sends_nothing(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    response = client_for(world.user("student")).post(
        reverse("coaching:referral_decide", args=[cw.referral.pk]), {"decision": "decline"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get(pk=cw.referral.pk)
    assert referral.status == Referral.Status.DECLINED
    assert referral.proposed_message == "" and referral.shared_areas == []
    url = reverse("coaching:referral_detail", args=[referral.pk])
    assert client_for(world.user("student_affairs")).get(url).status_code == 404


def test_consent_must_share_something_and_only_what_was_proposed(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    with pytest.raises(ValidationError, match="choose at least one thing"):
        actions.decide_referral(by=world.user("student"), referral=cw.referral, consent=True)
    with pytest.raises(ValidationError, match="among the areas your coach named"):
        actions.decide_referral(
            by=world.user("student"),
            referral=cw.referral,
            consent=True,
            share_areas=["financial"],
        )
    assert Referral.objects.get(pk=cw.referral.pk).status == Referral.Status.AWAITING_CONSENT


def test_a_coach_proposes_one_referral_at_a_time_and_may_withdraw_it(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    coach = world.user("coach")
    with pytest.raises(ValidationError, match="already waiting"):
        actions.propose_referral(by=coach, pairing=cw.pairing, areas=["career"])
    actions.withdraw_referral(by=coach, referral=cw.referral)
    fresh = actions.propose_referral(by=coach, pairing=cw.pairing, areas=["career"], message="Hi")
    assert fresh.status == Referral.Status.AWAITING_CONSENT
    with pytest.raises(ValidationError, match="tick at least one"):
        actions.propose_referral(by=coach, pairing=cw.pairing, areas=["gossip"])
