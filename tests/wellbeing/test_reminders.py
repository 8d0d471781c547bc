from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from belong.access.models import AuditEvent
from belong.wellbeing.models import CoverageRecord, SentReminder, SupportRequest
from belong.wellbeing.reminders import queue_due_reminders
from tests.factories.wellbeing import CoverageYearFactory

pytestmark = pytest.mark.django_db


def _overdue(request: SupportRequest, hours: int = 1) -> None:
    SupportRequest.objects.filter(pk=request.pk).update(
        due_by=timezone.now() - dt.timedelta(hours=hours)
    )


def _run(django_capture_on_commit_callbacks, now=None):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return queue_due_reminders(now)


def test_command_emails_the_office_of_a_request_past_target(
    world, wb, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _overdue(wb["counselling_request"])
    CoverageRecord.objects.update(status=CoverageRecord.Status.ENROLLED)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "1 office(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["case_manager@example.edu"]]
    message = mail.outbox[0]
    assert "Counselling and Psychological Services" in message.subject
    assert "1 support request(s)" in message.body
    assert wb["counselling_request"].summary not in message.body
    assert AuditEvent.objects.filter(verb="wellbeing.reminders.queued").count() == 1


def test_a_reminder_is_not_repeated_within_a_day(
    world, wb, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _overdue(wb["counselling_request"])
    CoverageRecord.objects.update(status=CoverageRecord.Status.ENROLLED)
    assert _run(django_capture_on_commit_callbacks).offices == 1
    assert _run(django_capture_on_commit_callbacks).offices == 0
    later = timezone.now() + dt.timedelta(hours=25)
    assert _run(django_capture_on_commit_callbacks, later).offices == 1
    assert len(mail.outbox) == 2


def test_answered_requests_are_not_chased(world, wb, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    request = wb["counselling_request"]
    _overdue(request)
    SupportRequest.objects.filter(pk=request.pk).update(
        first_response_at=timezone.now(), status="acknowledged"
    )
    assert _run(django_capture_on_commit_callbacks).offices == 0


def test_students_not_covered_are_reminded_weekly_before_the_deadline(
    world, make_student, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    year = CoverageYearFactory(deadline=timezone.localdate() + dt.timedelta(days=10))
    covered = make_student("covered")
    CoverageRecord.objects.create(person=covered.person, year=year, status="enrolled")
    asked = make_student("asked")
    CoverageRecord.objects.create(person=asked.person, year=year, status="more_info")
    run = _run(django_capture_on_commit_callbacks)
    # The student persona (not started) and the one asked for more; not the enrolled one.
    assert run.students == 2
    expected = sorted([asked.person.email, world.person("student").email])
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert "Enrol in the school plan or apply for a waiver by" in mail.outbox[0].body
    assert _run(django_capture_on_commit_callbacks).students == 0
    week_later = timezone.now() + dt.timedelta(days=7, hours=1)
    assert _run(django_capture_on_commit_callbacks, week_later).students == 2
    assert SentReminder.objects.filter(kind="coverage_deadline").count() == 4


def test_no_coverage_reminders_outside_the_window(
    world, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    CoverageYearFactory(deadline=timezone.localdate() + dt.timedelta(days=40))
    assert _run(django_capture_on_commit_callbacks).students == 0
    assert not mail.outbox
