"""The people importer: what the import engine needs to know about people.

Its fields (:mod:`.fields`), its own problem kinds, how a row is checked
(:mod:`.validation`), compared with the records and written (:mod:`.plan`),
and its audit event. Reading, mapping, the dry run, the all-or-nothing write
and background runs are the engine's (:mod:`belong.importing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from belong.access import audit
from belong.access.permissions import Permission
from belong.importing.engine import Counts as EngineCounts
from belong.importing.engine import Handler, Importer, ProgressCallback
from belong.importing.mapping import Columns
from belong.importing.models import ImportRun
from belong.importing.problems import ProblemLog
from belong.people.importing import fields as F
from belong.people.importing.plan import Counts, State, plan_chunk, write_chunk
from belong.people.importing.validation import Lookups, RowChecker, RowData

KIND = "people"
# The code path of :data:`PEOPLE`, for background runs.
PATH = "belong.people.importing.importer.PEOPLE"

# Problem kinds only a people import reports (the engine's are added to them).
PEOPLE_KINDS = MappingProxyType(
    {
        "unknown_unit": "Unknown unit",
        "ambiguous_unit": "A name shared by several units",
        "unknown_campus": "Unknown campus",
        "unknown_category": "Not a known self-identification answer",
        "dates_out_of_order": "Ends before it starts",
        "duplicate_id": "The same institutional id on two rows",
        "new_person_without_name": "A new person without a legal name",
        "affiliation_without_kind": "Affiliation details without a kind",
        "new_affiliation_without_unit": "A new affiliation without a unit",
        "end_before_record_start": "Ends before the affiliation on record starts",
        "own_answers_kept": "Answers people gave themselves were kept",
        "known_under_other_id": "A new person already known under another identifier",
        "identifier_conflict": "Identifiers that name different people",
    }
)


class PeopleHandler(Handler[RowData]):
    def __init__(self, columns: Columns, log: ProblemLog, today: dt.date) -> None:
        self.columns = columns
        self.log = log
        self.today = today
        self.checker = RowChecker(columns, Lookups.load(), log)
        self.key = self.checker.key_field

    def check_row(self, number: int, cells: list[Any]) -> RowData | None:
        return self.checker.check(number, cells)

    def check_chunk(self, rows: list[RowData]) -> Counts:
        state = State.load(rows, key=self.key)
        return plan_chunk(rows, state, self.columns, self.log, today=self.today).counts

    def write(
        self,
        chunked: Iterable[list[RowData]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        """Compare each chunk again with the records, now locked, and write it."""
        counts = Counts()
        done = 0
        for rows in chunked:
            state = State.load(rows, key=self.key, lock=True)
            plan = plan_chunk(rows, state, self.columns, self.log, today=self.today)
            if not self.log.ok:
                # The records changed since the check (another import, an edit).
                return counts
            write_chunk(plan, by=by)
            counts.add(plan.counts)
            done += len(rows)
            progress("Applying", done, total)
        return counts

    def note_changes(self, log: ProblemLog, counts: EngineCounts, *, would: bool) -> None:
        assert isinstance(counts, Counts)
        verb = "would be" if would else "were"
        parts = [
            f"{counts.affiliations_started:,} affiliation rows {verb} started and "
            f"{counts.affiliations_ended:,} ended",
            f"{counts.answers_changed:,} self-identification records {verb} given a new version",
            f"{counts.identifiers_added:,} identifiers (AAMC ID, ERAS id...) {verb} added",
        ]
        log.note("; ".join(parts) + ".", "changes")
        if counts.answers_kept:
            log.note(
                f"{counts.answers_kept:,} people answered the self-identification questions "
                "themselves (or a steward corrected their answers), so the file's answers "
                f"{verb} not used for them.",
                "own_answers_kept",
            )


class PeopleImporter(Importer):
    kind = KIND
    schema = F.SCHEMA
    problem_kinds = PEOPLE_KINDS
    permission = Permission.IMPORT_PEOPLE
    run_url_name = "people:imports:run"
    keeps_upload_for_apply = True

    def handler(self, columns: Columns, log: ProblemLog, *, today: dt.date) -> PeopleHandler:
        return PeopleHandler(columns, log, today)

    def counts(self) -> Counts:
        return Counts()

    def record_audit(
        self, *, by: Any, run: ImportRun, counts: EngineCounts, log: ProblemLog
    ) -> None:
        # Counts and the file's fingerprint only: never a value from the file.
        outcome = run.outcome
        audit.record(
            audit.PeopleEvent(f"people.import.{outcome}"),
            by=by,
            target=run,
            detail={"sha256": run.sha256, "problems": log.error_count, **counts.as_dict()},
        )


PEOPLE = PeopleImporter()
