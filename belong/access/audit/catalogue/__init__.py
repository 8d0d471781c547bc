"""Every kind of audit event, by area: the one list ``record`` accepts.

To add kinds for a new area, write ``<area>.py`` here with one ``@unique``
``EventKind`` enum whose verbs start with ``<area>.``, and list it in
``AREAS``. A verb, once stored, is never renamed or reused: old rows are read
through it. A kind no longer recorded stays listed so its events still read.
"""

from __future__ import annotations

from belong.access.audit.catalogue.access import AccessEvent
from belong.access.audit.catalogue.coaching import CoachingEvent
from belong.access.audit.catalogue.concerns import ConcernEvent
from belong.access.audit.catalogue.demo import DemoEvent
from belong.access.audit.catalogue.directory import DirectoryEvent
from belong.access.audit.catalogue.equity import EquityEvent
from belong.access.audit.catalogue.people import PeopleEvent
from belong.access.audit.catalogue.plans import PlanEvent
from belong.access.audit.catalogue.publishing import PublishingEvent
from belong.access.audit.catalogue.surveys import SurveyEvent
from belong.access.audit.catalogue.wellbeing import WellbeingEvent
from belong.access.audit.kinds import EventKind

# (area label shown on the audit pages, its enum), in the order they are shown.
AREAS: list[tuple[str, type[EventKind]]] = []
_BY_VERB: dict[str, EventKind] = {}


def register(label: str, enum: type[EventKind]) -> None:
    """Add an area's kinds; a verb listed twice anywhere is a programming error."""
    for kind in enum:
        if not kind.verb.startswith(f"{kind.area}.") or not kind.label or not kind.description:
            raise ValueError(f"{enum.__name__}.{kind.name} needs a dotted verb, label and text")
        other = _BY_VERB.get(kind.verb)
        if other is not None and other is not kind:
            raise ValueError(f"audit verb {kind.verb!r} is catalogued twice")
    for kind in enum:
        _BY_VERB[kind.verb] = kind
    AREAS.append((label, enum))


def unregister(enum: type[EventKind]) -> None:
    """Take an area out again (for tests that catalogue kinds of their own)."""
    AREAS[:] = [(label, e) for label, e in AREAS if e is not enum]
    for kind in enum:
        _BY_VERB.pop(kind.verb, None)


def kinds() -> list[EventKind]:
    return [kind for _, enum in AREAS for kind in enum]


def kind_for(verb: str) -> EventKind | None:
    """The kind stored as ``verb``, or None for a verb the catalogue does not know."""
    return _BY_VERB.get(verb)


def is_catalogued(kind: object) -> bool:
    return isinstance(kind, EventKind) and _BY_VERB.get(kind.verb) is kind


register("Access and audit", AccessEvent)
register("People", PeopleEvent)
register("Outcomes monitoring", EquityEvent)
register("Publishing", PublishingEvent)
register("Coaching", CoachingEvent)
register("Well-being", WellbeingEvent)
register("Surveys", SurveyEvent)
register("Learning-environment concerns", ConcernEvent)
register("Action plans", PlanEvent)
register("Directory", DirectoryEvent)
register("Demo school", DemoEvent)

__all__ = [
    "AREAS",
    "AccessEvent",
    "CoachingEvent",
    "ConcernEvent",
    "DemoEvent",
    "DirectoryEvent",
    "EquityEvent",
    "PeopleEvent",
    "PlanEvent",
    "PublishingEvent",
    "SurveyEvent",
    "WellbeingEvent",
    "is_catalogued",
    "kind_for",
    "kinds",
    "register",
    "unregister",
]
