"""Audit events in words, for the audit pages.

"Role given: Analyst to jdoe" rather than ``access.role.assigned`` on
``access.user 4``: each kind's ``words`` (``kinds.Kind``) are filled from the
event's detail and the name of the record it is about. Records are named in
bulk, one query per record type on a page. Only accounts, people and units are
named; any other record is shown by its type and number, because its own
``__str__`` could hold what the log must never show (a note's text, a title).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError

from belong.access.audit.catalogue import kind_for
from belong.access.audit.kinds import EventKind
from belong.access.models import AuditEvent
from belong.access.roles import ROLES

# Record types named by what people call them; every other type by type and number.
_NAMED: dict[str, Callable[[Any], str]] = {
    "access.user": lambda user: user.get_username(),
    "people.person": str,
    "people.unit": str,
}
# Values stored as codes, said in words.
_CODES: dict[str, Callable[[Any], str]] = {
    "role": lambda code: str(ROLES[code].name) if code in ROLES else str(code),
    "via": lambda code: "from the server's command line" if code == "console" else str(code),
}
# Keys whose value is a list of record numbers: said as a count.
_COUNTED = {"notes": "note", "referrals": "referral"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


class _Missing(Exception):
    pass


def say(key: str, value: Any) -> str:
    """One detail value in words."""
    if value is None or value == "" or value == [] or value == {}:
        raise _Missing(key)
    if key in _CODES:
        return _CODES[key](value)
    if key in _COUNTED and isinstance(value, list):
        noun = _COUNTED[key]
        return f"{len(value):,} {noun}{'' if len(value) == 1 else 's'}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        shown = ", ".join(say(key, v) for v in value[:6] if v not in (None, ""))
        return shown + (f" and {len(value) - 6:,} more" if len(value) > 6 else "")
    if isinstance(value, dict):
        return ", ".join(f"{humanize(k)}: {say(k, v)}" for k, v in value.items() if v is not None)
    return str(value).replace("_", " ") if key in {"as", "status", "mode", "view"} else str(value)


def humanize(key: str) -> str:
    return key.replace("_", " ")


def _fill(template: str, values: dict[str, Any]) -> tuple[str, set[str]]:
    used: set[str] = set()

    def fill(text: str, into: set[str]) -> str:
        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            if key not in values:
                raise _Missing(key)
            into.add(key)
            return say(key, values[key])

        return _PLACEHOLDER.sub(one, text)

    def optional(match: re.Match[str]) -> str:
        part: set[str] = set()
        try:
            text = fill(match.group(1), part)
        except _Missing:
            return ""
        used.update(part)
        return text

    return fill(_OPTIONAL.sub(optional, template), used), used


def sentence(kind: EventKind, detail: dict[str, Any], target: str | None) -> tuple[str, set[str]]:
    """The event in words, and the detail keys the words used."""
    values = dict(detail)
    if target is not None:
        values["target"] = target
    try:
        words, used = _fill(kind.words, values)
    except _Missing:
        # Recorded with less detail than the words ask for: the label and the record.
        return (f"{kind.label}: {target}" if target else kind.label), set()
    return (f"{kind.label}: {words}" if words.strip() else kind.label), used


@dataclass(frozen=True)
class EventInWords:
    event: AuditEvent
    kind: EventKind | None
    text: str
    record: str
    rest: list[tuple[str, str]]

    @property
    def label(self) -> str:
        return self.kind.label if self.kind else self.event.verb


# Record types that moved to another app keeping their table: events written
# before the move still name the record.
_MOVED = {
    "people.importrun": "importing.importrun",
    "people.importmapping": "importing.importmapping",
}


def name_targets(events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """A name for each (record type, id) the events are about, one query per type."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_type:
            wanted[event.target_type].add(event.target_id)
    names: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(_MOVED.get(label, label))
        except (LookupError, ValueError):
            names.update({(label, i): f"{label} {i}" for i in ids})
            continue
        noun = str(model._meta.verbose_name)
        namer = _NAMED.get(label)
        found: dict[str, Any] = {}
        if namer is not None:
            keys = {}
            for i in ids:
                try:
                    keys[model._meta.pk.to_python(i)] = i
                except ValidationError:
                    continue  # a malformed id is shown as stored
            found = {keys[pk]: obj for pk, obj in model._default_manager.in_bulk(keys).items()}
        for i in ids:
            if namer is None:
                names[(label, i)] = f"{noun} {i}"
            elif i in found:
                names[(label, i)] = namer(found[i])
            else:
                names[(label, i)] = f"{noun} {i} (no longer exists)"
    return names


def in_words(events: Sequence[AuditEvent]) -> list[EventInWords]:
    names = name_targets(events)
    rows = []
    for event in events:
        kind = kind_for(event.verb)
        target = names.get((event.target_type, event.target_id)) if event.target_type else None
        detail = event.detail if isinstance(event.detail, dict) else {"detail": event.detail}
        if kind is None:
            text, used = (f"{event.verb}: {target}" if target else event.verb), set[str]()
        else:
            text, used = sentence(kind, detail, target)
        rest = []
        for key, value in detail.items():
            if key in used:
                continue
            try:
                rest.append((humanize(key), say(key, value)))
            except _Missing:
                continue
        rows.append(EventInWords(event, kind, text, target or "", rest))
    return rows
