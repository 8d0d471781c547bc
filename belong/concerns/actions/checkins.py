"""Retaliation check-ins: Belong asks the reporter 30, 60 and 90 days after the case opened.

Posted as a reply with no author, so an anonymous reporter reads it with their
receipt and a named one signed in (and is e-mailed that there is news). The
days count from the end of a hold, if the reporter asked for one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.concerns.choices import Mode
from belong.concerns.models import Case, Reply

CHECKIN_DAYS = (30, 60, 90)
CHECKIN_TEXT = (
    "Checking in, {days} days on: has anyone treated you differently since you reported "
    "(a worse evaluation, being left out, remarks, threats)? Retaliation is not allowed. "
    "Reply here if it has, or if you would like to talk; if all is well, you need not answer."
)


def _start(case: Case) -> date:
    held = case.concern.held_until
    return max(case.opened_on, held) if held else case.opened_on


def post_due_checkins(*, today: date | None = None) -> int:
    """Post every check-in that is due (one per case per run); return how many were posted."""
    today = today or timezone.localdate()
    posted = 0
    candidates = Case.objects.filter(checkins_sent__lt=len(CHECKIN_DAYS)).select_related("concern")
    for case in candidates:
        days = CHECKIN_DAYS[case.checkins_sent]
        if _start(case) + timedelta(days=days) > today:
            continue
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.checkins_sent != case.checkins_sent:
                continue  # another run posted it meanwhile
            Reply.objects.create(
                case=locked,
                author=None,
                written_at=timezone.now(),
                text=CHECKIN_TEXT.format(days=days),
                checkin_day=days,
            )
            locked.checkins_sent += 1
            locked.save(update_fields=["checkins_sent"])
            audit.record(
                audit.ConcernEvent.CHECKIN_POSTED, by=None, target=locked, detail={"days": days}
            )
            if case.concern.mode != Mode.ANONYMOUS:
                notify_reporter(locked)
        posted += 1
    return posted


def notify_reporter(case: Case) -> None:
    """Queue an e-mail to a named or confidential reporter (never for an anonymous one)."""
    from belong.concerns import tasks

    if case.concern.mode == Mode.ANONYMOUS:
        return
    case_id = str(case.pk)
    transaction.on_commit(lambda: tasks.email_reporter.enqueue(case_id))
