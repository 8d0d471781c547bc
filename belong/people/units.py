"""The school's units (school, programs, departments, divisions, offices): add, rename, list.

Every write is one transaction and one audit event (``people.unit.added``,
``people.unit.renamed``); the units page and ``manage.py import_units`` both
write through here. A unit's code is how files name it, so it never changes;
its name may.

:func:`known_units_hint` is the sentence every "unknown unit" problem ends
with: a few of the units on record and how to add one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from belong.access import audit
from belong.people.models import Campus, Unit

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
HINT_SHOWN = 5
HOW_TO_ADD = (
    "A data steward adds units on the Units page (People → Units) or with "
    "“manage.py import_units FILE.csv”."
)


class UnitError(ValueError):
    """A unit that cannot be added or renamed; the message says why, for the person."""


@dataclass(frozen=True)
class UnitSpec:
    """What one unit should be: its code, name, kind and (optional) parent and campus codes."""

    code: str
    name: str
    kind: str
    parent: Unit | None = None
    campus: Campus | None = None


def clean_code(code: str) -> str:
    text = code.strip().lower()
    if not CODE_PATTERN.match(text):
        raise UnitError(
            f"“{code.strip()}” cannot be a unit code: use lower-case letters, digits, “-” or "
            "“_”, starting with a letter or digit, at most 60 characters (for example “md” "
            "or “medicine”)."
        )
    return text


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise UnitError("A unit needs a name.")
    if len(text) > 200:
        raise UnitError(f"A unit's name holds at most 200 characters, not {len(text)}.")
    return text


def add_unit(*, by: Any, spec: UnitSpec) -> Unit:
    """Add one unit; raises :class:`UnitError` (nothing written) when it cannot be added."""
    code = clean_code(spec.code)
    name = clean_name(spec.name)
    if spec.kind not in Unit.Kind.values:
        raise UnitError(
            f"“{spec.kind}” is not a kind of unit; kinds are: {', '.join(Unit.Kind.values)}."
        )
    with transaction.atomic():
        if Unit.objects.filter(code=code).exists():
            raise UnitError(f"A unit with the code “{code}” is already on record.")
        unit = Unit.objects.create(
            code=code, name=name, kind=spec.kind, parent=spec.parent, campus=spec.campus
        )
        audit.record(
            audit.PeopleEvent.UNIT_ADDED,
            by=by,
            target=unit,
            detail={"code": code, "kind": unit.kind},
        )
    return unit


def rename_unit(*, by: Any, unit: Unit, name: str) -> Unit:
    """Give a unit a new name (its code stays); no event when the name is the same."""
    new_name = clean_name(name)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        old_name = locked.name
        if old_name == new_name:
            return locked
        locked.name = new_name
        locked.save(update_fields=["name"])
        audit.record(
            audit.PeopleEvent.UNIT_RENAMED,
            by=by,
            target=locked,
            detail={"old_name": old_name, "new_name": new_name},
        )
    return locked


def known_units_hint(limit: int = HINT_SHOWN) -> str:
    """“Units on record: md (MD program), school (…) and 3 more. <how to add one>”."""
    return units_hint(list(Unit.objects.order_by("code").values_list("code", "name")), limit)


def units_hint(units: list[tuple[str, str]], limit: int = HINT_SHOWN) -> str:
    if not units:
        return "No unit is on record yet. " + HOW_TO_ADD
    shown = ", ".join(f"{code} ({name})" for code, name in units[:limit])
    more = len(units) - limit
    listed = f"{shown} and {more} more" if more > 0 else shown
    return f"Units on record: {listed}. {HOW_TO_ADD}"
