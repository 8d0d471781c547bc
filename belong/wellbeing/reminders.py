"""Which reminders are due now. Run by ``manage.py send_reminders`` from cron.

* An office whose queue holds requests past their response-time target gets
  one e-mail, at most once every ``SUPPORT_REPEAT`` (a day).
* A student who has not enrolled, applied for a waiver or had one approved
  gets one e-mail a week in the ``COVERAGE_WINDOW`` (three weeks) before the
  year's deadline, and a student asked for more information keeps getting
  them until they answer.

Each reminder queued is logged in ``SentReminder`` in the same transaction, so
running the command twice, or from two machines, does not send twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from belong.access import audit
from belong.core.locks import hold_transaction_lock
from belong.wellbeing import terms
from belong.wellbeing.models import CoverageRecord, CoverageYear, SentReminder, SupportRequest

SUPPORT_REPEAT = timedelta(hours=24)
COVERAGE_WINDOW = timedelta(days=21)
COVERAGE_REPEAT = timedelta(days=7)
# Statuses that still need the student to act.
COVERAGE_NEEDS_ACTION = (None, CoverageRecord.Status.MORE_INFO, CoverageRecord.Status.DENIED)


@dataclass(frozen=True)
class ReminderRun:
    offices: int
    students: int

    def __str__(self) -> str:
        return f"Well-being: reminders to {self.offices} office(s) and {self.students} student(s)."


def _recently_sent(kind: str, keys: list[str], since: datetime) -> set[str]:
    return set(
        SentReminder.objects.filter(kind=kind, key__in=keys, sent_at__gte=since).values_list(
            "key", flat=True
        )
    )


def queue_support_reminders(now: datetime) -> int:
    from belong.wellbeing import tasks

    waiting = dict(
        SupportRequest.objects.filter(
            status=SupportRequest.Status.SUBMITTED,
            first_response_at__isnull=True,
            due_by__lt=now,
        )
        .values("office_id")
        .annotate(n=Count("id"))
        .values_list("office_id", "n")
    )
    keys = {office_id: f"office:{office_id}" for office_id in waiting}
    recent = _recently_sent(
        SentReminder.Kind.SUPPORT_WAITING, list(keys.values()), now - SUPPORT_REPEAT
    )
    due = {office_id: n for office_id, n in waiting.items() if keys[office_id] not in recent}
    SentReminder.objects.bulk_create(
        SentReminder(kind=SentReminder.Kind.SUPPORT_WAITING, key=keys[o], sent_at=now) for o in due
    )
    for office_id, n in due.items():
        transaction.on_commit(partial(tasks.email_office.enqueue, office_id, "waiting", waiting=n))
    return len(due)


def queue_coverage_reminders(now: datetime) -> int:
    from belong.wellbeing import tasks

    today = timezone.localdate(now)
    years = CoverageYear.objects.filter(deadline__gte=today, deadline__lte=today + COVERAGE_WINDOW)
    queued = 0
    for year in years:
        students = terms.current_students_by_cohort(today)
        statuses = dict(
            CoverageRecord.objects.filter(year=year, person_id__in=list(students)).values_list(
                "person_id", "status"
            )
        )
        needing = [pid for pid in students if statuses.get(pid) in COVERAGE_NEEDS_ACTION]
        keys = {pid: f"coverage:{year.pk}:{pid}" for pid in needing}
        recent = _recently_sent(
            SentReminder.Kind.COVERAGE_DEADLINE, list(keys.values()), now - COVERAGE_REPEAT
        )
        due = [pid for pid in needing if keys[pid] not in recent]
        SentReminder.objects.bulk_create(
            SentReminder(kind=SentReminder.Kind.COVERAGE_DEADLINE, key=keys[p], sent_at=now)
            for p in due
        )
        label, deadline = year.label, tasks.format_day(year.deadline)
        for pid in due:
            transaction.on_commit(
                partial(
                    tasks.email_person.enqueue,
                    pid,
                    "coverage_deadline",
                    year=label,
                    deadline=deadline,
                )
            )
        queued += len(due)
    return queued


def queue_due_reminders(now: datetime | None = None) -> ReminderRun:
    """Queue every reminder due now; one transaction, one audit event."""
    now = now or timezone.now()
    with transaction.atomic():
        # Two overlapping cron runs would both find a reminder not yet sent.
        hold_transaction_lock("wellbeing.reminders")
        run = ReminderRun(
            offices=queue_support_reminders(now), students=queue_coverage_reminders(now)
        )
        if run.offices or run.students:
            audit.record(
                audit.WellbeingEvent.REMINDERS_QUEUED,
                by=None,
                detail={"offices": run.offices, "students": run.students},
            )
    return run
