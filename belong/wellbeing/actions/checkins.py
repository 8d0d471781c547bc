"""Writing a check-in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people.queries import person_of
from belong.wellbeing import terms, who5
from belong.wellbeing.models import CheckIn


def submit_checkin(*, by: Any, items: Sequence[int]) -> CheckIn:
    """Record one's own WHO-5 answers. The audit event says that a check-in was
    made, never what it said."""
    ensure_permission(by, Permission.SUBMIT_CHECKIN)
    person = person_of(by)
    try:
        score = who5.percentage_score(list(items))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    now = timezone.now()
    academic_year, quarter = terms.term_of(timezone.localdate(now))
    with transaction.atomic():
        checkin = CheckIn.objects.create(
            person=person,
            submitted_at=now,
            cohort=terms.cohort_of(person),
            academic_year=academic_year,
            quarter=quarter,
            score=score,
            **dict(zip(CheckIn.ITEM_FIELDS, items, strict=True)),
        )
        audit.record(audit.WellbeingEvent.CHECKIN_SUBMITTED, by=by, target=checkin)
    return checkin
