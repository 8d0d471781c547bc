"""Append an event to the tamper-evident log; verify the chain.

Design and limits: ``docs/decisions/0003-audit-log.md``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from belong.access.audit.catalogue import is_catalogued
from belong.access.audit.kinds import EventKind
from belong.access.models import AuditEvent
from belong.core.locks import hold_transaction_lock

GENESIS = "0" * 64


def _canonical_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON form of the event and its predecessor's hash."""
    payload = json.dumps(
        [
            seq,
            _canonical_time(at),
            actor_id,
            actor_label,
            verb,
            target_type,
            target_id,
            detail,
            prev_hash,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
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
    )


def _describe_target(target: models.Model | tuple[str, str] | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return target
    return target._meta.label_lower, str(target.pk)


def _checked(kind: object, *, anonymous: bool) -> EventKind:
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
    verb = _checked(kind, anonymous=False).verb
    actor_id = by.pk if getattr(by, "is_authenticated", False) else None
    actor_label = by.get_username() if actor_id is not None else "system"
    target_type, target_id = _describe_target(target)
    detail = json.loads(json.dumps(detail or {}, sort_keys=True, default=str))
    for attempt in range(5):
        try:
            with transaction.atomic():
                hold_transaction_lock("access.audit.append")
                last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
                seq = (last["seq"] + 1) if last else 1
                prev_hash = last["hash"] if last else GENESIS
                at = timezone.now()
                event = AuditEvent(
                    seq=seq,
                    at=at,
                    actor_id=actor_id,
                    actor_label=actor_label,
                    verb=verb,
                    target_type=target_type,
                    target_id=target_id,
                    detail=detail,
                    prev_hash=prev_hash,
                )
                event.hash = _hash_of(event)
                event.save(force_insert=True)
                return event
        except IntegrityError:
            # Another process appended the same sequence number first; retry.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    message: str


@dataclass(frozen=True)
class ChainReport:
    events: int
    head_seq: int
    head_hash: str
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _walk(chunk_size: int) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size)


def verify_chain(*, chunk_size: int = 2000, max_problems: int = 50) -> ChainReport:
    """Walk the log in order and report every broken link.

    Detects an edited row (its hash no longer matches its fields), a deleted
    row (a gap in ``seq`` or a ``prev_hash`` that matches nothing) and a row
    inserted out of band. Truncation of the newest rows leaves a valid but
    shorter chain; compare ``head_seq``/``head_hash`` with an anchor kept
    elsewhere (``verify_audit --expect-head``).
    """
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_seq = 1
    count = 0
    head_seq, head_hash = 0, GENESIS
    for event in _walk(chunk_size):
        count += 1
        if event.seq != expected_seq:
            problems.append(
                ChainProblem(
                    event.seq,
                    f"events {expected_seq} to {event.seq - 1} are missing (deleted?)"
                    if event.seq > expected_seq
                    else f"sequence runs backwards at {event.seq}",
                )
            )
        if event.prev_hash != expected_prev:
            problems.append(ChainProblem(event.seq, "link to the previous event is broken"))
        if _hash_of(event) != event.hash:
            problems.append(
                ChainProblem(event.seq, "contents do not match the event's hash (edited?)")
            )
        expected_prev = event.hash
        expected_seq = event.seq + 1
        head_seq, head_hash = event.seq, event.hash
        if len(problems) >= max_problems:
            break
    return ChainReport(count, head_seq, head_hash, tuple(problems))
