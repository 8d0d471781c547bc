"""Check each people row on its own and turn its cells into typed values.

Cells are read by the import engine's rules (:mod:`belong.importing.cells`);
units and campuses are looked up here. Checks that need the records on file
(is this person new? when did their affiliation start?) are made in
:mod:`belong.people.importing.plan`.

Privacy: a self-identification value is never repeated in a problem's
reason; names, ids, codes, dates and unit names may be, because the steward
needs them to find the cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from belong.importing.cells import BLANK, CellProblem, read_cell, sentence, shown
from belong.importing.mapping import Columns
from belong.importing.problems import ProblemLog
from belong.people import categories as cat
from belong.people.importing import fields as F
from belong.people.models import Campus, Unit
from belong.people.units import units_hint

__all__ = ["BLANK", "CellProblem", "Lookups", "RowChecker", "RowData"]


@dataclass(slots=True)
class RowData:
    """One valid row, typed: what to make true about one person."""

    row: int
    # The value of the import's key (the school's id unless the import says another).
    key: str
    person: dict[str, str] = field(default_factory=dict)
    # Every identifier the row gives, by scheme (the key's among them).
    ids: dict[str, str] = field(default_factory=dict)
    # Affiliation kind and the given values (unit_id, campus_id, dates, ...), or None.
    affiliation: dict[str, Any] | None = None
    # Self-identification answers given (codes), or None.
    answers: dict[str, Any] | None = None


@dataclass
class Lookups:
    """Units and campuses by code and by name, loaded once per import."""

    unit_codes: dict[str, int]
    unit_names: dict[str, list[int]]
    campus_codes: dict[str, int]
    campus_names: dict[str, list[int]]
    # "Units on record: … and N more. How to add one." (the end of every unknown-unit reason)
    unit_hint: str = ""

    @classmethod
    def load(cls) -> Lookups:
        unit_codes: dict[str, int] = {}
        unit_names: dict[str, list[int]] = {}
        listed: list[tuple[str, str]] = []
        for pk, code, name in Unit.objects.order_by("code").values_list("pk", "code", "name"):
            unit_codes[code.casefold()] = pk
            unit_names.setdefault(" ".join(name.casefold().split()), []).append(pk)
            listed.append((code, name))
        campus_codes: dict[str, int] = {}
        campus_names: dict[str, list[int]] = {}
        for pk, code, name in Campus.objects.values_list("pk", "code", "name"):
            campus_codes[code.casefold()] = pk
            campus_names.setdefault(" ".join(name.casefold().split()), []).append(pk)
        return cls(unit_codes, unit_names, campus_codes, campus_names, units_hint(listed))

    def readers(self) -> dict[str, Any]:
        """The engine's lookups for the field kinds ``unit`` and ``campus``."""
        return {
            "unit": lambda text: _lookup(
                text, self.unit_codes, self.unit_names, "unit", self.unit_hint
            ),
            "campus": lambda text: _lookup(text, self.campus_codes, self.campus_names, "campus"),
        }


def _lookup(
    text: str,
    codes: Mapping[str, int],
    names: Mapping[str, list[int]],
    what: str,
    hint: str = "",
) -> int:
    key = text.casefold()
    if key in codes:
        return codes[key]
    found = names.get(" ".join(key.split()), [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise CellProblem(
            f"{len(found)} {what}s are named {shown(text)}; use the {what}'s code instead.",
            "ambiguous_unit",
        )
    raise CellProblem(
        f"No {what} has the code or name {shown(text)}." + (f" {hint}" if hint else ""),
        "unknown_unit" if what == "unit" else "unknown_campus",
    )


class RowChecker:
    """Checks people rows against the mapping and the units on file; logs every problem.

    (A value beyond the last header is the engine's to report.)
    """

    def __init__(self, columns: Columns, lookups: Lookups, log: ProblemLog) -> None:
        self.columns = columns
        self.lookups = lookups
        self.log = log
        self.key_field = columns.options.key or F.DEFAULT_KEY
        self.seen: dict[tuple[str, str], int] = {}
        self.mapped = [
            (F.BY_NAME[name], index, columns.headers[index], columns.letter(name))
            for name, index in sorted(columns.index.items(), key=lambda item: item[1])
        ]
        self.readers = lookups.readers()

    def _problem(self, row: int, name: str, reason: str, code: str) -> None:
        self.log.add(row, self.columns.header(name), self.columns.letter(name), reason, code)

    def value(self, f: F.ImportField, raw: Any) -> Any:
        """One cell → its typed value or BLANK; raises CellProblem."""
        options = self.columns.options
        return read_cell(
            f,
            raw,
            self.readers,
            separator=options.separator(f.name),
            words=options.words(f.name),
        )

    def check(self, row: int, cells: list[Any]) -> RowData | None:
        """The row's typed values, or None if it has a problem (all of them logged)."""
        ok = True
        values: dict[str, Any] = {}
        failed: set[str] = set()
        for f, index, header, letter in self.mapped:
            raw = cells[index] if index < len(cells) else None
            try:
                value = self.value(f, raw)
            except CellProblem as problem:
                self.log.add(row, header, letter, sentence(problem.reason), problem.code)
                failed.add(f.name)
                continue
            if value is not BLANK:
                values[f.name] = value
        ok = not failed
        key = self.key_field
        ident = values.get(key)
        if ident is None:
            if key not in failed:
                self._problem(
                    row,
                    key,
                    f"The {F.BY_NAME[key].label} is blank; every row needs one (it is this "
                    "import's key).",
                    "required",
                )
            ok = False
        ids = {k: values[k] for k in F.IDENTIFIER_FIELDS if k in values}
        for scheme, value in ids.items():
            first = self.seen.get((scheme, value))
            if first is not None:
                self._problem(
                    row,
                    scheme,
                    f"The {F.BY_NAME[scheme].label} {shown(value)} is also on row {first}; each "
                    "person may have only one row.",
                    "duplicate_id",
                )
                ok = False
            else:
                self.seen[(scheme, value)] = row
        affiliation = {k: values[k] for k in F.AFFILIATION_FIELDS if k in values}
        if (
            affiliation
            and "affiliation_kind" not in affiliation
            and "affiliation_kind" not in failed
        ):
            given = ", ".join(F.BY_NAME[k].label.lower() for k in affiliation)
            self._problem(
                row,
                "affiliation_kind",
                f"The row has affiliation details ({given}) but no affiliation kind; say which "
                "kind (student, faculty...).",
                "affiliation_without_kind",
            )
            ok = False
        start, end = affiliation.get("start_date"), affiliation.get("end_date")
        if start is not None and end is not None and end < start:
            self._problem(
                row,
                "end_date",
                f"The end date {end.isoformat()} is before the start date {start.isoformat()}.",
                "dates_out_of_order",
            )
            ok = False
        if not ok:
            return None
        assert ident is not None
        answers = {k: values[k] for k in F.SELF_ID_FIELDS if k in values}
        if cat.PREFER_NOT in answers.get("race", ()) and answers.get("race_detailed"):
            self._problem(
                row,
                "race",
                "This cell combines “prefer not to answer” with a detailed category; choose "
                "one or the other.",
                "contradiction",
            )
            return None
        if "race" in answers:
            # Detailed codes given in the race column belong with the detailed answer.
            detailed = [c for c in answers["race"] if c in cat.DETAILED_TO_MINIMUM]
            if detailed:
                answers["race"] = [c for c in answers["race"] if c not in detailed]
                answers["race_detailed"] = sorted(
                    set(answers.get("race_detailed", [])) | set(detailed)
                )
        return RowData(
            row=row,
            key=ident,
            ids=ids,
            person={
                k: values[k]
                for k in F.PERSON_FIELDS
                if k in values and k not in F.IDENTIFIER_FIELDS
            },
            affiliation=affiliation or None,
            answers=answers or None,
        )
