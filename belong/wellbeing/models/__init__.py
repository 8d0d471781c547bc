"""Well-being models, one module per concept.

* ``reach``: REACH weeks, their sessions, attendance and private reflections.
* ``checkins``: WHO-5 check-ins (read only through ``wellbeing.queries``).
* ``support``: support services, requests, their messages and status history.
* ``coverage``: health-coverage years, enrol-or-waive records, proof and review history.
* ``feeds``: secret calendar-feed tokens, and reminders already sent.
"""

from belong.wellbeing.models.checkins import CheckIn
from belong.wellbeing.models.coverage import (
    CoverageEvent,
    CoverageProof,
    CoverageRecord,
    CoverageYear,
)
from belong.wellbeing.models.feeds import CalendarFeed, SentReminder
from belong.wellbeing.models.reach import (
    Attendance,
    Component,
    ReachSession,
    ReachWeek,
    ReflectionEntry,
)
from belong.wellbeing.models.support import (
    SupportKind,
    SupportMessage,
    SupportRequest,
    SupportService,
    SupportStatusChange,
)

__all__ = [
    "Attendance",
    "CalendarFeed",
    "CheckIn",
    "Component",
    "CoverageEvent",
    "CoverageProof",
    "CoverageRecord",
    "CoverageYear",
    "ReachSession",
    "ReachWeek",
    "ReflectionEntry",
    "SentReminder",
    "SupportKind",
    "SupportMessage",
    "SupportRequest",
    "SupportService",
    "SupportStatusChange",
]
