"""Building a release: the groupings chosen, k, and the build that freezes it."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from django.conf import settings

from belong.access.permissions import Permission
from belong.equity import queries
from belong.equity.actions._common import KIND, ActionError, require
from belong.equity.analytics import (
    Grouping,
    GroupingError,
    ReleaseSpec,
    default_groupings,
    intersection,
)
from belong.equity.models import (
    BenchmarkSet,
    PipelineDefinition,
    SavedGrouping,
    StageEvent,
)
from belong.publishing import actions as publishing
from belong.publishing.models import Release
from belong.publishing.noise import NoisyRelease


def resolve_groupings(
    codes: Iterable[str],
    saved: Iterable[SavedGrouping] = (),
    intersections: Iterable[tuple[str, str]] = (),
) -> tuple[Grouping, ...]:
    """The built-in groupings named by ``codes``, the saved ones and extra intersections."""
    wanted = list(dict.fromkeys(codes))
    built_in = {g.code: g for g in default_groupings()}
    unknown = [c for c in wanted if c not in built_in]
    if unknown:
        raise ActionError(f"Unknown grouping: {', '.join(unknown)}.")
    chosen: dict[str, Grouping] = {c: built_in[c] for c in wanted}
    for a, b in intersections:
        try:
            g = intersection(a, b)
        except GroupingError as exc:
            raise ActionError(str(exc)) from exc
        chosen.setdefault(g.code, g)
    for s in saved:
        try:
            g = s.grouping()
        except GroupingError as exc:
            raise ActionError(f"The saved grouping “{s.label}” is no longer usable: {exc}") from exc
        chosen.setdefault(g.code, g)
    if not chosen:
        raise ActionError("Choose at least one grouping.")
    return tuple(chosen.values())


def minimum_k() -> int:
    """The smallest k an analyst may choose: the school's setting (BELONG_PRIVACY_MIN_CELL)."""
    return int(settings.PRIVACY_MIN_CELL)


def default_title(pipeline: PipelineDefinition, years: Sequence[int] | None) -> str:
    if years:
        span = str(years[0]) if len(years) == 1 else f"{min(years)}–{max(years)}"
        return f"{pipeline.label}, {span}"
    return pipeline.label


def build_release(
    *,
    by: Any,
    pipeline: PipelineDefinition,
    title: str = "",
    years: Sequence[int] | None = None,
    units: Sequence[str] | None = None,
    groupings: Sequence[Grouping] | None = None,
    benchmarks: Sequence[BenchmarkSet] = (),
    reference: Mapping[str, str] | None = None,
    k: int | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
    bounded: bool = False,
    pool_years: bool = False,
    noise_epsilon: float | None = None,
) -> Release:
    """Compute a release from the records and freeze it (status: draft, not published).

    Freezing (``publishing.actions.freeze_release``) records the parameters and
    the data version, never a value from the tables. Publishing and
    unpublishing are publishing's actions, the same for every module.

    ``noise_epsilon`` draws the noisy form for the public now, once
    (``analytics.noisy``): it needs ``bounded`` (each person counted once).
    ``pool_years`` counts every year as one period.
    """
    require(by, Permission.BUILD_RELEASES)
    k = minimum_k() if k is None else int(k)
    if k < minimum_k():
        raise ActionError(
            f"k must be at least {minimum_k()} (the school's smallest cell size, set by an "
            "administrator)."
        )
    if noise_epsilon is not None:
        if not bounded:
            raise ActionError(
                "Noise for the public needs “count each person once”: otherwise one person "
                "could appear in every year and no noise scale would be honest."
            )
        if not (math.isfinite(noise_epsilon) and 0 < noise_epsilon <= 10):
            raise ActionError("ε must be a number above 0 and at most 10.")
    schemes = [b.scheme for b in benchmarks]
    if len(set(schemes)) != len(schemes):
        raise ActionError("Choose at most one benchmark for each reporting table.")
    chosen = tuple(groupings) if groupings is not None else default_groupings()
    codes = {g.code for g in chosen}
    missing = sorted({s for s in schemes if s not in codes})
    if missing:
        raise ActionError(
            "A benchmark applies to a table the release does not include: "
            + ", ".join(missing)
            + ". Add that grouping or leave the benchmark out."
        )
    try:
        spec = ReleaseSpec(
            pipeline=pipeline.pipeline(),
            years=tuple(sorted(set(years))) if years else None,
            units=tuple(sorted(set(units))) if units else None,
            groupings=chosen,
            benchmarks=tuple(b.benchmark() for b in benchmarks),
            reference=dict(reference or {}),
            k=k,
            correction=correction,
            alpha=alpha,
            pool_years=pool_years,
        )
    except ValueError as exc:
        raise ActionError(str(exc)) from exc
    in_scope = StageEvent.objects.filter(pipeline=pipeline)
    if spec.years is not None:
        in_scope = in_scope.filter(year__in=spec.years)
    if spec.units is not None:
        in_scope = in_scope.filter(unit__code__in=spec.units)
    if not in_scope.exists():
        raise ActionError(
            f"No stage events of {pipeline.label} are on record for these years and units; "
            "import or derive them first."
        )
    computed = queries.compute_release_from_records(
        by=by,
        pipeline=pipeline,
        spec=spec,
        bounded=bounded,
        purpose="build a release",
        noise_epsilon=noise_epsilon,
    )
    noisy = computed.noisy
    result = computed.result
    frozen_result = result.to_dict()
    hidden = result.cells.filter(pl.col("suppressed")).select("stage", "year", "table", "group")
    suppression = {
        "cells": [list(r) for r in hidden.iter_rows()],
        "cells_suppressed_all_tables": result.summary.get("cells_suppressed"),
        "cells_all_tables": result.summary.get("cells"),
    }
    release = publishing.freeze_release(
        by=by,
        kind=KIND,
        title=title.strip() or default_title(pipeline, result.parameters.get("years")),
        subject_code=pipeline.code,
        subject_label=pipeline.label,
        spec=spec.to_dict(),
        result=frozen_result,
        data_version=computed.data_version,
        data_summary=computed.data_summary,
        suppression=suppression,
        suppressed_cells=hidden.height,
        # One count of significant results everywhere: the significant comparisons.
        significant_findings=int(result.summary.get("significant_tests", 0)),
        k=k,
        years=list(result.parameters.get("years") or []),
        units=list(spec.units) if spec.units else None,
        bounded=bounded,
        build_seconds=computed.seconds,
        noise=None
        if noisy is None
        else NoisyRelease(
            noisy.result, noisy.epsilon, noisy.mechanism, noisy.scale, noisy.sensitivity
        ),
        detail={
            "groupings": [g.code for g in chosen],
            "benchmarks": [b.code for b in benchmarks],
            "correction": correction,
            "pooled_years": pool_years,
        },
    )
    return release
