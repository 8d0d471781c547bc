"""The units importer: a file of units (code, name, kind, parent, campus), all or nothing.

A user of the import engine (:mod:`belong.importing`). A row whose code is
new adds a unit (one ``people.unit.added`` event each, as on the page); a row
whose code is on record renames the unit when the name differs. A known
unit's kind and parent are never changed by a file. A parent may be a unit on
record or one added earlier in the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from belong.access import audit
from belong.access.permissions import Permission
from belong.importing import problems as P
from belong.importing.cells import BLANK, CellProblem, read_cell, sentence, shown
from belong.importing.engine import Counts, Handler, Importer, ProgressCallback
from belong.importing.fields import CHOICE, TEXT, Field, Schema, normalise
from belong.importing.mapping import Columns
from belong.importing.models import ImportRun
from belong.people.models import Campus, Unit
from belong.people.units import UnitError, UnitSpec, add_unit, clean_code, rename_unit

KIND = "units"
PATH = "belong.people.importing.units.UNITS"

UNIT_KINDS = MappingProxyType(
    {
        "bad_unit_code": "Not a usable unit code",
        "duplicate_code": "The same unit code on two rows",
        "unknown_parent": "Unknown parent unit",
        "unknown_campus": "Unknown campus",
    }
)

_KIND_TABLE = {normalise(v): v for v in Unit.Kind.values} | {
    normalise(label): value for value, label in Unit.Kind.choices
}
_KIND_TABLE |= {normalise("dept"): "department", normalise("campus office"): "office"}

SCHEMA = Schema(
    fields=(
        Field("code", "Code", kind=TEXT, max_length=60, synonyms=("unit code", "dept code", "id")),
        Field("name", "Name", kind=TEXT, max_length=200, synonyms=("unit name", "description")),
        Field(
            "kind",
            "Kind",
            kind=CHOICE,
            choices=_KIND_TABLE,
            allowed=tuple(Unit.Kind.values),
            synonyms=("unit kind", "type", "unit type"),
        ),
        Field("parent", "Parent unit code", kind=TEXT, max_length=60, synonyms=("parent code",)),
        Field("campus", "Campus code", kind=TEXT, max_length=40, synonyms=("campus code",)),
    ),
    required=("code", "name", "kind"),
    noun="units",
    missing_hint="(a unit's short code, such as “md” or “medicine”)",
)


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent: str
    campus: str


class UnitHandler(Handler[UnitRow]):
    def __init__(self, columns: Columns, log: P.ProblemLog) -> None:
        self.columns = columns
        self.log = log
        self.rows: list[UnitRow] = []
        self.seen: dict[str, int] = {}

    def _add(self, row: int, name: str, reason: str, code: str) -> None:
        self.log.add(row, self.columns.header(name), self.columns.letter(name), reason, code)

    def check_row(self, number: int, cells: list[Any]) -> UnitRow | None:
        values: dict[str, str] = {}
        ok = True
        for name, i in self.columns.index.items():
            f = SCHEMA.by_name[name]
            raw = cells[i] if i < len(cells) else None
            try:
                value = read_cell(f, raw)
            except CellProblem as problem:
                self._add(number, name, sentence(problem.reason), problem.code)
                ok = False
                continue
            if value is BLANK:
                if name in SCHEMA.required:
                    self._add(number, name, f"The {f.label.lower()} is blank.", "required")
                    ok = False
                continue
            values[name] = str(value)
        if not ok:
            return None
        try:
            code = clean_code(values["code"])
        except UnitError as exc:
            self._add(number, "code", str(exc), "bad_unit_code")
            return None
        if code in self.seen:
            self._add(
                number,
                "code",
                f"The code {shown(code)} is also on row {self.seen[code]}.",
                "duplicate_code",
            )
            return None
        self.seen[code] = number
        return UnitRow(
            number,
            code,
            " ".join(values["name"].split()),
            values["kind"],
            values.get("parent", "").strip().lower(),
            values.get("campus", "").strip().lower(),
        )

    def check_chunk(self, rows: list[UnitRow]) -> Counts:
        self.rows.extend(rows)
        return Counts()

    def finish_check(self, counts: Counts) -> None:
        planned = self.plan(self.rows)
        counts.created = sum(1 for r, unit in planned if unit is None)
        counts.updated = sum(1 for r, unit in planned if unit is not None and unit.name != r.name)
        counts.unchanged = len(planned) - counts.created - counts.updated

    def plan(self, rows: list[UnitRow]) -> list[tuple[UnitRow, Unit | None]]:
        """Each row with the unit on record under its code (None: new); logs parent problems."""
        known = {u.code: u for u in Unit.objects.all()}
        campuses = set(Campus.objects.values_list("code", flat=True))
        earlier: set[str] = set()
        planned: list[tuple[UnitRow, Unit | None]] = []
        for r in rows:
            if r.parent and r.parent not in known and r.parent not in earlier:
                self._add(
                    r.row,
                    "parent",
                    f"No unit has the code {shown(r.parent)}, on record or on an earlier row; "
                    "list a parent before the units inside it.",
                    "unknown_parent",
                )
            if r.campus and r.campus not in campuses:
                self._add(
                    r.row, "campus", f"No campus has the code {shown(r.campus)}.", "unknown_campus"
                )
            earlier.add(r.code)
            planned.append((r, known.get(r.code)))
        return planned

    def write(
        self,
        chunked: Iterable[list[UnitRow]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        rows = [row for chunk in chunked for row in chunk]
        planned = self.plan(rows)
        counts = Counts(rows=len(rows))
        if not self.log.ok:
            return counts
        added: dict[str, Unit] = {}
        for r, unit in planned:
            if unit is None:
                parent = added.get(r.parent) or Unit.objects.filter(code=r.parent).first()
                campus = Campus.objects.filter(code=r.campus).first() if r.campus else None
                added[r.code] = add_unit(
                    by=by,
                    spec=UnitSpec(r.code, r.name, r.kind, parent if r.parent else None, campus),
                )
                counts.created += 1
            elif unit.name != r.name:
                rename_unit(by=by, unit=unit, name=r.name)
                counts.updated += 1
            else:
                counts.unchanged += 1
        progress("Applying", len(rows), total)
        return counts

    def note_changes(self, log: P.ProblemLog, counts: Counts, *, would: bool) -> None:
        verb = "would be" if would else "were"
        log.note(
            f"{counts.created:,} units {verb} added and {counts.updated:,} renamed; "
            f"{counts.unchanged:,} are already on record as they are.",
            "changes",
        )


class UnitImporter(Importer):
    kind = KIND
    schema = SCHEMA
    problem_kinds = UNIT_KINDS
    permission = Permission.MANAGE_UNITS

    def handler(self, columns: Columns, log: P.ProblemLog, *, today: dt.date) -> UnitHandler:
        return UnitHandler(columns, log)

    def record_audit(self, *, by: Any, run: ImportRun, counts: Counts, log: P.ProblemLog) -> None:
        applied = run.outcome == ImportRun.Outcome.APPLIED
        audit.record(
            audit.PeopleEvent.UNITS_IMPORTED,
            by=by,
            target=run,
            detail={
                "outcome": run.outcome,
                "sha256": run.sha256,
                "rows": run.rows,
                "created": counts.created if applied else 0,
                "updated": counts.updated if applied else 0,
                "problems": log.error_count,
            },
        )


UNITS = UnitImporter()
