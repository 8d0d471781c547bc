"""Overdue progress updates. Run by ``manage.py send_reminders`` from cron.

An action of a published plan that has started and is neither done nor
dropped needs an update every ``plan.update_every_days`` days (counted from
its last update, or from its start). Once overdue, its owner is reminded once
for that spell; a new update starts a new spell. The same run releases ready
batches of anonymous comments (a transaction of their own, never a request's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from belong.access import audit
from belong.access.locks import hold_transaction_lock
from belong.plans import tasks
from belong.plans.actions.feedback import release_comments
from belong.plans.models import Action, Plan, Status, UpdateReminder

FINISHED = (Status.DONE, Status.DROPPED)


@dataclass(frozen=True)
class ReminderRun:
    owners: int
    comments: int

    def __str__(self) -> str:
        return (
            f"Action plans: {self.owners} overdue-update reminder(s); "
            f"{self.comments} anonymous comment(s) released."
        )


def overdue_since(action: Action, last_update: date | None, today: date) -> date | None:
    """The day ``action``'s update became overdue, or None if it is not overdue."""
    plan = action.goal.area.plan
    if not plan.is_published or action.status in FINISHED or action.starts_on > today:
        return None
    since = last_update or action.starts_on
    due = since + timedelta(days=plan.update_every_days)
    return due if due < today else None


def update_overdue(action: Action, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    last = action.updates.aggregate(last=Max("written_on"))["last"]
    return overdue_since(action, last, today) is not None


def queue_update_reminders(now: datetime) -> int:
    today = timezone.localdate(now)
    actions = (
        Action.objects.filter(goal__area__plan__version__gt=0, starts_on__lte=today)
        .exclude(status__in=FINISHED)
        .select_related("goal__area__plan")
        .annotate(last=Max("updates__written_on"))
    )
    queued = 0
    for action in actions:
        since = overdue_since(action, action.last, today)
        if since is None:
            continue
        try:
            with transaction.atomic():
                UpdateReminder.objects.create(action=action, overdue_since=since, queued_at=now)
        except IntegrityError:
            continue  # reminded already for this spell
        transaction.on_commit(partial(tasks.email_overdue_update.enqueue, action.pk))
        queued += 1
    return queued


def queue_due_reminders(now: datetime | None = None) -> ReminderRun:
    """Queue every overdue-update reminder due now; release ready anonymous comments."""
    now = now or timezone.now()
    with transaction.atomic():
        hold_transaction_lock("plans.reminders")
        owners = queue_update_reminders(now)
        if owners:
            audit.record(audit.PlanEvent.REMINDERS_QUEUED, by=None, detail={"owners": owners})
    released = sum(release_comments(plan) for plan in Plan.objects.filter(version__gt=0))
    return ReminderRun(owners=owners, comments=released)
