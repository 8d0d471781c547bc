"""Stage-event imports: a CSV or Excel file of who reached which stage, checked row by row.

The file is read by the people importer's readers (format sniffing, encodings,
formulas, damaged workbooks) and its problems are reported the same way (row,
column, reason; :mod:`belong.people.importing.problems`); each cell is typed by
the people importer's own rules (:class:`RowChecker.value`: ids, years, dates,
units). What is checked here is what only stage events have:

* the person exists (by institutional id);
* the pipeline exists and the stage is one of its stages;
* the stage has its predecessor: a transition into it starts from a stage the
  person reached first (in the same cycle for cohort pipelines, in the same or
  an earlier year otherwise; and not later in the calendar when both dates are
  known), on record or earlier in the same file -- "offered" without
  "interviewed" is refused;
* no event is given twice, in the file or against the records.

All or nothing: any problem and nothing is written. The steward runs a dry run
first; the apply re-checks everything inside the write transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django.utils import timezone

from belong.equity.analytics import Pipeline
from belong.equity.models import PipelineDefinition, StageEvent
from belong.people.importing import fields as people_fields
from belong.people.importing import problems as P
from belong.people.importing.mapping import Columns
from belong.people.importing.readers import MAX_ROWS, Table, open_table
from belong.people.importing.validation import BLANK, CellProblem, Lookups, RowChecker
from belong.people.models import ImportRun, Person

KIND = "stage_events"
CHUNK = 5000

# Problem kinds only stage events have, added to the shared catalogue so that the
# shared ProblemLog accepts them and its grouped report names them.
EVENT_KINDS: dict[str, str] = {
    "unknown_person": "No person has this institutional id",
    "unknown_pipeline": "Not a pipeline",
    "unknown_stage": "Not a stage of the pipeline",
    "stage_out_of_order": "A stage before its predecessor",
    "duplicate_event": "The same event twice",
}
P.register_kinds(EVENT_KINDS)


@dataclass(frozen=True)
class EventField:
    name: str
    label: str
    required: bool
    parse_as: people_fields.ImportField
    synonyms: tuple[str, ...] = ()


def _field(
    name: str, label: str, kind: str, max_length: int | None = None
) -> people_fields.ImportField:
    return people_fields.ImportField(name, label, "stage_event", kind, max_length=max_length)


FIELDS: tuple[EventField, ...] = (
    EventField(
        "institutional_id",
        "Institutional id",
        True,
        people_fields.BY_NAME["institutional_id"],
        ("id", "employee id", "student id", "person id", "aamc id"),
    ),
    EventField("pipeline", "Pipeline", True, _field("pipeline", "Pipeline", "text", 60)),
    EventField("stage", "Stage", True, _field("stage", "Stage", "text", 60), ("event", "status")),
    EventField(
        "year", "Year", True, _field("year", "Year", "year"), ("cohort", "cycle", "fiscal year")
    ),
    EventField(
        "unit_code",
        "Unit",
        True,
        _field("unit_code", "Unit", "unit"),
        ("unit", "department", "program", "unit id"),
    ),
    EventField("date", "Date", False, _field("date", "Date", "date"), ("event date", "on")),
)
BY_NAME = {f.name: f for f in FIELDS}
_HEADER_WORDS: dict[str, str] = {}
for _f in FIELDS:
    for _word in (_f.name, _f.label, *_f.synonyms):
        _HEADER_WORDS.setdefault(people_fields.normalise(_word), _f.name)


@dataclass(frozen=True)
class EventRow:
    row: int
    institutional_id: str
    pipeline: str
    stage: str
    year: int
    unit_id: int
    date: dt.date | None


@dataclass
class EventImportResult:
    run: ImportRun
    log: P.ProblemLog
    rows: int = 0
    created: int = 0

    @property
    def ok(self) -> bool:
        return self.log.ok

    @property
    def applied(self) -> bool:
        return self.run.outcome == ImportRun.Outcome.APPLIED


def map_columns(headers: list[str], log: P.ProblemLog) -> dict[str, int] | None:
    """Field name → column index, from the headers; None (logged) when required ones are missing."""
    index: dict[str, int] = {}
    ignored: list[str] = []
    seen: dict[str, int] = {}
    for i, header in enumerate(headers):
        if not header:
            continue
        if header in seen:
            log.add(
                1,
                header,
                P.column_letter(i),
                f"The header “{header}” is on columns {P.column_letter(seen[header])} and "
                f"{P.column_letter(i)}; give each column its own header.",
                "duplicate_header",
            )
            return None
        seen[header] = i
        name = _HEADER_WORDS.get(people_fields.normalise(header))
        if name is None or name in index:
            ignored.append(header)
            continue
        index[name] = i
    missing = [f for f in FIELDS if f.required and f.name not in index]
    for f in missing:
        log.add(
            1,
            "",
            "",
            f"No column holds “{f.label}” (header “{f.name}”); every row needs one. The columns "
            "are: " + ", ".join(g.name for g in FIELDS) + ".",
            "missing_column",
        )
    if ignored:
        log.note("Not imported: " + ", ".join(f"“{h}”" for h in ignored) + ".", "ignored_columns")
    return None if missing else index


class _Checker:
    """Checks rows one by one, then against each other and the records, logging every problem."""

    def __init__(self, headers: list[str], index: dict[str, int], log: P.ProblemLog) -> None:
        self.headers = headers
        self.index = index
        self.log = log
        self.cells = RowChecker(Columns(index={}, headers=headers), Lookups.load(), log)
        self.pipelines: dict[str, tuple[int, Pipeline]] = {
            p.code: (p.pk, p.pipeline()) for p in PipelineDefinition.objects.filter(active=True)
        }
        self.width = len(headers)

    def _add(self, row: int, name: str, reason: str, code: str) -> None:
        i = self.index.get(name)
        header = self.headers[i] if i is not None else BY_NAME[name].label
        self.log.add(row, header, P.column_letter(i) if i is not None else "", reason, code)

    def row(self, number: int, cells: list[Any]) -> EventRow | None:
        values: dict[str, Any] = {}
        ok = True
        for name, i in self.index.items():
            f = BY_NAME[name]
            raw = cells[i] if i < len(cells) else None
            try:
                value = self.cells.value(f.parse_as, raw)
            # CellProblem is how the people importer reports a cell it cannot read; catching
            # it keeps the reasons and codes word for word those of the people import.
            except CellProblem as problem:
                reason = problem.reason
                self._add(
                    number,
                    name,
                    reason if reason[:1].isupper() else "This cell " + reason,
                    problem.code,
                )
                ok = False
                continue
            if value is not BLANK:
                values[name] = value
            elif f.required:
                self._add(
                    number,
                    name,
                    f"The {f.label.lower()} is blank; every row needs one.",
                    "required",
                )
                ok = False
        if not ok:
            return None
        code = str(values["pipeline"]).strip().lower()
        found = self.pipelines.get(code)
        if found is None:
            self._add(
                number,
                "pipeline",
                f"“{values['pipeline']}” is not a pipeline; pipelines are: "
                + ", ".join(sorted(self.pipelines))
                + ".",
                "unknown_pipeline",
            )
            return None
        stage = str(values["stage"]).strip().lower()
        if stage not in found[1].stage_codes:
            self._add(
                number,
                "stage",
                f"“{values['stage']}” is not a stage of {found[1].label}; its stages are: "
                + ", ".join(found[1].stage_codes)
                + ".",
                "unknown_stage",
            )
            return None
        return EventRow(
            row=number,
            institutional_id=values["institutional_id"],
            pipeline=code,
            stage=stage,
            year=int(values["year"]),
            unit_id=int(values["unit_code"]),
            date=values.get("date"),
        )

    def across_rows(self, rows: list[EventRow]) -> dict[str, int]:
        """Person, duplicate and order checks over the whole file; returns id → person pk."""
        person_pk = self._people(rows)
        known = [r for r in rows if r.institutional_id in person_pk]
        on_record = self._events_on_record({person_pk[r.institutional_id] for r in known})
        first_row: dict[tuple[int, str, str, int], int] = {}
        reached: dict[tuple[int, str], list[tuple[str, int, dt.date | None]]] = defaultdict(list)
        for key, when in on_record.items():
            person, pipeline, stage, year = key
            reached[(person, pipeline)].append((stage, year, when))
        for r in known:
            key = (person_pk[r.institutional_id], r.pipeline, r.stage, r.year)
            if key in on_record:
                self._add(
                    r.row,
                    "stage",
                    f"{r.institutional_id} already has “{r.stage}” in {r.year} for this pipeline "
                    "on record; an event is recorded once.",
                    "duplicate_event",
                )
            elif key in first_row:
                self._add(
                    r.row,
                    "stage",
                    f"The same event ({r.institutional_id}, “{r.stage}”, {r.year}) is also on row "
                    f"{first_row[key]}.",
                    "duplicate_event",
                )
            else:
                first_row[key] = r.row
                reached[(key[0], r.pipeline)].append((r.stage, r.year, r.date))
        for r in known:
            self._check_order(r, person_pk[r.institutional_id], reached)
        return person_pk

    def _check_order(
        self,
        r: EventRow,
        person: int,
        reached: dict[tuple[int, str], list[tuple[str, int, dt.date | None]]],
    ) -> None:
        pipeline = self.pipelines[r.pipeline][1]
        sources = [t.source for t in pipeline.transitions if t.target == r.stage]
        if not sources:
            return
        cohort = pipeline.year_basis == "cohort"
        history = reached[(person, r.pipeline)]
        candidates = [
            (stage, year, when)
            for stage, year, when in history
            if stage in sources and (year == r.year if cohort else year <= r.year)
        ]
        names = " or ".join(f"“{pipeline.stage(s).label.lower()}”" for s in sources)
        where = f"in the {r.year} cycle" if cohort else f"by {r.year}"
        if not candidates:
            self._add(
                r.row,
                "stage",
                f"{r.institutional_id} reaches “{pipeline.stage(r.stage).label.lower()}” without "
                f"{names} {where}, on record or in this file; add the earlier stage first.",
                "stage_out_of_order",
            )
            return
        if r.date is not None:
            dated = [when for _s, _y, when in candidates if when is not None]
            if dated and all(when > r.date for when in dated):
                self._add(
                    r.row,
                    "date",
                    f"{r.date.isoformat()} is before {r.institutional_id} reached {names} "
                    f"({min(dated).isoformat()}).",
                    "stage_out_of_order",
                )

    def _people(self, rows: list[EventRow]) -> dict[str, int]:
        ids = sorted({r.institutional_id for r in rows})
        found: dict[str, int] = {}
        for start in range(0, len(ids), CHUNK):
            found.update(
                Person.objects.filter(institutional_id__in=ids[start : start + CHUNK]).values_list(
                    "institutional_id", "pk"
                )
            )
        reported: set[str] = set()
        for r in rows:
            if r.institutional_id not in found:
                reason = f"No person has the institutional id “{r.institutional_id}”"
                if r.institutional_id in reported:
                    reason += " (also on an earlier row)"
                reported.add(r.institutional_id)
                self._add(
                    r.row,
                    "institutional_id",
                    reason + ". Import the person first.",
                    "unknown_person",
                )
        return found

    def _events_on_record(
        self, people: set[int]
    ) -> dict[tuple[int, str, str, int], dt.date | None]:
        codes = {pk: code for code, (pk, _) in self.pipelines.items()}
        found: dict[tuple[int, str, str, int], dt.date | None] = {}
        ordered = sorted(people)
        for start in range(0, len(ordered), CHUNK):
            for person, pipeline, stage, year, when in StageEvent.objects.filter(
                person_id__in=ordered[start : start + CHUNK], pipeline_id__in=list(codes)
            ).values_list("person_id", "pipeline_id", "stage", "year", "date"):
                found[(person, codes[pipeline], stage, year)] = when
        return found


def _rows(table: Table, log: P.ProblemLog) -> Iterator[tuple[int, list[Any]]]:
    for count, item in enumerate(table.rows, start=1):
        if count > MAX_ROWS:
            log.add(
                None,
                "",
                "",
                f"The file has more than {MAX_ROWS:,} rows; split it.",
                "too_many_rows",
            )
            return
        yield item


@dataclass
class Checked:
    """What a check of a file found: problems, the good rows, and how columns were read."""

    log: P.ProblemLog
    rows: list[EventRow] = field(default_factory=list)
    person_pk: dict[str, int] = field(default_factory=dict)
    read: int = 0
    mapping: dict[str, str] = field(default_factory=dict)


def check_file(fileobj: IO[bytes], filename: str) -> Checked:
    """Read and check every row; nothing is written."""
    checked = Checked(P.ProblemLog())
    log = checked.log
    table = open_table(fileobj, filename, log)
    if table is None:
        return checked
    try:
        for note in table.notes:
            log.note(note, "format")
        index = map_columns(table.headers, log)
        if index is None:
            return checked
        checked.mapping = {
            table.headers[i]: name for name, i in sorted(index.items(), key=lambda x: x[1])
        }
        checker = _Checker(table.headers, index, log)
        source = _rows(table, log)
        while chunk := list(islice(source, CHUNK)):
            checked.read += len(chunk)
            for number, cells in chunk:
                if len(cells) > checker.width and any(
                    c not in (None, "") for c in cells[checker.width :]
                ):
                    log.add(
                        number,
                        "",
                        P.column_letter(checker.width),
                        "This row has values beyond the last header.",
                        "ragged_row",
                    )
                    continue
                row = checker.row(number, cells)
                if row is not None:
                    checked.rows.append(row)
        if not checked.read and log.ok:
            log.add(None, "", "", "The file has a header row but no events under it.", "no_rows")
        if checked.rows:
            checked.person_pk = checker.across_rows(checked.rows)
    finally:
        table.close()
    return checked


def write_events(rows: list[EventRow], person_pk: dict[str, int], run: ImportRun) -> None:
    """Insert the checked rows (inside the caller's transaction); counts per pipeline."""
    pipelines = dict(PipelineDefinition.objects.values_list("code", "pk"))
    now = timezone.now()
    objects = [
        StageEvent(
            person_id=person_pk[r.institutional_id],
            pipeline_id=pipelines[r.pipeline],
            stage=r.stage,
            year=r.year,
            unit_id=r.unit_id,
            date=r.date,
            source=StageEvent.Source.IMPORT,
            import_run=run,
            recorded_at=now,
        )
        for r in rows
    ]
    StageEvent.objects.bulk_create(objects, batch_size=2000)
