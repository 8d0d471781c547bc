"""Stage events: derived from the affiliation records, or imported from a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.equity import importing
from belong.equity.actions._common import require, user_or_none
from belong.equity.derive import affiliations_frame, derive_events
from belong.equity.models import (
    PipelineDefinition,
    StageEvent,
)
from belong.people.importing.actions import sha256_of
from belong.people.models import ImportRun


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_from_other_sources: int = 0


def sync_events_from_affiliations(*, by: Any, today: dt.date | None = None) -> SyncCounts:
    """Make the affiliation-derived events match the affiliations (idempotent).

    Creates the events the affiliations imply, corrects the date or unit of
    those derived earlier, and removes derived events the affiliations no
    longer imply. Events imported or loaded by the demo are never touched; an
    imported event with the same key wins over a derived one.
    """
    require(by, Permission.IMPORT_STAGE_EVENTS)
    today = today or timezone.localdate()
    pipelines = dict(PipelineDefinition.objects.filter(active=True).values_list("code", "pk"))
    counts = SyncCounts()
    with transaction.atomic():
        derived = derive_events(affiliations_frame(), today).filter(
            pl.col("pipeline").is_in(list(pipelines))
        )
        derived = derived.with_columns(
            pl.col("pipeline").replace_strict(pipelines, return_dtype=pl.Int64).alias("pipeline_id")
        ).drop("pipeline")
        rows = StageEvent.objects.filter(pipeline_id__in=list(pipelines.values())).values_list(
            "pk", "person_id", "pipeline_id", "stage", "year", "unit_id", "date", "source"
        )
        existing = pl.DataFrame(
            list(rows.order_by()),
            schema={
                "pk": pl.Int64,
                "person_id": pl.Int64,
                "pipeline_id": pl.Int64,
                "stage": pl.String,
                "year": pl.Int32,
                "unit_id": pl.Int64,
                "date": pl.Date,
                "source": pl.String,
            },
            orient="row",
        )
        key = ["person_id", "pipeline_id", "stage", "year"]
        mine = existing.filter(pl.col("source") == StageEvent.Source.AFFILIATION)
        create = derived.join(existing, on=key, how="anti")
        stale = mine.join(derived, on=key, how="anti")
        changed = mine.join(derived, on=key, how="inner", suffix="_new").filter(
            (pl.col("unit_id") != pl.col("unit_id_new"))
            | (pl.col("date").ne_missing(pl.col("date_new")))
        )
        counts.kept_from_other_sources = derived.join(
            existing.filter(pl.col("source") != StageEvent.Source.AFFILIATION), on=key, how="semi"
        ).height
        now = timezone.now()
        StageEvent.objects.bulk_create(
            [
                StageEvent(
                    person_id=p,
                    pipeline_id=pl_id,
                    stage=s,
                    year=y,
                    unit_id=u,
                    date=d,
                    source=StageEvent.Source.AFFILIATION,
                    recorded_at=now,
                )
                for p, s, y, u, d, pl_id in create.select(
                    "person_id", "stage", "year", "unit_id", "date", "pipeline_id"
                ).iter_rows()
            ],
            batch_size=2000,
        )
        if changed.height:
            StageEvent.objects.bulk_update(
                [
                    StageEvent(pk=pk, unit_id=u, date=d)
                    for pk, u, d in changed.select("pk", "unit_id_new", "date_new").iter_rows()
                ],
                ["unit", "date"],
                batch_size=2000,
            )
        stale_pks = stale["pk"].to_list()
        for start in range(0, len(stale_pks), 5000):
            StageEvent.objects.filter(pk__in=stale_pks[start : start + 5000]).delete()
        counts.created, counts.updated, counts.deleted = (
            create.height,
            changed.height,
            len(stale_pks),
        )
        audit.record(
            audit.EquityEvent.STAGE_EVENTS_DERIVED,
            by=by,
            detail={
                "created": counts.created,
                "updated": counts.updated,
                "deleted": counts.deleted,
                "kept": counts.kept_from_other_sources,
            },
        )
    return counts


def import_stage_events(
    *, by: Any, fileobj: IO[bytes], filename: str, apply: bool
) -> importing.EventImportResult:
    """Check a stage-event file and, if ``apply`` and nothing is wrong, write it all.

    Records one :class:`ImportRun` (kind ``stage_events``) and one audit event,
    whatever the outcome. When applying, the check runs again inside the write
    transaction, so nothing another import wrote meanwhile can slip through.
    """
    require(by, Permission.IMPORT_STAGE_EVENTS)
    digest = sha256_of(fileobj)
    if apply:
        try:
            with transaction.atomic():
                checked = importing.check_file(fileobj, filename)
                if checked.log.ok:
                    run = _import_run(
                        by,
                        filename,
                        digest,
                        checked,
                        ImportRun.Outcome.APPLIED,
                        created=len(checked.rows),
                    )
                    importing.write_events(checked.rows, checked.person_pk, run)
                    _audit_import(by, run)
                    return importing.EventImportResult(
                        run, checked.log, checked.read, len(checked.rows)
                    )
        except IntegrityError:
            checked.log.add(
                None,
                "",
                "",
                "Another import wrote some of these events while this one ran, so nothing was "
                "written. Check the file again.",
                "changed_during_import",
            )
    else:
        checked = importing.check_file(fileobj, filename)
    outcome = ImportRun.Outcome.REJECTED if not checked.log.ok else ImportRun.Outcome.DRY_RUN
    if outcome == ImportRun.Outcome.DRY_RUN:
        checked.log.note(f"{len(checked.rows):,} events would be added.", "changes")
    with transaction.atomic():
        run = _import_run(by, filename, digest, checked, outcome, created=0)
        _audit_import(by, run)
    return importing.EventImportResult(run, checked.log, checked.read, 0)


def _import_run(
    by: Any, filename: str, digest: str, checked: importing.Checked, outcome: str, *, created: int
) -> ImportRun:
    return ImportRun.objects.create(
        kind=importing.KIND,
        filename=filename[:255],
        sha256=digest,
        outcome=outcome,
        rows=checked.read,
        created=created,
        problem_count=checked.log.error_count,
        problems=checked.log.as_records(),
        mapping=checked.mapping,
        by=user_or_none(by),
    )


def _audit_import(by: Any, run: ImportRun) -> None:
    audit.record(
        audit.EquityEvent.STAGE_EVENTS_IMPORTED,
        by=by,
        target=run,
        detail={
            "outcome": run.outcome,
            "rows": run.rows,
            "created": run.created,
            "problems": run.problem_count,
        },
    )
