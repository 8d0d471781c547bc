"""Reads of the audit log for the pages that browse it (administrators only)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from belong.access.models import AuditEvent


def events_matching(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """Events newest first, narrowed by the audit page's filter form."""
    events = AuditEvent.objects.order_by("-seq")
    if filters.get("kind"):
        events = events.filter(verb=filters["kind"])
    if filters.get("actor"):
        events = events.filter(actor_label__iexact=filters["actor"])
    if filters.get("target_type"):
        events = events.filter(target_type=filters["target_type"])
    if filters.get("target_id"):
        events = events.filter(target_id=filters["target_id"])
    tz = timezone.get_current_timezone()
    since: date | None = filters.get("since")
    until: date | None = filters.get("until")
    if since:
        events = events.filter(at__gte=datetime.combine(since, time.min, tz))
    if until:
        events = events.filter(at__lte=datetime.combine(until, time.max, tz))
    return events
