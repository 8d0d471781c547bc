"""Audit events about anonymous data: no actor, the day only, sealed once the day closes.

An anonymous survey response, report or comment must not be linkable to a
person or an exact time through the audit log. A timestamp is not the only
way to leak the time: so would the event's position in a chain between two
exactly-timed events, an auto-increment id, or the order of rows. So an
anonymous event is never written as a row of its own while its day is open:

1. ``record_anonymous`` adds it to its day's one ``PendingAnonymousEvents``
   row, a set kept sorted by a random id and rewritten whole, with no actor and
   no time at all (the row has no timestamp column);
2. once the day has closed, ``seal_closed_days`` (``manage.py seal_audit``,
   from cron) appends the day's events to chain 0 in the order of their random
   ids, each with the day and no time, then one timed event saying how many it
   sealed, and deletes the pending row. The sealed events sit together after
   everything timed that happened on their day, in an order nothing chose.

Decision record 0009 gives the threat model and what this does not protect.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from belong.access.audit import chain as chains
from belong.access.audit.catalogue import AccessEvent
from belong.access.audit.kinds import EventKind
from belong.access.models import PendingAnonymousEvents

# Records that name a person: an anonymous event is never about one of these.
PERSON_RECORDS = frozenset({"access.user", "people.person", "people.selfidentification"})
# Detail keys that would say who: refused whatever their value.
PERSON_KEYS = frozenset(
    {"actor", "by", "user", "user_id", "person", "person_id", "username", "email", "ip", "token"}
)


def _refuse_exact_times(value: Any, path: str) -> None:
    if isinstance(value, datetime | time):
        raise ValueError(f"{path} holds a time of day; an anonymous event keeps the day only")
    if isinstance(value, dict):
        for key, inner in value.items():
            if str(key).lower() in PERSON_KEYS:
                raise ValueError(f"{path}.{key} would say who; an anonymous event names nobody")
            _refuse_exact_times(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple | set):
        for i, inner in enumerate(value):
            _refuse_exact_times(inner, f"{path}[{i}]")


def record_anonymous(
    kind: EventKind,
    *,
    target: models.Model | tuple[str, str] | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record that something happened to anonymous data today, naming nobody.

    There is no ``by``: whoever is signed in is not recorded. ``target`` may be
    what the anonymous data belongs to (a survey campaign, a reporting form)
    but never a person or account; ``detail`` holds no time of day and nothing
    that says who. The event is held with today's date only and enters the
    tamper-evident log when the day has closed. Runs in the caller's
    transaction, like ``record``. Returns nothing: there is no row to point at
    until the day is sealed.
    """
    verb = chains.checked(kind, anonymous=True).verb
    target_type, target_id = chains.describe_target(target)
    if target_type in PERSON_RECORDS:
        raise ValueError(f"an anonymous event cannot be about a {target_type}")
    _refuse_exact_times(detail or {}, "detail")
    item = {
        "id": secrets.token_hex(16),
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "detail": chains.clean_detail(detail),
    }
    day = timezone.localdate()
    for attempt in range(5):
        try:
            with transaction.atomic():
                pending, _ = PendingAnonymousEvents.objects.select_for_update().get_or_create(
                    day=day
                )
                pending.events = sorted([*pending.events, item], key=lambda e: e["id"])
                pending.save(update_fields=["events"])
                return
        except IntegrityError:
            # Two first events of a day created the row at once; add to it.
            if attempt == 4:
                raise


@dataclass(frozen=True)
class Sealed:
    day: date
    events: int


def seal_closed_days(*, today: date | None = None) -> list[Sealed]:
    """Append every closed day's anonymous events to the log; one transaction per day."""
    today = today or timezone.localdate()
    sealed = []
    for day in (
        PendingAnonymousEvents.objects.filter(day__lt=today)
        .order_by("day")
        .values_list("day", flat=True)
    ):
        with transaction.atomic():
            pending = PendingAnonymousEvents.objects.select_for_update().filter(day=day).first()
            if pending is None:
                continue  # another process sealed it meanwhile
            chains._lock(chains.SYSTEM_CHAIN)
            events = sorted(pending.events, key=lambda e: e["id"])
            for item in events:
                chains.append(
                    chain=chains.SYSTEM_CHAIN,
                    verb=item["verb"],
                    at=None,
                    day=day,
                    target_type=item["target_type"],
                    target_id=item["target_id"],
                    detail=item["detail"],
                )
            # Timed, by the system, on the chain this transaction holds (chain 0).
            chains.record(
                AccessEvent.ANONYMOUS_SEALED,
                by=None,
                detail={"day": day.isoformat(), "count": len(events)},
            )
            pending.delete()
        sealed.append(Sealed(day, len(events)))
    return sealed


def waiting(*, today: date | None = None) -> list[Sealed]:
    """Closed days whose anonymous events are not sealed yet (seal_audit has not run).

    Today's own count is never shown: watching it grow would tell the time.
    """
    today = today or timezone.localdate()
    return [
        Sealed(p.day, len(p.events))
        for p in PendingAnonymousEvents.objects.filter(day__lt=today).order_by("day")
    ]
