"""Reminders, calendars, the dashboard section and home cards."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from belong.coaching import calendar, dashboard, navigation, reminders
from belong.coaching.models import Meeting, QuarterNudge
from belong.core.calendar import collect_events
from tests.factories.coaching import (
    PRIVATE_TEXT,
    SHARED_TEXT,
    MeetingFactory,
    coaching_world,
    student_person,
)

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_meeting_soon_is_reminded_once_without_anything_sensitive(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    soon = timezone.now() + datetime.timedelta(hours=20)
    Meeting.objects.filter(pk=cw.meeting.pk).update(
        starts_at=soon, ends_at=soon + datetime.timedelta(minutes=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders.queue_due_reminders()
    assert run.meetings == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.person("coach").email, world.person("student").email]
    )
    for message in mail.outbox:
        assert "coaching meeting on" in message.body
        for secret in (PRIVATE_TEXT, SHARED_TEXT, cw.goal.title, "Oscar", "Student Persona"):
            assert secret not in message.body and secret not in message.subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders.queue_due_reminders()
    assert again.meetings == 0 and mail.outbox == []


def test_a_meeting_a_week_away_is_not_reminded_yet(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)  # its meetings are a week away
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.queue_due_reminders().meetings == 0


def test_coaches_are_nudged_once_a_quarter_about_students_without_a_meeting(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    start = reminders.quarter_start(timezone.localdate())
    late = timezone.make_aware(
        datetime.datetime.combine(start + datetime.timedelta(days=60), datetime.time(9))
    )
    # The world coach's student has a meeting this quarter; the other coach's does not.
    Meeting.objects.update(status=Meeting.Status.CANCELLED)
    MeetingFactory(pairing=cw.pairing, starts_at=late - datetime.timedelta(days=1), status="held")
    with django_capture_on_commit_callbacks(execute=True):
        run = reminders.queue_due_reminders(now=late)
    assert run.coaches == 1
    nudge = QuarterNudge.objects.get()
    assert nudge.coach == cw.other_coach and nudge.students == 1
    assert [m.to[0] for m in mail.outbox] == [cw.other_coach.person.email]
    assert "1 of your coaching students has no meeting" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.queue_due_reminders(now=late).coaches == 0


def test_no_nudge_early_in_the_quarter(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    start = reminders.quarter_start(timezone.localdate())
    early = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))
    assert reminders.queue_due_reminders(now=early).coaches == 0


def test_the_reminder_command_reports_what_it_queued(world, capsys) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "Coaching: reminders for 0 meeting(s)" in out
    assert "Well-being: reminders to" in out  # one command queues every app's reminders


def test_quarters(world) -> None:  # type: ignore[no-untyped-def]
    assert reminders.quarter_start(datetime.date(2026, 11, 24)) == datetime.date(2026, 10, 1)
    assert reminders.quarter_end(datetime.date(2026, 11, 24)) == datetime.date(2026, 12, 31)
    assert reminders.quarter_end(datetime.date(2026, 2, 1)) == datetime.date(2026, 3, 31)


# --- Calendars -----------------------------------------------------------------------------


def test_the_feed_has_meetings_in_both_calendars_naming_nobody(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    Meeting.objects.filter(pk=cw.meeting.pk).update(video_url="https://video.example/join/abc")
    student_events = [e for e in calendar.events_for(world.person("student"))]
    coach_events = calendar.events_for(world.person("coach"))
    assert {e.uid for e in student_events} == {
        f"coaching-meeting-{cw.meeting.pk}",
        f"coaching-meeting-{cw.past_meeting.pk}",
    }
    # The feed is read by outside calendar services: no names, no join links.
    for event in student_events + coach_events:
        assert event.title == "Coaching meeting"
        assert "video.example" not in event.location + event.description
        assert cw.coach.name not in event.title + event.description
    # The well-being feed collects them, and nothing of the other pairing.
    uids = {e.uid for e in collect_events(world.person("student"))}
    assert f"coaching-meeting-{cw.meeting.pk}" in uids
    assert f"coaching-meeting-{cw.other_meeting.pk}" not in uids
    for event in student_events + coach_events:
        assert PRIVATE_TEXT not in event.description and SHARED_TEXT not in event.description


def test_cancelled_meetings_leave_the_calendar(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    Meeting.objects.filter(pk=cw.meeting.pk).update(status=Meeting.Status.CANCELLED)
    uids = {e.uid for e in calendar.events_for(world.person("student"))}
    assert f"coaching-meeting-{cw.meeting.pk}" not in uids


def test_the_ics_download_holds_ones_own_meetings(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    response = client_for(world.user("coach")).get(reverse("coaching:meetings_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    summaries = sorted(str(e.get("summary")) for e in parsed.walk("VEVENT"))
    assert summaries == [f"Coaching meeting with {world.person('student').display_name}"] * 2
    assert cw.other_student.display_name not in response.content.decode()


# --- Dashboard and home ------------------------------------------------------------------


def _request(user):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_dashboard_section_counts_and_links_only_for_student_affairs(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    [section] = dashboard.sections(_request(world.user("student_affairs")))
    figures = dict(section.figures)
    assert figures["Coaches on the roster"] == "2"
    assert figures["Students with a coach"] == "2"
    assert figures["Students without a coach"] == "1"
    by_class = section.tables[0]
    assert by_class.rows[0][0] == "Class of 2027"
    assert by_class.rows[0][1:3] == (3, 2)
    assert section.links  # drill-down for student affairs
    [lead] = dashboard.sections(_request(world.user("leadership")))
    assert not lead.links and all(not hasattr(c, "url") for c in lead.tables[0].rows[0])
    assert dashboard.sections(_request(world.user("coach"))) == []


def test_dashboard_section_uses_the_same_queries_however_many_students(world) -> None:  # type: ignore[no-untyped-def]
    coaching_world(world)
    request = _request(world.user("student_affairs"))
    dashboard.sections(request)
    with CaptureQueriesContext(connection) as few:
        dashboard.sections(request)
    for i in range(15):
        student_person(world, f"Extra{i}", with_user=False)
    with CaptureQueriesContext(connection) as many:
        dashboard.sections(request)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_home_cards_for_student_coach_and_student_affairs(world) -> None:  # type: ignore[no-untyped-def]
    cw = coaching_world(world)
    [student_card] = navigation.home_cards(_request(world.user("student")))
    assert student_card.body == cw.coach.name
    assert any("suggests a referral" in n for n in student_card.notes)
    [coach_card] = navigation.home_cards(_request(world.user("coach")))
    assert coach_card.figure == "1"
    [sa_card] = navigation.home_cards(_request(world.user("student_affairs")))
    assert sa_card.figure == "1" and "No pairing published yet." in sa_card.notes
    assert navigation.home_cards(_request(world.user("administrator"))) == []
