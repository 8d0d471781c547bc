"""Which coaching reminders are due now. Run by ``manage.py send_reminders`` from cron.

* A scheduled meeting starting within :data:`MEETING_NOTICE` gets one reminder
  to the student and the coach (queued once; moving the meeting re-arms it).
* From :data:`NUDGE_AFTER` into a calendar quarter, a coach with students who
  have no meeting held or scheduled in that quarter gets one nudge a quarter.

What is queued is recorded in the same transaction, under a lock that makes
overlapping runs wait for each other, so running the command twice, or on two
machines, sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from belong.access import audit
from belong.coaching.models import Meeting, Pairing, QuarterNudge
from belong.core.academic_calendar import quarter_bounds_of
from belong.core.locks import hold_transaction_lock

MEETING_NOTICE = timedelta(hours=36)
NUDGE_AFTER = timedelta(days=42)
COUNTS_AS_MET = (Meeting.Status.SCHEDULED, Meeting.Status.HELD)


@dataclass(frozen=True)
class ReminderRun:
    meetings: int
    coaches: int

    def __str__(self) -> str:
        return (
            f"Coaching: reminders for {self.meetings} meeting(s) "
            f"and nudges to {self.coaches} coach(es)."
        )


def quarter_start(day: date) -> date:
    return quarter_bounds_of(day)[0]


def quarter_end(day: date) -> date:
    return quarter_bounds_of(day)[1]


def students_without_meeting(day: date | None = None) -> dict[int, list[int]]:
    """Coach id → active pairing ids with no meeting held or scheduled this quarter."""
    day = day or timezone.localdate()
    start, end = quarter_start(day), quarter_end(day)
    met = set(
        Meeting.objects.filter(
            status__in=COUNTS_AS_MET,
            starts_at__date__gte=start,
            starts_at__date__lte=end,
            pairing__active=True,
        ).values_list("pairing_id", flat=True)
    )
    found: dict[int, list[int]] = {}
    for pairing_id, coach_id in Pairing.objects.filter(active=True).values_list("pk", "coach_id"):
        if pairing_id not in met:
            found.setdefault(coach_id, []).append(pairing_id)
    return found


def queue_meeting_reminders(now: datetime) -> int:
    from belong.coaching import tasks

    due = list(
        Meeting.objects.select_for_update()
        .filter(
            status=Meeting.Status.SCHEDULED,
            pairing__active=True,
            reminder_queued_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + MEETING_NOTICE,
        )
        .values_list("pk", flat=True)
    )
    Meeting.objects.filter(pk__in=due).update(reminder_queued_at=now)
    for meeting_id in due:
        transaction.on_commit(partial(tasks.email_meeting_reminder.enqueue, meeting_id))
    return len(due)


def queue_quarter_nudges(now: datetime) -> int:
    from belong.coaching import tasks

    today = timezone.localdate(now)
    start = quarter_start(today)
    if today - start < NUDGE_AFTER:
        return 0
    already = set(
        QuarterNudge.objects.filter(quarter_start=start).values_list("coach_id", flat=True)
    )
    queued = 0
    for coach_id, pairings in sorted(students_without_meeting(today).items()):
        if coach_id in already:
            continue
        try:
            with transaction.atomic():
                QuarterNudge.objects.create(
                    coach_id=coach_id, quarter_start=start, students=len(pairings), queued_at=now
                )
        except IntegrityError:
            continue  # another process queued it first
        transaction.on_commit(partial(tasks.email_quarter_nudge.enqueue, coach_id, len(pairings)))
        queued += 1
    return queued


def queue_due_reminders(now: datetime | None = None) -> ReminderRun:
    """Queue every coaching reminder due now; one transaction, one audit event."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two overlapping cron runs would both find a reminder not yet sent.
        hold_transaction_lock("coaching.reminders")
        run = ReminderRun(meetings=queue_meeting_reminders(now), coaches=queue_quarter_nudges(now))
        if run.meetings or run.coaches:
            audit.record(
                audit.CoachingEvent.REMINDERS_QUEUED,
                by=None,
                detail={"meetings": run.meetings, "coaches": run.coaches},
            )
    return run
