"""Stage events: derived from the affiliation records, or imported from a file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import IO, Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from belong.access import audit
from belong.access.permissions import Permission
from belong.equity import importing
from belong.equity.actions._common import require
from belong.equity.derive import affiliations_frame, derive_events
from belong.equity.models import (
    PipelineDefinition,
    StageEvent,
)
from belong.importing.engine import ImportResult, run_import
from belong.importing.options import ImportOptions


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
    *,
    by: Any,
    fileobj: IO[bytes],
    filename: str,
    apply: bool,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Check a stage-event file and, if ``apply`` and nothing is wrong, write it all.

    Records one :class:`ImportRun` (kind ``stage_events``) and one audit event,
    whatever the outcome. When applying, the check runs again inside the write
    transaction, so nothing another import wrote meanwhile can slip through.
    """
    return run_import(
        importing.STAGE_EVENTS,
        by=by,
        fileobj=fileobj,
        filename=filename,
        apply=apply,
        options=options,
    )
