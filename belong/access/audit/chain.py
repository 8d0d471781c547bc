"""Append events to the tamper-evident log, on several hash chains.

Each chain is a sequence of events, each hashed with its predecessor's hash,
appended under that chain's own lock. An actor's events always go to the same
chain (picked from their account id), so people reading their own pages at the
same time take different locks instead of queueing on one; events without an
actor (the system, failed sign-ins, sealed anonymous events) go to chain 0.
A transaction that has appended to one chain appends all its further events
there too, so it never holds two chain locks and two transactions cannot
deadlock on them. Design and limits: decision records 0003 and 0008.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from belong.access.audit.catalogue import is_catalogued
from belong.access.audit.kinds import EventKind
from belong.access.locks import hold_transaction_lock
from belong.access.models import AuditEvent

GENESIS = "0" * 64
# How many chains events are spread over: chain 0 for events without an actor,
# the rest for actors. Never lowered once events exist beyond it (verify_audit
# treats a chain past the last as forged); one chain is the single-lock log.
CHAINS = 32
SYSTEM_CHAIN = 0


def _canonical_time(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(
    *,
    seq: int,
    at: datetime | None,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    detail: dict[str, Any],
    prev_hash: str,
    chain: int = SYSTEM_CHAIN,
    day: date | None = None,
) -> str:
    """SHA-256 over a canonical JSON form of the event and its predecessor's hash.

    Events of chain 0 with a time (every event written before there were
    several chains) hash exactly as they always did; any other event also
    covers its chain and day, so moving it to another chain or day breaks it.
    """
    fields: list[Any] = [
        seq,
        _canonical_time(at),
        actor_id,
        actor_label,
        verb,
        target_type,
        target_id,
        detail,
        prev_hash,
    ]
    if chain != SYSTEM_CHAIN or day is not None:
        fields += [chain, None if day is None else day.isoformat()]
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def hash_of(event: AuditEvent) -> str:
    return compute_hash(
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        detail=event.detail,
        prev_hash=event.prev_hash,
        chain=event.chain,
        day=event.day,
    )


def describe_target(target: models.Model | tuple[str, str] | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return target
    return target._meta.label_lower, str(target.pk)


def chain_for(actor_id: int | None, chains: int | None = None) -> int:
    """The chain an actor's events go to: fixed per account, spread evenly."""
    chains = CHAINS if chains is None else chains
    if actor_id is None or chains <= 1:
        return SYSTEM_CHAIN
    return 1 + zlib.crc32(str(actor_id).encode()) % (chains - 1)


class _ChainHeld:
    """Registered with ``on_commit`` when a transaction first locks a chain.

    Django drops a transaction's commit callbacks when it rolls back (or when a
    savepoint they were registered in rolls back, which on PostgreSQL also
    releases the locks taken in it), and runs them at commit, when the lock is
    released. So "this callback is still waiting" means exactly "this
    transaction still holds that chain's lock". (A savepoint made with
    ``transaction.savepoint()`` instead of ``atomic()`` is invisible to the
    callbacks; after rolling one back an event may be appended without the lock,
    which the unique (chain, seq) constraint and the retry in ``record`` make
    safe, only slower.)
    """

    def __init__(self, chain: int) -> None:
        self.chain = chain

    def __call__(self) -> None:
        if getattr(connection, "belong_audit_chain", None) is self:
            connection.belong_audit_chain = None  # type: ignore[attr-defined]


def _chain_held_by_this_transaction() -> int | None:
    held = getattr(connection, "belong_audit_chain", None)
    if held is None or not connection.in_atomic_block:
        return None
    if any(entry[1] is held for entry in connection.run_on_commit):
        return int(held.chain)
    return None


def _lock(chain: int) -> None:
    hold_transaction_lock(f"access.audit.chain.{chain}")
    if _chain_held_by_this_transaction() != chain:
        held = _ChainHeld(chain)
        connection.belong_audit_chain = held  # type: ignore[attr-defined]
        transaction.on_commit(held)


def append(
    *,
    chain: int,
    verb: str,
    at: datetime | None,
    day: date | None = None,
    actor_id: int | None = None,
    actor_label: str = "",
    target_type: str = "",
    target_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event at the head of ``chain``. Call inside ``transaction.atomic()``
    with the chain's lock held (``_lock``)."""
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").values("seq", "hash").first()
    event = AuditEvent(
        chain=chain,
        seq=(last["seq"] + 1) if last else 1,
        at=at,
        day=day,
        actor_id=actor_id,
        actor_label=actor_label,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        detail=detail or {},
        prev_hash=last["hash"] if last else GENESIS,
    )
    event.hash = hash_of(event)
    event.save(force_insert=True)
    return event


def checked(kind: object, *, anonymous: bool) -> EventKind:
    if not is_catalogued(kind):
        raise TypeError(
            f"{kind!r} is not a catalogued audit event kind: add it to "
            "belong/access/audit/catalogue/ and record the enum member."
        )
    assert isinstance(kind, EventKind)
    if kind.anonymous != anonymous:
        raise ValueError(
            f"{kind.verb} is {'an anonymous' if kind.anonymous else 'a named'} kind: record it "
            f"with {'record_anonymous' if kind.anonymous else 'record'}()."
        )
    return kind


def clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(detail or {}, sort_keys=True, default=str))


def record(
    kind: EventKind,
    *,
    by: Any,
    target: models.Model | tuple[str, str] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event of a catalogued ``kind`` to the log and return it.

    ``by`` is the acting user (``None`` or an anonymous user for the system or
    a signed-out visitor). ``detail`` must never hold the sensitive values
    themselves (answers, scores, note text): only what happened to what.
    Runs in the caller's transaction when there is one, so the event is
    written if and only if the change it describes is.
    """
    verb = checked(kind, anonymous=False).verb
    actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    actor_label = by.get_username() if actor_id is not None else "system"
    target_type, target_id = describe_target(target)
    detail = clean_detail(detail)
    for attempt in range(5):
        try:
            with transaction.atomic():
                chain = _chain_held_by_this_transaction()
                if chain is None:
                    chain = chain_for(actor_id)
                    _lock(chain)
                return append(
                    chain=chain,
                    verb=verb,
                    at=timezone.now(),
                    actor_id=actor_id,
                    actor_label=actor_label,
                    target_type=target_type,
                    target_id=target_id,
                    detail=detail,
                )
        except IntegrityError:
            # Another process appended the same position first (SQLite, or a
            # database without the lock); try again at the new head.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")
