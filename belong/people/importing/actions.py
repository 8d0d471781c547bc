"""The writes of a people import: run one (checked, then applied all or nothing), save a mapping.

Each function takes keyword-only ``by=`` (the acting user; None for the
command line, recorded as "system") and leaves exactly one audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle  # only reads back what this process has just written
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.people.importing import mapping as mapping_module
from belong.people.importing.plan import Counts, State, plan_chunk, write_chunk
from belong.people.importing.problems import ProblemLog, column_letter
from belong.people.importing.readers import CSV, MAX_ROWS, open_table
from belong.people.importing.validation import Lookups, RowChecker, RowData
from belong.people.models import ImportMapping, ImportRun

CHUNK = 2000
KIND = "people"

# progress(phase, rows done, rows expected or None)
Progress = Callable[[str, int, int | None], None]
CHECKING = "Checking"
APPLYING = "Applying"


@dataclass
class ImportResult:
    run: ImportRun
    log: ProblemLog
    counts: Counts
    mapping: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.log.ok


class _Abandon(Exception):
    """Raised inside the write transaction to roll it back."""


def _check_permission(by: Any) -> None:
    # The command line runs as the system (by=None); a signed-in user needs the permission.
    if by is not None and not has_permission(by, Permission.IMPORT_PEOPLE):
        raise Http404("No such page.")


def sha256_of(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for block in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


class _Spool:
    """Checked rows kept on disk between the check and the write, a chunk at a time.

    An unnamed temporary file (deleted when closed, invisible to other
    processes on POSIX) keeps memory flat however long the file is, and
    spares re-reading a slow workbook inside the write transaction.
    """

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.chunks = 0

    def add(self, rows: list[RowData]) -> None:
        pickle.dump(rows, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.chunks += 1

    def __iter__(self) -> Iterator[list[RowData]]:
        self.file.seek(0)
        for _ in range(self.chunks):
            yield pickle.load(self.file)  # noqa: S301 (our own rows, written above)

    def close(self) -> None:
        self.file.close()


def _chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def run_import(
    *,
    by: Any,
    fileobj: IO[bytes],
    filename: str,
    columns: Mapping[str, str] | None = None,
    apply: bool,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check a people file and, if ``apply`` and nothing is wrong, apply it all at once.

    ``columns`` maps file headers to fields; None uses the suggestion from the
    headers. Every problem is found before anything is written; any problem,
    or any failure while writing, leaves the records exactly as they were.
    Records one :class:`ImportRun` and one audit event either way.
    """
    _check_permission(by)
    today = today or timezone.localdate()
    report = progress or (lambda phase, done, total: None)
    log = ProblemLog()
    counts = Counts()
    digest = sha256_of(fileobj)
    table = open_table(fileobj, filename, log)
    used: dict[str, str] = {}
    checked: mapping_module.Columns | None = None
    spool = _Spool() if apply else None
    try:
        if table is not None:
            for note in table.notes:
                log.note(note, "format")
            combined = mapping_module.combine(table.headers, columns)
            checked = mapping_module.check(table.headers, combined, log)
            if checked is not None:
                used = checked.as_mapping()
                counts = _check_rows(table, checked, log, spool, report, today)
        if log.ok and apply and spool is not None and checked is not None:
            try:
                counts = _apply(spool, checked, log, by, report, today, total=counts.rows)
            except _Abandon:
                pass
            else:
                return _finish(by, filename, digest, log, counts, used, ImportRun.Outcome.APPLIED)
    finally:
        if table is not None:
            table.close()
        if spool is not None:
            spool.close()
    if not log.ok:
        # Nothing was written: a rejected run reports rows read, not changes.
        counts = Counts(rows=counts.rows)
        return _finish(by, filename, digest, log, counts, used, ImportRun.Outcome.REJECTED)
    _note_changes(log, counts, would=True)
    return _finish(by, filename, digest, log, counts, used, ImportRun.Outcome.DRY_RUN)


def _check_rows(
    table: Any,
    columns: mapping_module.Columns,
    log: ProblemLog,
    spool: _Spool | None,
    report: Progress,
    today: dt.date,
) -> Counts:
    """Pass one: read, check and compare every row; nothing is written."""
    checker = RowChecker(columns, Lookups.load(), log, strict_width=table.format == CSV)
    counts = Counts()
    total = table.size_hint
    done = 0
    report(CHECKING, 0, total)
    for chunk in _chunks(table.rows, CHUNK):
        done += len(chunk)
        if done > MAX_ROWS:
            log.add(
                None,
                "",
                "",
                f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.",
                "too_many_rows",
            )
            table.close()
            break
        good = [d for d in (checker.check(number, cells) for number, cells in chunk) if d]
        if good:
            state = State.load(good)
            counts.add(plan_chunk(good, state, columns, log, today=today).counts)
            if spool is not None and log.ok:
                spool.add(good)
        report(CHECKING, done, total)
    if checker.stray:
        log.note(
            "Columns without a header were not read: "
            + ", ".join(column_letter(i) for i in sorted(checker.stray))
            + ".",
            "ignored_columns",
        )
    if not done and log.ok:
        log.add(
            None,
            "",
            "",
            "The file has a header row but no rows of people under it.",
            "no_rows",
        )
    counts.rows = done
    return counts


def _apply(
    spool: _Spool,
    columns: mapping_module.Columns,
    log: ProblemLog,
    by: Any,
    report: Progress,
    today: dt.date,
    *,
    total: int,
) -> Counts:
    """Pass two, in one transaction: compare again with the records (now locked) and write."""
    counts = Counts()
    try:
        with transaction.atomic():
            report(APPLYING, 0, total)
            done = 0
            for rows in spool:
                state = State.load(rows, lock=True)
                plan = plan_chunk(rows, state, columns, log, today=today)
                if not log.ok:
                    # The records changed since the check (another import, an edit).
                    raise _Abandon
                write_chunk(plan, by=by)
                counts.add(plan.counts)
                done += len(rows)
                report(APPLYING, done, total)
    except _Abandon:
        log.add(
            None,
            "",
            "",
            "The records changed while the import ran (another import or an edit), and a row "
            "no longer fits them; nothing was written. Check the file again.",
            "changed_during_import",
        )
        raise
    except DatabaseError as exc:
        log.add(
            None,
            "",
            "",
            "The database refused the changes, so nothing was written "
            f"({type(exc).__name__}); another import may have run at the same time. Try again.",
            "changed_during_import",
        )
        raise _Abandon from exc
    _note_changes(log, counts, would=False)
    return counts


def _note_changes(log: ProblemLog, counts: Counts, *, would: bool) -> None:
    verb = "would be" if would else "were"
    parts = [
        f"{counts.affiliations_started:,} affiliation rows {verb} started and "
        f"{counts.affiliations_ended:,} ended",
        f"{counts.answers_changed:,} self-identification records {verb} given a new version",
    ]
    log.note("; ".join(parts) + ".", "changes")
    if counts.answers_kept:
        log.note(
            f"{counts.answers_kept:,} people answered the self-identification questions "
            "themselves (or a steward corrected their answers), so the file's answers "
            f"{verb} not used for them.",
            "own_answers_kept",
        )


def _finish(
    by: Any,
    filename: str,
    digest: str,
    log: ProblemLog,
    counts: Counts,
    used: dict[str, str],
    outcome: str,
) -> ImportResult:
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=KIND,
            filename=filename[:255],
            sha256=digest,
            outcome=outcome,
            rows=counts.rows,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
            problem_count=log.error_count,
            problems=log.as_records(),
            mapping=used,
            by=user,
        )
        # Counts and the file's fingerprint only: never a value from the file.
        audit.record(
            audit.PeopleEvent(f"people.import.{outcome}"),
            by=by,
            target=run,
            detail={"sha256": digest, "problems": log.error_count, **counts.as_dict()},
        )
    return ImportResult(run=run, log=log, counts=counts, mapping=used)


def save_mapping(*, by: Any, name: str, columns: Mapping[str, str]) -> ImportMapping:
    """Save (or replace) a named column mapping for people imports."""
    _check_permission(by)
    name = name.strip()
    if not name:
        raise ValueError("A saved mapping needs a name.")
    clean = {str(h): str(f) for h, f in columns.items() if f}
    with transaction.atomic():
        mapping, created = ImportMapping.objects.update_or_create(
            kind=KIND,
            name=name,
            defaults={"columns": clean},
            create_defaults={
                "columns": clean,
                "created_by": by if getattr(by, "is_authenticated", False) else None,
            },
        )
        audit.record(
            audit.PeopleEvent.IMPORT_MAPPING_SAVED
            if created
            else audit.PeopleEvent.IMPORT_MAPPING_REPLACED,
            by=by,
            target=mapping,
            detail={"columns": len(clean)},
        )
    return mapping


def saved_mapping(name: str) -> ImportMapping | None:
    return ImportMapping.objects.filter(kind=KIND, name=name).first()
