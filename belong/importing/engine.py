"""Run an import: read, map, check every row (dry run), then apply all at once or nothing.

An importer is a user of this engine. It subclasses :class:`Importer` and
declares what only it knows:

* ``kind`` (the ``ImportRun.kind``), ``schema`` (its fields), ``problem_kinds``
  (its own problem codes; the engine's are :data:`COMMON_KINDS`), ``permission``;
* :meth:`Importer.handler`: a :class:`Handler` for one run, which checks a row,
  compares a chunk of checked rows with the records (nothing written), makes
  any whole-file check, and finally writes;
* :meth:`Importer.record_audit`: the run's one audit event.

The engine does the rest, the same for every importer: it reads the file
(CSV or Excel, measured first), maps the columns, reports every problem by
row and column, refuses a row with a value beyond the last header, counts,
spools the checked rows to disk, and applies them in **one transaction**,
after which the records either hold the whole file or are exactly as before.
Each run leaves one :class:`~belong.importing.models.ImportRun` and one audit
event, whatever its outcome. Progress is reported through a callback
``(phase, rows done, rows expected or None)``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import IO, Any, ClassVar, Generic, TypeVar

from django.db import DatabaseError, transaction
from django.http import Http404
from django.utils import timezone

from belong.access.permissions import Permission
from belong.access.policies import has_permission
from belong.importing import mapping as mapping_module
from belong.importing.cells import filled
from belong.importing.fields import Schema
from belong.importing.models import ImportRun
from belong.importing.options import ImportOptions
from belong.importing.problems import COMMON_KINDS, Kinds, ProblemLog, column_letter, kinds
from belong.importing.readers import CSV, Table, max_rows, open_table
from belong.importing.spool import Spool, chunks

# progress(phase, rows done, rows expected or None)
ProgressCallback = Callable[[str, int, int | None], None]
CHECKING = "Checking"
APPLYING = "Applying"

T = TypeVar("T")


@dataclass
class Counts:
    """What a run read and changed (or would change). Importers may add fields."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name, 0))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


class Handler(Generic[T]):
    """One run's checks and writes, made by :meth:`Importer.handler`.

    ``check_row`` and ``check_chunk`` only read; ``write`` runs inside the
    engine's transaction. Any problem logged during ``write`` (the records
    changed since the check) makes the engine roll everything back.
    """

    def check_row(self, number: int, cells: list[Any]) -> T | None:
        """The row's checked value, or None after logging its problems."""
        raise NotImplementedError

    def check_chunk(self, rows: list[T]) -> Counts:
        """Compare checked rows with the records; log problems; count what would change."""
        return Counts(rows=len(rows))

    def finish_check(self, counts: Counts) -> None:
        """Checks over the whole file, once every row is read (the order of events...)."""

    def write(
        self,
        chunked: Iterable[list[T]],
        *,
        by: Any,
        run: ImportRun,
        progress: ProgressCallback,
        total: int,
    ) -> Counts:
        """Check again against the records (now locked) and write. Inside the transaction."""
        raise NotImplementedError

    def note_changes(self, log: ProblemLog, counts: Counts, *, would: bool) -> None:
        """Notes saying what the import changes (or would change)."""
        verb = "would be" if would else "were"
        log.note(f"{counts.created:,} {verb} added.", "changes")


class Importer:
    """What an importer declares; see the module's docstring. Instances are immutable
    module-level constants, found by dotted path for background runs."""

    kind: ClassVar[str]
    schema: ClassVar[Schema]
    problem_kinds: ClassVar[Kinds] = COMMON_KINDS
    permission: ClassVar[Permission]
    chunk_size: ClassVar[int] = 2000
    # Where this importer's runs are shown, for links from a background run's page.
    run_url_name: ClassVar[str] = ""
    # Whether a checked upload waits to be applied (people: check, then apply); if
    # not, a background run deletes the upload once it has read it.
    keeps_upload_for_apply: ClassVar[bool] = False

    @property
    def all_kinds(self) -> Kinds:
        return kinds(self.problem_kinds)

    def handler(
        self, columns: mapping_module.Columns, log: ProblemLog, *, today: dt.date
    ) -> Handler[Any]:
        raise NotImplementedError

    def counts(self) -> Counts:
        """An empty count of this importer's kind."""
        return Counts()

    def record_audit(self, *, by: Any, run: ImportRun, counts: Counts, log: ProblemLog) -> None:
        """The run's one audit event: counts and the file's fingerprint, never a value."""
        raise NotImplementedError

    def ensure_allowed(self, by: Any) -> None:
        # The command line and the task worker act as the system (by=None) or as a
        # user already checked; a signed-in user needs the importer's permission.
        if by is not None and not has_permission(by, self.permission):
            raise Http404("No such page.")


@dataclass
class ImportResult:
    run: ImportRun
    log: ProblemLog
    counts: Counts
    mapping: dict[str, str]

    @property
    def ok(self) -> bool:
        return self.log.ok

    @property
    def applied(self) -> bool:
        return self.run.outcome == ImportRun.Outcome.APPLIED

    @property
    def rows(self) -> int:
        return self.counts.rows

    @property
    def created(self) -> int:
        return self.counts.created


class _Abandon(Exception):
    """Raised inside the write transaction to roll it back."""


def sha256_of(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for block in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def run_import(
    importer: Importer,
    *,
    by: Any,
    fileobj: IO[bytes],
    filename: str,
    columns: Mapping[str, str] | None = None,
    apply: bool,
    progress: ProgressCallback | None = None,
    today: dt.date | None = None,
    run: ImportRun | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Check a file and, if ``apply`` and nothing is wrong, apply it all at once.

    ``columns`` maps file headers to fields over the suggestion from the
    headers; ``options`` are its key, matching, separators and values
    (:mod:`belong.importing.options`). Every problem is found before anything
    is written; any problem, or any failure while writing, leaves the records exactly as they were.
    ``run`` is a queued run to complete (a background run); otherwise one is
    recorded. Either way the run ends with one audit event.
    """
    importer.ensure_allowed(by)
    today = today or timezone.localdate()
    report = progress or (lambda phase, done, total: None)
    log = ProblemLog(importer.all_kinds)
    digest = sha256_of(fileobj)
    chosen = options or ImportOptions()
    if run is None:
        run = ImportRun.objects.create(
            kind=importer.kind,
            filename=filename[:255],
            sha256=digest,
            apply=apply,
            status=ImportRun.Status.RUNNING,
            by=_user(by),
            options=chosen.as_dict(),
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.RUNNING, sha256=digest, options=chosen.as_dict()
        )
    try:
        return _execute(
            importer, run, log, by, fileobj, filename, columns, apply, report, today, chosen
        )
    except Exception:
        fail_run(run)
        raise


def _execute(
    importer: Importer,
    run: ImportRun,
    log: ProblemLog,
    by: Any,
    fileobj: IO[bytes],
    filename: str,
    columns: Mapping[str, str] | None,
    apply: bool,
    report: ProgressCallback,
    today: dt.date,
    options: ImportOptions,
) -> ImportResult:
    counts = importer.counts()
    used: dict[str, str] = {}
    table = open_table(fileobj, filename, log)
    spool = Spool() if apply else None
    try:
        checked: mapping_module.Columns | None = None
        if table is not None:
            for note in table.notes:
                log.note(note, "format")
            combined = mapping_module.combine(table.headers, importer.schema, columns)
            checked = mapping_module.check(table.headers, combined, importer.schema, log, options)
            if checked is not None:
                used = checked.as_mapping()
                handler = importer.handler(checked, log, today=today)
                counts = _check_rows(importer, handler, table, checked, log, spool, report)
        if log.ok and apply and spool is not None and checked is not None:
            try:
                with transaction.atomic():
                    applied = _write(importer, handler, spool, log, by, run, report, counts.rows)
                    return _finish(importer, by, run, log, applied, used, ImportRun.Outcome.APPLIED)
            except _Abandon:
                pass
    finally:
        if table is not None:
            table.close()
        if spool is not None:
            spool.close()
    if not log.ok:
        # Nothing was written: a rejected run reports rows read, not changes.
        rejected = importer.counts()
        rejected.rows = counts.rows
        with transaction.atomic():
            return _finish(importer, by, run, log, rejected, used, ImportRun.Outcome.REJECTED)
    if checked is not None:
        handler.note_changes(log, counts, would=True)
    with transaction.atomic():
        return _finish(importer, by, run, log, counts, used, ImportRun.Outcome.DRY_RUN)


def _check_rows(
    importer: Importer,
    handler: Handler[Any],
    table: Table,
    columns: mapping_module.Columns,
    log: ProblemLog,
    spool: Spool | None,
    report: ProgressCallback,
) -> Counts:
    """Pass one: read, check and compare every row; nothing is written."""
    counts = importer.counts()
    total = table.size_hint
    width = len(columns.headers)
    # CSV: a value beyond the last header means the row's cells have shifted (an
    # unquoted comma), so it is a problem. A workbook's cells cannot shift: a stray
    # value there is only noted, like any column without a header.
    strict_width = table.format == CSV
    stray: set[int] = set()
    limit = max_rows()
    done = 0
    report(CHECKING, 0, total)
    for chunk in chunks(table.rows, importer.chunk_size):
        done += len(chunk)
        if done > limit:
            log.add(
                None,
                "",
                "",
                f"The file has more than {limit:,} rows; split it into smaller files.",
                "too_many_rows",
            )
            table.close()
            break
        good = []
        for number, cells in chunk:
            checked = handler.check_row(number, cells)
            extra = [i for i in range(width, len(cells)) if filled(cells[i])]
            if extra and strict_width:
                log.add(
                    number,
                    "",
                    column_letter(extra[0]),
                    f"This row has a value in column {column_letter(extra[0])}, beyond the "
                    f"last header (column {column_letter(width - 1)}); a comma inside an "
                    "unquoted cell often causes this.",
                    "ragged_row",
                )
                continue
            stray.update(extra)
            if checked is not None:
                good.append(checked)
        if good:
            counts.add(handler.check_chunk(good))
            if spool is not None and log.ok:
                spool.add(good)
        report(CHECKING, done, total)
    if stray:
        log.note(
            "Columns without a header were not read: "
            + ", ".join(column_letter(i) for i in sorted(stray))
            + ".",
            "ignored_columns",
        )
    if not done and log.ok:
        log.add(
            None,
            "",
            "",
            f"The file has a header row but no rows of {importer.schema.noun} under it.",
            "no_rows",
        )
    counts.rows = done
    if log.ok or done:
        handler.finish_check(counts)
    return counts


def _write(
    importer: Importer,
    handler: Handler[Any],
    spool: Spool,
    log: ProblemLog,
    by: Any,
    run: ImportRun,
    report: ProgressCallback,
    total: int,
) -> Counts:
    """Pass two, inside the caller's transaction: the handler checks again and writes."""
    try:
        with transaction.atomic():
            report(APPLYING, 0, total)
            counts = handler.write(spool, by=by, run=run, progress=report, total=total)
            if not log.ok:
                raise _Abandon
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
    counts.rows = total
    handler.note_changes(log, counts, would=False)
    return counts


def _finish(
    importer: Importer,
    by: Any,
    run: ImportRun,
    log: ProblemLog,
    counts: Counts,
    used: dict[str, str],
    outcome: str,
) -> ImportResult:
    """Complete the run's record and its one audit event (inside the caller's transaction)."""
    run.outcome = outcome
    run.status = ImportRun.Status.DONE
    run.rows = counts.rows
    run.created = counts.created
    run.updated = counts.updated
    run.unchanged = counts.unchanged
    run.problem_count = log.error_count
    run.problems = log.as_records()
    run.mapping = used
    run.finished_at = timezone.now()
    run.upload = ""
    run.save(
        update_fields=[
            "outcome",
            "status",
            "rows",
            "created",
            "updated",
            "unchanged",
            "problem_count",
            "problems",
            "mapping",
            "finished_at",
            "upload",
        ]
    )
    importer.record_audit(by=by, run=run, counts=counts, log=log)
    return ImportResult(run=run, log=log, counts=counts, mapping=used)


def fail_run(run: ImportRun) -> None:
    """Record that a run stopped on an unexpected error: nothing was written (the
    transaction rolled back), and the page says so instead of waiting for ever."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED,
        outcome=ImportRun.Outcome.REJECTED,
        problem_count=1,
        problems=[
            {
                "row": None,
                "column": "",
                "letter": "",
                "reason": "The import stopped on an unexpected error, and nothing was written. "
                "Check the file again; if it happens again, tell the administrator.",
                "code": "failed",
                "level": "error",
            }
        ],
        finished_at=timezone.now(),
        upload="",
    )
