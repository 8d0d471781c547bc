"""Stage-event imports: a CSV or Excel file of who reached which stage, checked row by row.

A user of the import engine (:mod:`belong.importing`): the engine reads the
file (format sniffing, encodings, formulas, damaged or oversized workbooks),
maps the columns, reports problems by row and column and applies all or
nothing; each cell is typed by the engine's rules (ids, years, dates) and
units are looked up as the people import does. What is checked here is what
only stage events have:

* the person exists (by institutional id);
* the pipeline exists and the stage is one of its stages;
* the stage has its predecessor: a transition into it starts from a stage the
  person reached first (in the same cycle for cohort pipelines, in the same or
  an earlier year otherwise; and not later in the calendar when both dates are
  known), on record or earlier in the same file -- "offered" without
  "interviewed" is refused;
* no event is given twice, in the file or against the records.

All or nothing: any problem and nothing is written. The steward runs a dry run
first; the apply checks everything again inside the write transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.equity.analytics import Pipeline
from belong.equity.models import PipelineDefinition, StageEvent
from belong.importing import problems as P
from belong.importing.cells import BLANK, CellProblem, read_cell, sentence
from belong.importing.engine import Counts, Handler, Importer, ProgressCallback
from belong.importing.fields import DATE, ID, TEXT, YEAR, Field, Schema
from belong.importing.mapping import Columns
from belong.importing.models import ImportRun
from belong.people import identifiers
from belong.people.importing.validation import Lookups

KIND = "stage_events"
# The code path of :data:`STAGE_EVENTS`, for background runs.
PATH = "belong.equity.importing.STAGE_EVENTS"
CHUNK = 5000

# Problem kinds only stage events have; the engine's are added to them.
EVENT_KINDS = MappingProxyType(
    {
        "unknown_unit": "Unknown unit",
        "ambiguous_unit": "A name shared by several units",
        "unknown_person": "No person has this institutional id",
        "unknown_pipeline": "Not a pipeline",
        "unknown_stage": "Not a stage of the pipeline",
        "stage_out_of_order": "A stage before its predecessor",
        "duplicate_event": "The same event twice",
    }
)

SCHEMA = Schema(
    fields=(
        Field(
            "institutional_id",
            "Institutional id",
            kind=ID,
            max_length=64,
            synonyms=("id", "employee id", "student id", "person id", "emplid", "banner id"),
        ),
        # Another identifier may be the key instead (ImportOptions.key).
        Field("aamc_id", "AAMC ID", kind=ID, max_length=64, synonyms=("aamc id", "aamc number")),
        Field("eras_id", "ERAS id", kind=ID, max_length=64, synonyms=("eras id",)),
        Field("nrmp_id", "NRMP id", kind=ID, max_length=64, synonyms=("nrmp id",)),
        Field("pipeline", "Pipeline", kind=TEXT, max_length=60),
        Field("stage", "Stage", kind=TEXT, max_length=60, synonyms=("event", "status")),
        Field(
            "year",
            "Year",
            kind=YEAR,
            synonyms=("cohort", "cycle", "fiscal year", "application cycle", "cycle year"),
        ),
        Field(
            "unit_code",
            "Unit",
            kind="unit",
            max_length=200,
            synonyms=("unit", "department", "program", "unit id"),
        ),
        Field("date", "Date", kind=DATE, synonyms=("event date", "on")),
    ),
    # The unit may be blank where the pipeline belongs to one program (its program's unit).
    required=("institutional_id", "pipeline", "stage", "year"),
    noun="events",
    key_fields=("institutional_id", "aamc_id", "eras_id", "nrmp_id"),
)
BY_NAME = SCHEMA.by_name


@dataclass(frozen=True)
class EventRow:
    row: int
    institutional_id: str
    pipeline: str
    stage: str
    year: int
    unit_id: int
    date: dt.date | None


class EventHandler(Handler[EventRow]):
    """Checks rows one by one, then against each other and the records, logging every
    problem; writes the events when the engine applies the file."""

    def __init__(self, columns: Columns, log: P.ProblemLog) -> None:
        self.columns = columns
        self.index = columns.index
        self.log = log
        lookups = Lookups.load()
        self.unit_hint = lookups.unit_hint
        self.readers = lookups.readers()
        active = list(PipelineDefinition.objects.filter(active=True))
        self.pipelines: dict[str, tuple[int, Pipeline]] = {
            p.code: (p.pk, p.pipeline()) for p in active
        }
        # Pipelines that belong to one program: their rows may leave the unit blank.
        self.programs: dict[str, int] = {
            p.code: p.program_id for p in active if p.program_id is not None
        }
        self.rows: list[EventRow] = []
        self.person_pk: dict[str, int] = {}
        # The identifier every row is keyed by (the school's id unless the import says).
        self.key = columns.options.key or "institutional_id"

    def _add(self, row: int, name: str, reason: str, code: str) -> None:
        self.log.add(row, self.columns.header(name), self.columns.letter(name), reason, code)

    def check_row(self, number: int, cells: list[Any]) -> EventRow | None:
        values: dict[str, Any] = {}
        ok = True
        for name, i in self.index.items():
            if name in SCHEMA.key_fields and name != self.key:
                continue  # another identifier: the key alone finds the person
            f = BY_NAME[name]
            raw = cells[i] if i < len(cells) else None
            try:
                value = read_cell(f, raw, self.readers)
            except CellProblem as problem:
                self._add(number, name, sentence(problem.reason), problem.code)
                ok = False
                continue
            if value is not BLANK:
                values[name] = value
            elif name in SCHEMA.required or name == self.key:
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
        unit_id = values.get("unit_code", self.programs.get(code))
        if unit_id is None:
            self._add(
                number,
                "unit_code",
                f"The unit is blank, and {found[1].label} does not belong to one program, so "
                f"every row needs one. {self.unit_hint}",
                "required",
            )
            return None
        return EventRow(
            row=number,
            institutional_id=values[self.key],
            pipeline=code,
            stage=stage,
            year=int(values["year"]),
            unit_id=int(unit_id),
            date=values.get("date"),
        )

    def check_chunk(self, rows: list[EventRow]) -> Counts:
        # The order of stages is checked over the whole file, once it is read.
        self.rows.extend(rows)
        return Counts()

    def finish_check(self, counts: Counts) -> None:
        if self.rows:
            self.person_pk = self.across_rows(self.rows)
        counts.created = len(self.rows)

    def write(
        self,
        chunked: Iterable[list[EventRow]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        """Check the whole file again against the records (inside the transaction) and write."""
        rows = [row for chunk in chunked for row in chunk]
        person_pk = self.across_rows(rows)
        if not self.log.ok:
            return Counts()
        for start in range(0, len(rows), CHUNK):
            write_events(rows[start : start + CHUNK], person_pk, run)
            progress("Applying", min(start + CHUNK, len(rows)), len(rows))
        return Counts(created=len(rows))

    def note_changes(self, log: P.ProblemLog, counts: Counts, *, would: bool) -> None:
        verb = "would be" if would else "were"
        log.note(f"{counts.created:,} events {verb} added.", "changes")

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
        found = identifiers.find(self.key, [r.institutional_id for r in rows])
        label = BY_NAME[self.key].label
        reported: set[str] = set()
        for r in rows:
            if r.institutional_id not in found:
                reason = f"No person has the {label} “{r.institutional_id}”"
                if r.institutional_id in reported:
                    reason += " (also on an earlier row)"
                reported.add(r.institutional_id)
                self._add(
                    r.row,
                    self.key,
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


def write_events(rows: list[EventRow], person_pk: dict[str, int], run: ImportRun) -> None:
    """Insert the checked rows (inside the caller's transaction)."""
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


class StageEventImporter(Importer):
    kind = KIND
    schema = SCHEMA
    problem_kinds = EVENT_KINDS
    permission = Permission.IMPORT_STAGE_EVENTS
    chunk_size = CHUNK
    run_url_name = "equity:event_import_run"

    def handler(self, columns: Columns, log: P.ProblemLog, *, today: dt.date) -> EventHandler:
        return EventHandler(columns, log)

    def record_audit(self, *, by: Any, run: ImportRun, counts: Counts, log: P.ProblemLog) -> None:
        audit.record(
            audit.EquityEvent.STAGE_EVENTS_IMPORTED,
            by=by,
            target=run,
            detail={
                "outcome": run.outcome,
                "rows": run.rows,
                "created": run.created if run.outcome == ImportRun.Outcome.APPLIED else 0,
                "problems": run.problem_count,
            },
        )


STAGE_EVENTS = StageEventImporter()
