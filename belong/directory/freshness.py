"""When an entry is due for checking, and when it is shown as unverified.

An entry not verified for ``VERIFY_EVERY`` is flagged to its owning office;
``GRACE`` after that it is shown to everyone as unverified. Both are counted
from the last verification, or from creation for an entry never verified.
All times come from ``django.utils.timezone.now`` (the project's clock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

VERIFY_EVERY = timedelta(days=365)
GRACE = timedelta(days=30)


def due_for_checking(now: datetime) -> Q:
    """Services whose last verification is a year old or more (or that never had one)."""
    return Q(last_verified_at__lte=now - VERIFY_EVERY) | Q(last_verified_at__isnull=True)


def shown_unverified(last_verified_at: datetime | None, now: datetime) -> bool:
    """Whether the public sees the entry as unverified (a year plus the grace period)."""
    return last_verified_at is None or now - last_verified_at >= VERIFY_EVERY + GRACE
