"""Every read of outcomes-monitoring data: what a user may see, and the one bulk read of answers.

:func:`compute_release_from_records` is the only place in Belong where stage
events meet self-identification. It reads both tables in bulk into Polars,
hands them to the analytics core and returns only the aggregate result: the
per-person frames never leave this function. Each call leaves one audit event
(``equity.self_identification.bulk_read``) saying how many people were read and
why, never what they answered.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404

from belong.access import audit
from belong.equity import policies
from belong.equity.analytics import ReleaseResult, ReleaseSpec, compute_release
from belong.equity.audiences import Audience, readable_audiences
from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    Release,
    SavedGrouping,
    StageEvent,
)
from belong.people import categories as cat
from belong.people.models import SelfIdentification

# Columns of the people frame, in the contract of belong.equity.analytics.release.
ANSWER_COLUMNS: tuple[str, ...] = ("citizenship", *cat.SINGLE_CHOICE_DIMENSIONS)
# Heavy JSON left out of listings.
HEAVY_FIELDS = ("result", "noised_result", "spec", "suppression")
_CHUNK = 5000


# --- releases a user may see -------------------------------------------------------


def releases_for(user: Any) -> QuerySet[Release]:
    """Releases ``user`` may open, newest first (heavy tables deferred)."""
    qs = Release.objects.defer(*HEAVY_FIELDS).select_related("created_by", "published_by")
    if policies.builds_releases(user):
        return qs
    return qs.filter(status=Release.Status.PUBLISHED, audience__in=readable_audiences(user))


def published_releases_for(user: Any) -> QuerySet[Release]:
    """Releases published to an audience ``user`` reads (drafts left out, even for analysts)."""
    return (
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(status=Release.Status.PUBLISHED, audience__in=readable_audiences(user))
        .order_by("-published_at", "-pk")
    )


def public_releases() -> QuerySet[Release]:
    return (
        Release.objects.defer(*HEAVY_FIELDS)
        .filter(status=Release.Status.PUBLISHED, audience=Audience.PUBLIC)
        .order_by("-published_at", "-pk")
    )


def release_for(user: Any, release_id: int, *, heavy: bool = False) -> Release:
    """One release ``user`` may open, or 404."""
    qs = Release.objects.all() if heavy else Release.objects.defer(*HEAVY_FIELDS)
    release = qs.filter(pk=release_id).first()
    if release is None or not policies.may_view_release(user, release):
        raise Http404("No such release.")
    return release


def public_release(release_id: int, *, heavy: bool = False) -> Release:
    qs = Release.objects.all() if heavy else Release.objects.defer(*HEAVY_FIELDS)
    release = qs.filter(pk=release_id).first()
    if release is None or not policies.may_view_publicly(release):
        raise Http404("No such release.")
    return release


def drafts() -> QuerySet[Release]:
    return Release.objects.defer(*HEAVY_FIELDS).filter(status=Release.Status.FROZEN)


# --- configuration ------------------------------------------------------------------


def active_pipelines() -> QuerySet[PipelineDefinition]:
    return PipelineDefinition.objects.filter(active=True).order_by("label")


def active_groupings() -> QuerySet[SavedGrouping]:
    return SavedGrouping.objects.filter(active=True).order_by("label")


def active_benchmarks() -> QuerySet[BenchmarkSet]:
    return BenchmarkSet.objects.filter(active=True)


@dataclass(frozen=True)
class PipelineFacts:
    """What is on record for one pipeline: events, people, years, units (no demographics)."""

    events: int
    people: int
    first_year: int | None
    last_year: int | None
    units: list[tuple[str, str]]  # (code, name)
    by_stage: dict[str, int]


def pipeline_facts(pipeline: PipelineDefinition) -> PipelineFacts:
    events = StageEvent.objects.filter(pipeline=pipeline)
    span = events.aggregate(n=Count("pk"), first=Min("year"), last=Max("year"))
    people = events.values("person_id").distinct().count() if span["n"] else 0
    units = list(events.values_list("unit__code", "unit__name").distinct().order_by("unit__name"))
    by_stage = dict(events.values_list("stage").annotate(n=Count("pk")).order_by())
    return PipelineFacts(span["n"], people, span["first"], span["last"], units, by_stage)


def event_counts_by_pipeline() -> dict[int, int]:
    return dict(StageEvent.objects.values_list("pipeline_id").annotate(n=Count("pk")).order_by())


# --- the bulk read -----------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """A computed release and what it was computed from (counts and a digest, no rows)."""

    result: ReleaseResult
    data_version: str
    data_summary: dict[str, int]
    seconds: float


def _events_frame(
    pipeline: PipelineDefinition, years: Sequence[int] | None, units: Sequence[str] | None
) -> pl.DataFrame:
    qs = StageEvent.objects.filter(pipeline=pipeline)
    if years is not None:
        qs = qs.filter(year__in=list(years))
    if units is not None:
        qs = qs.filter(unit__code__in=list(units))
    rows = qs.values_list("person_id", "stage", "year", "unit__code", "date").order_by()
    frame = pl.DataFrame(
        list(rows),
        schema={
            "person_id": pl.Int64,
            "stage": pl.String,
            "year": pl.Int32,
            "unit": pl.String,
            "date": pl.Date,
        },
        orient="row",
    )
    return frame.with_columns(pl.lit(pipeline.code, dtype=pl.String).alias("pipeline"))


def _people_frame(person_ids: pl.Series) -> tuple[pl.DataFrame, int]:
    """Answers of exactly these people; people without a record are all "not answered"."""
    ids = person_ids.unique().sort()
    rows: list[tuple[Any, ...]] = []
    fields = ("person_id", "race", *ANSWER_COLUMNS)
    for start in range(0, ids.len(), _CHUNK):
        chunk = ids.slice(start, _CHUNK).to_list()
        rows.extend(
            SelfIdentification.objects.filter(person_id__in=chunk).values_list(*fields).order_by()
        )
    schema: dict[str, Any] = {"person_id": pl.Int64, "race": pl.List(pl.String)}
    schema.update({c: pl.String for c in ANSWER_COLUMNS})
    answers = pl.DataFrame(rows, schema=schema, orient="row")
    people = pl.DataFrame({"person_id": ids}).join(answers, on="person_id", how="left")
    return people, answers.height


def _digest(events: pl.DataFrame, people: pl.DataFrame) -> str:
    """A fingerprint of exactly the data a release read (stable across runs and machines)."""
    digest = hashlib.sha256()
    ordered = events.select("person_id", "stage", "year", "unit", "date").sort(
        "person_id", "stage", "year", "unit", "date", nulls_last=True
    )
    digest.update(ordered.write_csv().encode())
    flat = people.with_columns(pl.col("race").list.sort().list.join(";")).sort("person_id")
    digest.update(flat.write_csv().encode())
    return digest.hexdigest()


def bound_contributions(events: pl.DataFrame, year_basis: str) -> pl.DataFrame:
    """Keep each person's first pass only, so one person changes a bounded number of cells.

    Cohort pipelines keep a person's first cohort year (all its stages); event
    pipelines keep the first event of each stage. Needed before calibrated
    noise, whose scale is set by how much one person can change the tables.
    """
    if events.is_empty():
        return events
    if year_basis == "cohort":
        return events.filter(pl.col("year") == pl.col("year").min().over("person_id"))
    return events.sort("year", "date", nulls_last=True).unique(
        subset=["person_id", "stage"], keep="first", maintain_order=True
    )


def compute_release_from_records(
    *,
    by: Any,
    pipeline: PipelineDefinition,
    spec: ReleaseSpec,
    bounded: bool = False,
    purpose: str,
) -> Computed:
    """Read events and answers in bulk, compute the release, and return only aggregates.

    One audit event records the read: who, why, how many people and answers.
    """
    started = time.perf_counter()
    events = _events_frame(pipeline, spec.years, spec.units)
    if bounded:
        events = bound_contributions(events, spec.pipeline.year_basis)
    people, answered = _people_frame(events["person_id"])
    version = _digest(events, people)
    result = compute_release(people, events, spec)
    summary = {"events": events.height, "people": people.height, "with_answers": answered}
    audit.record(
        audit.EquityEvent.SELF_IDENTIFICATION_BULK_READ,
        by=by,
        detail={"purpose": purpose, "pipeline": pipeline.code, **summary},
    )
    del people  # the per-person frame ends here
    return Computed(result, version, summary, time.perf_counter() - started)


def years_on_record(pipeline: PipelineDefinition) -> list[int]:
    return sorted(
        StageEvent.objects.filter(pipeline=pipeline)
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )


def units_on_record(pipelines: Iterable[PipelineDefinition]) -> list[tuple[str, str]]:
    return list(
        StageEvent.objects.filter(pipeline__in=list(pipelines))
        .values_list("unit__code", "unit__name")
        .distinct()
        .order_by("unit__name")
    )
