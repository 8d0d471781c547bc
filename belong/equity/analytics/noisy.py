"""The noisy form of a release for the public: counts with calibrated noise, made consistent.

Drawn once, when the release is built (the people are at hand only then), from
the same scoped events as the exact release; the exact release stays for
readers inside the school.

What gets noise: a histogram, not the stage counts. In a cohort pipeline (or
over pooled years) each person counted once has one *path*: the set of stages
they reached (applied; applied and interviewed; ... ; matriculated and
withdrew). The paths possible are fixed by the pipeline's transitions (a stage
only with the stages before it), not by the data. Each reporting table counts
people by group and path, so one person is in exactly one cell of each
exclusive table (every category they chose, in a select-all table): the
sensitivity is one per exclusive table, not one per stage, and the noise is
several times smaller than noising every stage's count. A stage's count is the
sum of the paths that contain it. Event-year pipelines reported year by year
count each event instead (a person in up to one cell per stage).

Then post-processing (``belong.publishing.consistency``): the stage counts are
replaced by the nearest whole, non-negative counts in which no stage exceeds
the stage before it and every exclusive table adds up to the same totals, so
shares add up to 100%. A benchmark's universe is the sum of its groups, so it
costs nothing more.

Each published count carries its 95% noise interval (``count_margin``): the
noise of a sum of independent discrete Laplace draws, from the public scale
alone. Shares carry theirs (``share_margin``, and ``ci_low``/``ci_high``) by
the delta method. Intervals and margins are post-processing too.

Which cells are hidden is the exact release's pattern, decided on exact counts
(``docs/decisions/0005-releases-and-audiences.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from belong.privacy import add_calibrated_noise
from belong.publishing.consistency import Observed, reconcile
from belong.publishing.frames import frame_records

from .counting import _GroupCounter, _scope_events
from .groupings import encode_people
from .pipelines import Pipeline
from .result import ReleaseResult
from .spec import ReleaseSpec, pool_years

__all__ = ["NoisyResult", "noisy_release", "paths_of"]

Z95 = 1.959964
MAX_PATHS = 256
SHAPE_ONLY_SUMMARY = frozenset(
    {
        "cells",
        "cells_suppressed",
        "linked_systems",
        "missing_columns",
        "transitions_with_own_counts",
    }
)
LEFT_OUT = ("transitions", "selection", "pooled", "trends", "survival", "survival_tests")


@dataclass(frozen=True)
class NoisyResult:
    result: dict[str, Any]
    epsilon: float
    mechanism: str
    scale: float
    sensitivity: int


def _parents(pipeline: Pipeline) -> list[int]:
    """Bit mask of each stage's predecessors (the sources of transitions into it)."""
    index = {c: i for i, c in enumerate(pipeline.stage_codes)}
    parents = [0] * len(index)
    for t in pipeline.transitions:
        parents[index[t.target]] |= 1 << index[t.source]
    return parents


def paths_of(pipeline: Pipeline) -> list[int] | None:
    """Every path a person can take (a set of stages, closed under predecessors), as bit
    masks; None when there are too many for a histogram to beat counting each stage."""
    n = len(pipeline.stages)
    if n > 16:
        return None
    parents = _parents(pipeline)
    found = [
        mask
        for mask in range(1, 1 << n)
        if all(not (mask >> s & 1) or (mask & parents[s]) == parents[s] for s in range(n))
    ]
    return found if len(found) <= MAX_PATHS else None


def _closed(mask: np.ndarray, parents: list[int]) -> np.ndarray:
    """Each mask with the stages dropped whose predecessors are missing (records out of order)."""
    out = mask.copy()
    for _ in range(len(parents)):
        for s, need in enumerate(parents):
            bad = ((out >> s) & 1).astype(bool) & ((out & need) != need)
            out[bad] &= ~(1 << s)
    return out


def _variance(scale: float) -> float:
    """Variance of discrete Laplace noise of this scale."""
    alpha = math.exp(-1.0 / scale)
    return 2 * alpha / (1 - alpha) ** 2


def noisy_release(
    people: pl.DataFrame,
    events: pl.DataFrame,
    spec: ReleaseSpec,
    exact: ReleaseResult,
    *,
    epsilon: float,
) -> NoisyResult:
    """The noisy form of ``exact`` (see the module docstring).

    ``events`` must count each person once (``bound_contributions``), or no
    noise scale would be honest.
    """
    pipeline = spec.pipeline
    encoded = encode_people(people)
    events, pooled = pool_years(events, spec)
    years = (max(pooled),) if pooled else spec.years
    frame, year_list, _ = _scope_events(events, pipeline, years, spec.units, encoded)
    n_stages, n_years = len(pipeline.stages), len(year_list)
    year_pos = {y: i for i, y in enumerate(year_list)}
    paths = paths_of(pipeline) if (pipeline.year_basis == "cohort" or pooled) else None
    rows = frame["row"].to_numpy().astype(np.int64)
    stage = frame["s"].to_numpy().astype(np.int64)
    y = np.asarray([year_pos[v] for v in frame["year"].to_list()], dtype=np.int64)
    if paths is not None:
        per = (
            pl.DataFrame({"row": rows, "y": y, "bit": np.left_shift(1, stage)})
            .group_by("row", "y")
            .agg(pl.col("bit").unique().sum().alias("mask"))
        )
        mask = _closed(per["mask"].to_numpy().astype(np.int64), _parents(pipeline))
        keep = mask > 0
        lookup = np.full(1 << n_stages, -1, dtype=np.int64)
        lookup[np.asarray(paths)] = np.arange(len(paths))
        cell_rows = per["row"].to_numpy()[keep]
        cell_index = per["y"].to_numpy()[keep] * len(paths) + lookup[mask[keep]]
        incidence = np.asarray([[p >> s & 1 for s in range(n_stages)] for p in paths], dtype=bool)
        per_person = 1
    else:
        # One cell per (year, stage) event: a person counted once reaches each stage once.
        key = np.unique(rows * (n_years * n_stages) + y * n_stages + stage)
        cell_rows = key // (n_years * n_stages)
        cell_index = key % (n_years * n_stages)
        incidence = np.eye(n_stages, dtype=bool)
        per_person = n_stages
    n_patterns = incidence.shape[0]
    counter = _GroupCounter(encoded, spec.groupings)
    tables = counter.count(cell_rows, cell_index, n_years * n_patterns)
    exclusive = [g for g in spec.groupings if g.additive]
    with_total = not exclusive
    pieces = [tables[g.code].astype(np.int64).ravel() for g in spec.groupings]
    if with_total:
        pieces.append(np.bincount(cell_index, minlength=n_years * n_patterns).astype(np.int64))
    sensitivity = per_person * (
        sum(1 if g.additive else len(g) for g in spec.groupings) + int(with_total)
    )
    noisy = add_calibrated_noise(np.concatenate(pieces), epsilon=epsilon, sensitivity=sensitivity)
    draws = np.asarray(noisy.draws if noisy.draws is not None else noisy.values, dtype=float)
    offset = 0
    drawn: dict[str, np.ndarray] = {}
    for g in spec.groupings:
        size = n_years * n_patterns * len(g)
        drawn[g.code] = draws[offset : offset + size].reshape(n_years, n_patterns, len(g))
        offset += size
    total_draw = draws[offset:].reshape(n_years, n_patterns) if with_total else None

    cell_var = _variance(noisy.scale)
    per_stage = incidence.sum(axis=0).astype(float)  # paths summed into each stage's count
    stage_var = per_stage * cell_var
    stage_index = {c: i for i, c in enumerate(pipeline.stage_codes)}
    edges = (
        [(stage_index[t.source], stage_index[t.target]) for t in pipeline.transitions]
        if paths is not None
        else []
    )
    # Stage counts per (year, table): reconciled one period at a time.
    counts: dict[str, np.ndarray] = {
        g.code: np.zeros((n_years, len(g), n_stages), np.int64) for g in spec.groupings
    }
    totals = np.zeros((n_years, n_stages), dtype=np.int64)
    for yi in range(n_years):
        observed = [
            Observed(
                drawn[g.code][yi].T.astype(float) @ incidence,
                np.broadcast_to(stage_var, (len(g), n_stages)),
                g.additive,
            )
            for g in spec.groupings
        ]
        total = None if total_draw is None else total_draw[yi].astype(float) @ incidence
        t, vs = reconcile(total, None if total is None else stage_var, observed, edges)
        totals[yi] = t
        for g, v in zip(spec.groupings, vs, strict=True):
            counts[g.code][yi] = v
    margin = np.ceil(Z95 * np.sqrt(stage_var)).astype(np.int64)
    cells = _cells(exact, pipeline, year_list, spec, counts, totals, margin, stage_var)
    representation = _representation(exact, cells, spec, year_list, counts, stage_var)
    summary = {k: v for k, v in exact.summary.items() if k in SHAPE_ONLY_SUMMARY}
    summary["noise"] = {
        "epsilon": noisy.epsilon,
        "scale": noisy.scale,
        "sensitivity": noisy.sensitivity,
        "mechanism": noisy.mechanism,
        "histogram": "paths" if paths is not None else "events",
    }
    result: dict[str, Any] = {
        "parameters": exact.parameters,
        "summary": summary,
        "findings": [],
        "cells": frame_records(cells),
        "representation": frame_records(representation),
    }
    for name in LEFT_OUT:
        result[name] = {"columns": getattr(exact, name).columns, "rows": []}
    return NoisyResult(result, noisy.epsilon, noisy.mechanism, noisy.scale, noisy.sensitivity)


def _share_margin(
    count: np.ndarray, total: np.ndarray, var_count: np.ndarray, var_rest: np.ndarray
) -> np.ndarray:
    """95% half-width of a share x / (x + rest) with independent noise on x and rest."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = count / total
        sd = np.sqrt(var_count * (1 - p) ** 2 + var_rest * p**2) / total
    return np.where(total > 0, Z95 * sd, np.nan)


def _cells(
    exact: ReleaseResult,
    pipeline: Pipeline,
    year_list: tuple[int, ...],
    spec: ReleaseSpec,
    counts: dict[str, np.ndarray],
    totals: np.ndarray,
    margin: np.ndarray,
    stage_var: np.ndarray,
) -> pl.DataFrame:
    stage_index = {c: i for i, c in enumerate(pipeline.stage_codes)}
    year_index = {y: i for i, y in enumerate(year_list)}
    group_index = {g.code: {c: i for i, c in enumerate(g.groups)} for g in spec.groupings}
    sizes = {g.code: len(g) for g in spec.groupings}
    base = exact.cells.select(
        "stage", "year", "table", "group", "group_label", "special", "suppressed"
    )
    out_count, out_total, out_share, out_margin, out_share_margin = [], [], [], [], []
    for stage, year, table, group, suppressed in base.select(
        "stage", "year", "table", "group", "suppressed"
    ).iter_rows():
        s, yi = stage_index[stage], year_index[int(year)]
        total = int(totals[yi, s])
        if table == "all":
            count = total
            share_margin = None
        else:
            count = int(counts[table][yi, group_index[table][group], s])
            rest_var = (sizes[table] - 1) * stage_var[s]
            share_margin = float(
                _share_margin(
                    np.asarray(count, float),
                    np.asarray(total, float),
                    np.asarray(stage_var[s]),
                    np.asarray(rest_var),
                )
            )
        hidden = bool(suppressed)
        out_count.append(None if hidden else count)
        out_total.append(total)
        out_share.append(None if hidden or total <= 0 else round(count / total, 6))
        out_margin.append(None if hidden else int(margin[s]))
        out_share_margin.append(
            None
            if hidden or share_margin is None or math.isnan(share_margin)
            else round(share_margin, 6)
        )
    frame = base.with_columns(
        pl.Series("count", out_count, dtype=pl.Int64),
        pl.Series("total", out_total, dtype=pl.Int64),
        pl.Series("share", out_share, dtype=pl.Float64),
        pl.Series("count_margin", out_margin, dtype=pl.Int64),
        pl.Series("share_margin", out_share_margin, dtype=pl.Float64),
    )
    return frame.with_columns(
        pl.when(pl.col("table") == "all")
        .then(None)
        .otherwise((pl.col("share") - pl.col("share_margin")).clip(0, 1))
        .alias("ci_low"),
        pl.when(pl.col("table") == "all")
        .then(None)
        .otherwise((pl.col("share") + pl.col("share_margin")).clip(0, 1))
        .alias("ci_high"),
    ).select(
        "stage",
        "year",
        "table",
        "group",
        "group_label",
        "special",
        "count",
        "total",
        "share",
        "ci_low",
        "ci_high",
        "suppressed",
        "count_margin",
        "share_margin",
    )


def _representation(
    exact: ReleaseResult,
    cells: pl.DataFrame,
    spec: ReleaseSpec,
    year_list: tuple[int, ...],
    counts: dict[str, np.ndarray],
    stage_var: np.ndarray,
) -> pl.DataFrame:
    """Each group's share of the benchmark's universe, from the reconciled counts.

    The universe is the sum of the benchmark's groups, hidden ones included: a
    sum of noisy counts, as private as any of them.
    """
    rep = exact.representation
    if rep.is_empty():
        return rep
    stage_index = {c: i for i, c in enumerate(spec.pipeline.stage_codes)}
    year_index = {y: i for i, y in enumerate(year_list)}
    by_code = {g.code: g for g in spec.groupings}
    members: dict[tuple[str, int], list[int]] = {}
    for table, year, group in rep.select("table", "year", "group").unique().iter_rows():
        members.setdefault((table, int(year)), []).append(by_code[table].groups.index(group))
    universe = {
        (stage, int(year), table): int(
            counts[table][
                year_index[int(year)], members[(table, int(year))], stage_index[stage]
            ].sum()
        )
        for stage, year, table in rep.select("stage", "year", "table").unique().iter_rows()
    }
    groups_in = {key: len(v) for key, v in members.items()}
    noisy = {
        (st, int(yr), tb, gr): n
        for st, yr, tb, gr, n in cells.select(
            "stage", "year", "table", "group", "count"
        ).iter_rows()
    }
    out_count: list[int | None] = []
    out_universe: list[int] = []
    out_share: list[float | None] = []
    out_low: list[float | None] = []
    out_high: list[float | None] = []
    out_ratio: list[float | None] = []
    for stage, year, table, group, suppressed, bench in rep.select(
        "stage", "year", "table", "group", "suppressed", "benchmark_share"
    ).iter_rows():
        u = universe[(stage, int(year), table)]
        out_universe.append(u)
        n = noisy.get((stage, int(year), table, group))
        if suppressed or n is None or u <= 0:
            out_count.append(None if suppressed else n)
            out_share.append(None)
            out_low.append(None)
            out_high.append(None)
            out_ratio.append(None)
            continue
        var = float(stage_var[stage_index[stage]])
        half = float(
            _share_margin(
                np.asarray(float(n)),
                np.asarray(float(u)),
                np.asarray(var),
                np.asarray(var * (groups_in[(table, int(year))] - 1)),
            )
        )
        share = n / u
        out_count.append(n)
        out_share.append(round(share, 6))
        out_low.append(round(max(share - half, 0.0), 6))
        out_high.append(round(min(share + half, 1.0), 6))
        out_ratio.append(round(share / bench, 6) if bench else None)
    blank = [None] * rep.height
    columns = {
        "count": pl.Series(out_count, dtype=pl.Int64),
        "universe": pl.Series(out_universe, dtype=pl.Int64),
        "share": pl.Series(out_share, dtype=pl.Float64),
        "ci_low": pl.Series(out_low, dtype=pl.Float64),
        "ci_high": pl.Series(out_high, dtype=pl.Float64),
        "ratio": pl.Series(out_ratio, dtype=pl.Float64),
        "p_value": pl.Series(blank, dtype=pl.Float64),
        "p_adjusted": pl.Series(blank, dtype=pl.Float64),
        "significant": pl.Series(blank, dtype=pl.Boolean),
    }
    return rep.with_columns(
        *(series.alias(name) for name, series in columns.items() if name in rep.columns)
    )
