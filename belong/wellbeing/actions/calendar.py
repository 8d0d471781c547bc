"""Creating and revoking a person's secret calendar-feed address."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import ensure_permission
from belong.people.queries import person_of
from belong.wellbeing.models import CalendarFeed


def hash_token(token: str) -> str:
    # The token has 256 bits of entropy, so a fast hash is enough: there is
    # nothing to guess, unlike a password.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_calendar_feed(*, by: Any) -> str:
    """Make (or replace) one's feed address and return its secret token.

    The token is shown once and never stored; an earlier address stops working.
    """
    ensure_permission(by, Permission.VIEW_OWN_PROFILE)
    person = person_of(by)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        replaced = CalendarFeed.objects.filter(person=person).delete()[0] > 0
        feed = CalendarFeed.objects.create(person=person, token_hash=hash_token(token))
        audit.record(
            audit.WellbeingEvent.CALENDAR_FEED_CREATED,
            by=by,
            target=feed,
            detail={"replaced": replaced},
        )
    return token


def revoke_calendar_feed(*, by: Any) -> bool:
    """Stop one's feed address working; return whether there was one."""
    ensure_permission(by, Permission.VIEW_OWN_PROFILE)
    person = person_of(by)
    with transaction.atomic():
        removed = CalendarFeed.objects.filter(person=person).delete()[0] > 0
        if removed:
            audit.record(audit.WellbeingEvent.CALENDAR_FEED_REVOKED, by=by, target=person)
    return removed
