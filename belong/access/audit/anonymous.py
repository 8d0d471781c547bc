"""Audit events about anonymous data: no actor, the day only, sealed once the day closes.

An anonymous survey response, report or comment must not be linkable to a
person or an exact time through the audit log. A timestamp is not the only
way to leak the time: so would the event's position in a chain between two
exactly-timed events, an auto-increment id, or the order of rows. So an
anonymous event is never written as a row of its own while its day is open:

1. ``record_anonymous`` counts it in one of its day's ``SHARDS``
   ``PendingAnonymousEvents`` rows, drawn at random. A shard is a multiset:
   each distinct event (verb, target, detail) once, with how many times it
   happened, sorted by content. The day's shards are created together before
   its first event, so their row order is the shard numbers'. The cost of an
   event does not grow with the day, and two submitters wait for each other
   only when they draw the same shard;
2. once the day has closed, ``seal_closed_days`` (``manage.py seal_audit``,
   from cron) appends the day's events to chain 0 in an order drawn at random
   there and then, each with the day and no time, then one timed event saying
   how many it sealed, and deletes the day's shards. The sealed events sit
   together after everything timed that happened on their day, in an order
   nothing chose. It also creates the new day's shards, so that their rows
   are not written by the day's first submitter.

Decision records 0009 and 0027 give the threat model and what this does not
protect.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from belong.access.audit import chain as chains
from belong.access.audit.catalogue import AccessEvent
from belong.access.audit.kinds import EventKind
from belong.access.models import PendingAnonymousEvents

# How many rows hold a day's pending events. Two submitters wait for each other
# only when they draw the same one. On PostgreSQL each row shows when it was last
# written, not which of its events that was (decision 0027).
SHARDS = 64
# What makes two anonymous events the same event.
CONTENT = ("verb", "target_type", "target_id", "detail")
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
    content = {
        "verb": verb,
        "target_type": target_type,
        "target_id": target_id,
        "detail": chains.clean_detail(detail),
    }
    day = timezone.localdate()
    # No savepoint of its own: the event lives or dies with the caller's change.
    with transaction.atomic(savepoint=False):
        shard = _locked_shard(day, _draw_shard())
        shard.events = _counted(shard.events, content)
        shard.save(update_fields=["events"])


def _draw_shard() -> int:
    return secrets.randbelow(SHARDS)


def _key(event: dict[str, Any]) -> str:
    return json.dumps(
        {k: event[k] for k in CONTENT}, sort_keys=True, separators=(",", ":"), default=str
    )


def _counted(events: list[dict[str, Any]], content: dict[str, Any]) -> list[dict[str, Any]]:
    """The multiset ``events`` with one more ``content``, sorted by content."""
    counts = {_key(e): e["count"] for e in events}
    key = _key(content)
    counts[key] = counts.get(key, 0) + 1
    return [{**json.loads(k), "count": n} for k, n in sorted(counts.items())]


def open_day(day: date) -> None:
    """Create ``day``'s shards, all at once and in shard order, if they do not exist yet."""
    PendingAnonymousEvents.objects.bulk_create(
        [PendingAnonymousEvents(day=day, shard=s) for s in range(SHARDS)],
        ignore_conflicts=True,
    )


def _locked_shard(day: date, number: int) -> PendingAnonymousEvents:
    found = PendingAnonymousEvents.objects.select_for_update().filter(day=day, shard=number)
    shard = found.first()
    if shard is None:
        # The day's first event, unless seal_audit opened the day after midnight.
        open_day(day)
        shard = found.get()
    return shard


def _expanded(shards: list[PendingAnonymousEvents]) -> list[dict[str, Any]]:
    """Every event of the day once per count, in a random order drawn now."""
    counts: dict[str, int] = {}
    for shard in shards:
        for event in shard.events:
            counts[_key(event)] = counts.get(_key(event), 0) + event["count"]
    events = [json.loads(k) for k, n in sorted(counts.items()) for _ in range(n)]
    _shuffle(events)
    return events


def _shuffle(events: list[dict[str, Any]]) -> None:
    secrets.SystemRandom().shuffle(events)


@dataclass(frozen=True)
class Sealed:
    day: date
    events: int


def seal_closed_days(*, today: date | None = None) -> list[Sealed]:
    """Append every closed day's anonymous events to the log; one transaction per day.

    Days whose shards hold no event are deleted without a trace in the log.
    Today's shards are created if they do not exist yet.
    """
    today = today or timezone.localdate()
    sealed = []
    for day in (
        PendingAnonymousEvents.objects.filter(day__lt=today)
        .order_by("day")
        .values_list("day", flat=True)
        .distinct()
    ):
        with transaction.atomic():
            shards = list(PendingAnonymousEvents.objects.select_for_update().filter(day=day))
            if not shards:
                continue  # another process sealed it meanwhile
            events = _expanded(shards)
            if events:
                chains._lock(chains.SYSTEM_CHAIN)
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
            PendingAnonymousEvents.objects.filter(day=day).delete()
        if events:
            sealed.append(Sealed(day, len(events)))
    with transaction.atomic():
        open_day(today)
    return sealed


def waiting(*, today: date | None = None) -> list[Sealed]:
    """Closed days whose anonymous events are not sealed yet (seal_audit has not run).

    Today's own count is never shown: watching it grow would tell the time.
    """
    today = today or timezone.localdate()
    counts: dict[date, int] = {}
    for day, events in (
        PendingAnonymousEvents.objects.filter(day__lt=today)
        .order_by("day", "shard")
        .values_list("day", "events")
    ):
        counts[day] = counts.get(day, 0) + sum(e["count"] for e in events)
    return [Sealed(day, n) for day, n in counts.items() if n]
