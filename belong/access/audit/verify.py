"""Verify the log's chains, and anchors that detect a truncated log.

An anchor lists the head (sequence number) of every chain at one moment and
a digest of their hashes: ``0:1042,5:88,17:3/9f86d0...``. Kept somewhere the
database's administrators cannot write (a mailed cron report), it shows
whether events were removed from the end of any chain since. An anchor of the
single-chain log (``SEQ:HASH``, printed before there were several chains) is
still accepted: it names the head of chain 0.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from belong.access.audit import chain as chains
from belong.access.models import AuditEvent


@dataclass(frozen=True)
class ChainProblem:
    chain: int
    seq: int
    message: str

    def __str__(self) -> str:
        return f"chain {self.chain}, event {self.seq}: {self.message}"


@dataclass(frozen=True)
class Anchor:
    heads: dict[int, int]
    digest: str

    def __str__(self) -> str:
        heads = ",".join(f"{c}:{s}" for c, s in sorted(self.heads.items()))
        return f"{heads}/{self.digest}"


@dataclass(frozen=True)
class ChainReport:
    events: int
    heads: dict[int, tuple[int, str]]
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def anchor(self) -> Anchor:
        return Anchor(
            {c: seq for c, (seq, _) in self.heads.items()},
            anchor_digest({c: h for c, (_, h) in self.heads.items()}),
        )


def anchor_digest(head_hashes: dict[int, str]) -> str:
    text = "\n".join(f"{c}:{h}" for c, h in sorted(head_hashes.items()))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _walk(chunk_size: int) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=chunk_size)


def verify_chain(*, chunk_size: int = 2000, max_problems: int = 50) -> ChainReport:
    """Walk every chain in order and report every broken link.

    Detects an edited row (its hash no longer matches its fields), a deleted
    row (a gap in ``seq`` or a ``prev_hash`` that matches nothing), a row
    inserted out of band (the next link breaks), a chain that should not exist,
    and an anonymous event that holds a time or an actor. Truncation of the
    newest rows of a chain leaves a valid but shorter chain: compare with an
    anchor kept elsewhere (``check_anchor``).
    """
    problems: list[ChainProblem] = []
    heads: dict[int, tuple[int, str]] = {}
    count = 0
    current = -1
    expected_prev, expected_seq = chains.GENESIS, 1
    for event in _walk(chunk_size):
        count += 1
        if event.chain != current:
            current = event.chain
            expected_prev, expected_seq = chains.GENESIS, 1
            if current >= max(chains.CHAINS, 1):
                problems.append(
                    ChainProblem(current, event.seq, f"chain {current} should not exist (forged?)")
                )
        if event.seq != expected_seq:
            problems.append(
                ChainProblem(
                    current,
                    event.seq,
                    f"events {expected_seq} to {event.seq - 1} are missing (deleted?)"
                    if event.seq > expected_seq
                    else f"sequence runs backwards at {event.seq}",
                )
            )
        if event.prev_hash != expected_prev:
            problems.append(
                ChainProblem(current, event.seq, "link to the previous event is broken")
            )
        if chains.hash_of(event) != event.hash:
            problems.append(
                ChainProblem(current, event.seq, "contents do not match the event's hash (edited?)")
            )
        if event.day is not None and (event.at is not None or event.actor_id or event.actor_label):
            problems.append(
                ChainProblem(current, event.seq, "an anonymous event holds a time or an actor")
            )
        expected_prev, expected_seq = event.hash, event.seq + 1
        heads[current] = (event.seq, event.hash)
        if len(problems) >= max_problems:
            break
    return ChainReport(count, heads, tuple(problems))


_NEW = re.compile(r"^(\d+:\d+(?:,\d+:\d+)*)/([0-9a-f]{64})$")
_OLD = re.compile(r"^(\d+):([0-9a-f]{64})$")


def parse_anchor(text: str) -> Anchor | tuple[int, str]:
    """An anchor as printed by ``verify_audit``; ``(seq, hash)`` for a single-chain one."""
    text = text.strip()
    if found := _NEW.match(text):
        heads = {}
        for part in found[1].split(","):
            c, s = part.split(":")
            heads[int(c)] = int(s)
        return Anchor(heads, found[2])
    if found := _OLD.match(text):
        return int(found[1]), found[2]
    raise ValueError(
        "an anchor is CHAIN:SEQ,CHAIN:SEQ,.../DIGEST as printed by verify_audit "
        "(or SEQ:HASH from before there were several chains)"
    )


def check_anchor(text: str) -> list[str]:
    """What is wrong with the log compared with an anchor kept elsewhere."""
    anchor = parse_anchor(text)
    if isinstance(anchor, tuple):
        seq, expected = anchor
        anchor = Anchor({chains.SYSTEM_CHAIN: seq}, anchor_digest({chains.SYSTEM_CHAIN: expected}))
    problems = []
    found: dict[int, str] = {}
    for c, seq in sorted(anchor.heads.items()):
        row = AuditEvent.objects.filter(chain=c, seq=seq).values_list("hash", flat=True).first()
        if row is None:
            problems.append(f"chain {c}: event {seq} of the anchor is missing (truncated?)")
        else:
            found[c] = row
    if not problems and anchor_digest(found) != anchor.digest:
        problems.append("the events the anchor names do not match its digest (rewritten?)")
    return problems
