"""What an audit event kind is: a verb stored in the log, described once in words.

Each area of Belong lists its kinds in one ``@unique`` enum in
``belong/access/audit/catalogue/<area>.py``, grouped by area as zulip's
``AuditLogEventType`` is numbered by area. An enum member's value is the verb
stored in ``AuditEvent.verb``: the verbs written before the catalogue existed
are the same strings, so every old row still reads in words.

A kind says how an event of that kind must be recorded: ``anonymous`` kinds
only through ``record_anonymous`` (no actor, the day only), every other kind
only through ``record``. ``read`` marks the reads of sensitive records that
the audit log's home card counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Kind:
    """The words for one kind of event.

    ``label`` names it ("Role given"); ``description`` says in a sentence what
    happened and why it is recorded; ``words`` is how one event reads after the
    label, with ``{target}`` (the record, by name) and ``{key}`` for a key of the
    event's detail; a part in ``[...]`` is left out when a value in it is
    missing, so events recorded with less detail still read well.
    """

    verb: str
    label: str
    description: str
    words: str = ""
    read: bool = False
    anonymous: bool = False


class EventKind(Enum):
    """Base of every area's catalogue enum; members are ``Kind`` specs."""

    _value_: str
    spec: Kind

    # Typed to accept a verb too: ``AccessEvent("access.signed_in")`` looks a
    # member up by its stored verb (Enum's own lookup; this body only builds members).
    def __new__(cls, spec: Kind | str) -> EventKind:
        if not isinstance(spec, Kind):
            raise TypeError(f"{cls.__name__} members are defined with Kind(...), not {spec!r}")
        member = object.__new__(cls)
        member._value_ = spec.verb
        member.spec = spec
        return member

    @property
    def verb(self) -> str:
        return self._value_

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def words(self) -> str:
        return self.spec.words

    @property
    def read(self) -> bool:
        return self.spec.read

    @property
    def anonymous(self) -> bool:
        return self.spec.anonymous

    @property
    def area(self) -> str:
        return self.verb.split(".", 1)[0]

    def __str__(self) -> str:
        return self.verb
