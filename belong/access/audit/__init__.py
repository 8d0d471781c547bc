"""Belong's audit log: what happened, by whom, to what; append-only and tamper-evident.

Record an event with ``audit.record(audit.<Area>Event.<KIND>, by=..., target=...,
detail=...)`` inside the transaction of the change it describes. Every kind is
listed once, with its words, in ``catalogue/``. Design and limits:
``docs/decisions/0003-audit-log.md``.
"""

from belong.access.audit.catalogue import (
    AccessEvent,
    CoachingEvent,
    DemoEvent,
    EquityEvent,
    PeopleEvent,
    WellbeingEvent,
)
from belong.access.audit.chain import (
    GENESIS,
    ChainProblem,
    ChainReport,
    compute_hash,
    record,
    verify_chain,
)
from belong.access.audit.kinds import EventKind, Kind

__all__ = [
    "GENESIS",
    "AccessEvent",
    "ChainProblem",
    "ChainReport",
    "CoachingEvent",
    "DemoEvent",
    "EquityEvent",
    "EventKind",
    "Kind",
    "PeopleEvent",
    "WellbeingEvent",
    "compute_hash",
    "record",
    "verify_chain",
]
