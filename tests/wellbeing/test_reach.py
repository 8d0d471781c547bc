from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from belong.access.models import AuditEvent
from belong.wellbeing import actions
from belong.wellbeing.models import Attendance, Component, ReachSession, ReachWeek
from tests.factories.wellbeing import ReachSessionFactory, ReachWeekFactory, local
from tests.text import page_text

pytestmark = pytest.mark.django_db


def _session(by, week, title, start, end, **extra):  # type: ignore[no-untyped-def]
    return actions.save_session(
        by=by,
        week=week,
        component=extra.pop("component", Component.EDUCATION),
        title=title,
        starts_at=local(week.starts_on, *start),
        ends_at=local(week.starts_on, *end),
        **extra,
    )


def test_save_week_derives_the_quarter_and_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    week = actions.save_week(
        by=world.user("student_affairs"),
        cohort=2028,
        starts_on=dt.date(2027, 2, 8),
        ends_on=dt.date(2027, 2, 12),
        theme="Looking ahead",
    )
    assert (week.academic_year, week.quarter) == (2026, 3)
    assert AuditEvent.objects.filter(verb="wellbeing.reach_week.created").count() == 1


def test_second_week_in_a_quarter_names_the_first(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    actions.save_week(
        by=sa, cohort=2028, starts_on=dt.date(2027, 2, 8), ends_on=dt.date(2027, 2, 12)
    )
    with pytest.raises(ValidationError) as caught:
        actions.save_week(
            by=sa, cohort=2028, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 5)
        )
    message = caught.value.message_dict["starts_on"][0]
    assert "class of 2028 already has a REACH week in Quarter 3 of 2026–27" in message
    assert "8 Feb 2027 to 12 Feb 2027" in message
    assert ReachWeek.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (dt.date(2027, 2, 12), dt.date(2027, 2, 8), "ends_on", "is before the first day"),
        (dt.date(2027, 2, 1), dt.date(2027, 2, 20), "ends_on", "at most 14 days"),
    ],
)
def test_week_dates_are_checked(world, start, end, field, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        actions.save_week(
            by=world.user("student_affairs"), cohort=2028, starts_on=start, ends_on=end
        )
    assert words in caught.value.message_dict[field][0]
    assert not ReachWeek.objects.exists()


def test_only_reach_managers_plan_weeks(world) -> None:  # type: ignore[no-untyped-def]
    for persona in ("student", "leadership", "administrator", "case_manager"):
        with pytest.raises(Http404):
            actions.save_week(
                by=world.user(persona),
                cohort=2028,
                starts_on=dt.date(2027, 2, 8),
                ends_on=dt.date(2027, 2, 12),
            )


def test_overlapping_session_is_refused_naming_both_and_nothing_is_saved(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    week = ReachWeekFactory(cohort=2027)
    _session(sa, week, "Coaching circles", (10, 0), (11, 30))
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        _session(sa, week, "Wellness workshop", (11, 0), (12, 0))
    message = caught.value.message_dict["starts_at"][0]
    assert "“Wellness workshop”" in message and "“Coaching circles”" in message
    assert "11:00–12:00" in message and "10:00–11:30" in message
    assert "class of 2027" in message
    assert list(ReachSession.objects.values_list("title", flat=True)) == ["Coaching circles"]
    assert AuditEvent.objects.count() == before


def test_back_to_back_sessions_and_other_classes_do_not_overlap(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    week = ReachWeekFactory(cohort=2027)
    other = ReachWeekFactory(cohort=2028, starts_on=week.starts_on, ends_on=week.ends_on)
    _session(sa, week, "First", (9, 0), (10, 0))
    _session(sa, week, "Second", (10, 0), (11, 0))
    _session(sa, other, "Same time, other class", (9, 30), (10, 30))
    assert ReachSession.objects.count() == 3


def test_overlap_is_checked_across_the_cohorts_weeks_and_ignores_the_session_itself(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    week = ReachWeekFactory(cohort=2027)
    session = _session(sa, week, "Opening", (9, 0), (10, 0))
    moved = actions.save_session(
        by=sa,
        week=week,
        session=session,
        component=Component.REFLECTION,
        title="Opening",
        starts_at=local(week.starts_on, 9, 30),
        ends_at=local(week.starts_on, 10, 30),
    )
    assert moved.pk == session.pk and ReachSession.objects.count() == 1


def test_session_must_end_after_it_starts_and_fall_in_its_week(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    week = ReachWeekFactory(cohort=2027)
    with pytest.raises(ValidationError) as caught:
        _session(sa, week, "Backwards", (11, 0), (10, 0))
    assert "must end after it starts" in caught.value.message_dict["ends_at"][0]
    with pytest.raises(ValidationError) as caught:
        actions.save_session(
            by=sa,
            week=week,
            component=Component.HEALTH,
            title="Too late",
            starts_at=local(week.ends_on + dt.timedelta(days=2), 9),
            ends_at=local(week.ends_on + dt.timedelta(days=2), 10),
        )
    assert "is outside this REACH week" in caught.value.message_dict["starts_at"][0]
    assert not ReachSession.objects.exists()


def test_moving_a_week_away_from_its_sessions_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    session = ReachSessionFactory(title="Opening circle")
    week = session.week
    with pytest.raises(ValidationError) as caught:
        actions.save_week(
            by=sa,
            week=week,
            cohort=week.cohort,
            starts_on=week.starts_on + dt.timedelta(days=1),
            ends_on=week.ends_on,
        )
    assert "“Opening circle”" in caught.value.message_dict["starts_on"][0]


def test_attendance_is_recorded_in_bulk_and_audited_once(world) -> None:  # type: ignore[no-untyped-def]
    sa = world.user("student_affairs")
    session = ReachSessionFactory()
    student = world.person("student")
    counts = actions.record_attendance(by=sa, session=session, statuses={student.pk: "present"})
    assert counts == {"added": 1, "changed": 0, "cleared": 0}
    counts = actions.record_attendance(by=sa, session=session, statuses={student.pk: "excused"})
    assert counts == {"added": 0, "changed": 1, "cleared": 0}
    assert Attendance.objects.get().status == "excused"
    counts = actions.record_attendance(by=sa, session=session, statuses={student.pk: ""})
    assert counts["cleared"] == 1 and not Attendance.objects.exists()
    assert AuditEvent.objects.filter(verb="wellbeing.reach_attendance.recorded").count() == 3


def test_attendance_refuses_people_outside_the_class(world) -> None:  # type: ignore[no-untyped-def]
    session = ReachSessionFactory()
    with pytest.raises(ValidationError, match="not students of the class of 2027"):
        actions.record_attendance(
            by=world.user("student_affairs"),
            session=session,
            statuses={world.person("faculty").pk: "present"},
        )
    assert not Attendance.objects.exists()


def test_a_session_with_attendance_cannot_be_deleted(world, wb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="attendance recorded for 1 student"):
        actions.delete_session(by=world.user("student_affairs"), session=wb["session"])
    actions.delete_session(by=world.user("student_affairs"), session=wb["free_session"])
    assert list(ReachSession.objects.all()) == [wb["session"]]


def test_overlap_message_reaches_the_page(world, client_for) -> None:  # type: ignore[no-untyped-def]
    week = ReachWeekFactory(cohort=2027)
    ReachSessionFactory(week=week, title="Coaching circles", starts_at=local(week.starts_on, 10))
    client = client_for(world.user("student_affairs"))
    response = client.post(
        reverse("wellbeing:reach_session_new", args=[week.pk]),
        {
            "component": "health",
            "title": "Wellness workshop",
            "day": week.starts_on.isoformat(),
            "start_time": "11:00",
            "end_time": "12:00",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "overlaps “Coaching circles”" in page
    assert ReachSession.objects.count() == 1


def test_attendance_page_saves_marks_and_fills_the_rest(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    session = wb["free_session"]
    student = world.person("student")
    client = client_for(world.user("student_affairs"))
    url = reverse("wellbeing:reach_attendance", args=[session.pk])
    assert student.display_name in page_text(client.get(url))
    response = client.post(url, {f"p{student.pk}": "", "rest_present": "on"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=session, person=student).status == "present"


def test_student_sees_their_class_calendar_and_own_attendance(world, wb, client_for) -> None:  # type: ignore[no-untyped-def]
    page = (
        client_for(world.user("student")).get(reverse("wellbeing:reach_calendar")).content.decode()
    )
    assert "Opening circle" in page and "Sleep and recovery" in page
    assert "Present" in page and "Not recorded" in page
