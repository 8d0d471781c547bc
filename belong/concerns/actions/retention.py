"""Retention: a closed case is deleted, with everything about it, when its category's time is up.

The clock starts when the case closed and restarts whenever the reporter adds
a message (their latest day counts). Open cases are never deleted. Run daily
by ``manage.py purge_concerns``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from belong.access import audit
from belong.concerns.choices import retention_years
from belong.concerns.models import Case, Concern


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expires_on(case: Case, last_message: date | None) -> date | None:
    """The day a closed case may be deleted; None while it is open."""
    if case.closed_on is None:
        return None
    start = max(case.closed_on, last_message or case.closed_on)
    return _add_years(start, retention_years(case.concern.categories))


def purge_expired(*, today: date | None = None) -> int:
    """Delete every closed concern past its retention; return how many were deleted."""
    today = today or timezone.localdate()
    closed = (
        Case.objects.filter(status=Case.Status.CLOSED)
        .select_related("concern")
        .annotate(last_message=Max("concern__messages__received_on"))
    )
    purged = 0
    for case in closed:
        until = expires_on(case, case.last_message)  # type: ignore[attr-defined]
        if until is None or until > today:
            continue
        with transaction.atomic():
            years = retention_years(case.concern.categories)
            audit.record(
                audit.ConcernEvent.PURGED,
                by=None,
                target=case,
                detail={"years": years, "closed_on": case.closed_on.isoformat()},  # type: ignore[union-attr]
            )
            Concern.objects.filter(pk=case.concern_id).delete()
        purged += 1
    return purged
