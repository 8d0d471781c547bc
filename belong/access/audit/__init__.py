"""Belong's audit log: what happened, by whom, to what; append-only and tamper-evident.

Record an event with ``audit.record(audit.<Area>Event.<KIND>, by=..., target=...,
detail=...)`` inside the transaction of the change it describes; an event
about anonymous data with ``audit.record_anonymous(...)`` (no actor, the day
only). Every kind is listed once, with its words, in ``catalogue/``. Design
and limits: decision records 0003 (the log), 0008 (several chains) and 0009
(anonymous events).
"""

from belong.access.audit.anonymous import record_anonymous, seal_closed_days
from belong.access.audit.catalogue import (
    AccessEvent,
    CoachingEvent,
    ConcernEvent,
    DemoEvent,
    DirectoryEvent,
    EquityEvent,
    PeopleEvent,
    PlanEvent,
    PublishingEvent,
    SurveyEvent,
    WellbeingEvent,
)
from belong.access.audit.chain import GENESIS, compute_hash, record
from belong.access.audit.kinds import EventKind, Kind
from belong.access.audit.verify import (
    Anchor,
    ChainProblem,
    ChainReport,
    check_anchor,
    verify_chain,
)

__all__ = [
    "GENESIS",
    "AccessEvent",
    "Anchor",
    "ChainProblem",
    "ChainReport",
    "CoachingEvent",
    "ConcernEvent",
    "DemoEvent",
    "DirectoryEvent",
    "EquityEvent",
    "EventKind",
    "Kind",
    "PeopleEvent",
    "PlanEvent",
    "PublishingEvent",
    "SurveyEvent",
    "WellbeingEvent",
    "check_anchor",
    "compute_hash",
    "record",
    "record_anonymous",
    "seal_closed_days",
    "verify_chain",
]
