"""Calibrated noise for a public release (differential privacy through OpenDP).

What gets noise: every published (unsuppressed) count of the release's main
table -- people per stage, year and group, and the stage totals -- in one
vector, with one call to :func:`belong.privacy.add_calibrated_noise`, so the
epsilon recorded is the privacy loss of the whole release.

How much: the noise scale is the *sensitivity* (the most one person can change
the vector, summed over cells) divided by epsilon. A release built with
bounded contributions counts each person in at most one pass through the
pipeline, so a person reaches each stage at most once and at each stage is in
one row of every exclusive table, up to every category of a select-all table
(race, "select all that apply"), and the stage total:

    sensitivity = stages x (1 + exclusive tables + categories of select-all tables)

A release of one table is therefore far less noisy than one of twenty; the
publish page shows the expected noise before anything is published.

What is derived: shares (a noisy count over its noisy stage total) and the
comparison with a benchmark (a noisy count over the noisy sum of the
benchmark's groups). Both are post-processing of the noisy counts and cost no
further privacy. Everything computed from exact counts -- confidence
intervals, tests, transition rates, selection ratios, trends, time to event
and the findings that quote them -- is left out of the noisy release.

The pattern of suppressed cells is still the one found on the exact counts;
the epsilon guarantee covers the numbers published, not the choice of which
cells are hidden (``docs/decisions/0005-releases-and-audiences.md``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl

from belong.privacy import add_calibrated_noise, noise_standard_deviation
from belong.publishing import frames as frozen
from belong.publishing.frames import frame_records
from belong.publishing.noise import DEFAULT_EPSILON, NoiseRefused, NoisyRelease

SHAPE_ONLY_SUMMARY = frozenset(
    {
        "cells",
        "cells_suppressed",
        "linked_systems",
        "missing_columns",
        "transitions_with_own_counts",
    }
)
LEFT_OUT = ("transitions", "selection", "trends", "survival", "survival_tests")


__all__ = ["DEFAULT_EPSILON", "NoiseRefused", "NoisyRelease", "add_noise", "sensitivity"]


def sensitivity(parameters: Mapping[str, Any]) -> int:
    """Most one person (counted in one pass) can change the release's published counts.

    Per stage: the stage total, one row of each exclusive table, every category
    of a select-all table, and the comparison universe of each benchmark.
    """
    stages = len(parameters["pipeline"]["stages"])
    per_stage = 1
    for grouping in parameters["groupings"]:
        if grouping.get("additive", True):
            per_stage += 1
        else:
            per_stage += sum(1 for g in grouping["groups"] if not g.get("special"))
    tables = {g["code"] for g in parameters["groupings"]}
    per_stage += sum(1 for b in parameters.get("benchmarks", []) if b["scheme"] in tables)
    return stages * per_stage


def expected_noise(parameters: Mapping[str, Any], epsilon: float) -> float:
    """Standard deviation of each count's noise, in people."""
    return noise_standard_deviation(sensitivity(parameters) / epsilon)


def _round(values: pl.Expr) -> pl.Expr:
    return values.round(6)


def add_noise(result: Mapping[str, Any], *, epsilon: float, bounded: bool) -> NoisyRelease:
    """The noisy form of a frozen release (see the module docstring)."""
    if not bounded:
        raise NoiseRefused(
            "Noise needs a release built with “count each person once”: otherwise one person "
            "could appear in every year and no noise scale would be honest. Build the release "
            "again with that option."
        )
    if not (isinstance(epsilon, int | float) and math.isfinite(epsilon) and epsilon > 0):
        raise NoiseRefused("ε must be a positive number.")
    parameters = result["parameters"]
    cells = frozen.frame_from_records(result["cells"])
    rep = frozen.frame_from_records(result["representation"])
    # One vector: every published cell, then every published comparison universe.
    cell_index = cells.with_row_index("_i").filter(~pl.col("suppressed"))
    universes = (
        rep.filter(pl.col("universe").is_not_null())
        .select("stage", "year", "table", "universe")
        .unique(subset=["stage", "year", "table"], keep="first", maintain_order=True)
        if not rep.is_empty()
        else pl.DataFrame(
            schema={"stage": pl.String, "year": pl.Int64, "table": pl.String, "universe": pl.Int64}
        )
    )
    counts = np.concatenate(
        [
            cell_index["count"].cast(pl.Int64).to_numpy(),
            universes["universe"].cast(pl.Int64).to_numpy(),
        ]
    )
    noisy = add_calibrated_noise(
        counts, epsilon=float(epsilon), sensitivity=sensitivity(parameters)
    )
    drawn = np.asarray(noisy.values, dtype=np.int64)
    n_cells = cell_index.height
    values = np.full(cells.height, None, dtype=object)
    values[cell_index["_i"].to_numpy()] = drawn[:n_cells].tolist()
    cells = cells.with_columns(pl.Series("count", values.tolist(), dtype=pl.Int64))
    cells = make_consistent(cells, parameters)
    totals = cells.filter(pl.col("table") == "all").select(
        "stage", "year", pl.col("count").alias("_total")
    )
    cells = (
        cells.join(totals, on=["stage", "year"], how="left")
        .with_columns(
            pl.col("_total").alias("total"),
            _round(pl.col("count") / pl.col("_total")).alias("share"),
            pl.lit(None, dtype=pl.Float64).alias("ci_low"),
            pl.lit(None, dtype=pl.Float64).alias("ci_high"),
        )
        .select(result["cells"]["columns"])
    )
    noisy_universes = universes.with_columns(pl.Series("universe", drawn[n_cells:], dtype=pl.Int64))
    representation = _representation(rep, cells, noisy_universes)
    out: dict[str, Any] = {
        "parameters": parameters,
        "summary": {
            # Only facts about the tables' shape: exact event counts and the tests
            # run on exact counts would undo the noise.
            **{k: v for k, v in result.get("summary", {}).items() if k in SHAPE_ONLY_SUMMARY},
            "noise": {
                "epsilon": noisy.epsilon,
                "scale": noisy.scale,
                "sensitivity": noisy.sensitivity,
                "mechanism": noisy.mechanism,
            },
        },
        "findings": [],
        "cells": frame_records(cells),
        "representation": frame_records(representation),
    }
    for name in LEFT_OUT:
        columns = (result.get(name) or {}).get("columns", [])
        out[name] = {"columns": columns, "rows": []}
    return NoisyRelease(out, noisy.epsilon, noisy.mechanism, noisy.scale, noisy.sensitivity)


def _largest_remainder(values: list[int], target: int) -> list[int]:
    """Scale non-negative ``values`` to whole numbers summing to ``target``, keeping their
    proportions as closely as whole numbers allow (Hamilton's method)."""
    total = sum(values)
    if total <= 0 or target < 0:
        return values
    exact = [v * target / total for v in values]
    floors = [math.floor(x) for x in exact]
    short = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (floors[i] - exact[i], i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def make_consistent(cells: pl.DataFrame, parameters: Mapping[str, Any]) -> pl.DataFrame:
    """Post-process noisy counts so each table reads sensibly: no group larger than its
    stage, and the groups of an exclusive table adding up to the stage total.

    Independent noise on every cell makes a table's groups add up to more (or less)
    than the noisy total, so shares could pass 100%. Reconciling them uses only the
    noisy figures, so it costs no privacy (post-processing). Where some of a table's
    groups are hidden, the visible ones are only scaled down, never up: the hidden
    groups hold at least one person each.
    """
    additive = {g["code"]: bool(g.get("additive", True)) for g in parameters["groupings"]}
    totals = {
        (stage, year): count
        for stage, year, count in cells.filter(pl.col("table") == "all")
        .select("stage", "year", "count")
        .iter_rows()
    }
    rows = cells.with_row_index("_i").select("_i", "stage", "year", "table", "count", "suppressed")
    counts = rows["count"].to_list()
    groups: dict[tuple[Any, Any, Any], list[int]] = {}
    hidden: dict[tuple[Any, Any, Any], int] = {}
    for i, stage, year, table, count, suppressed in rows.iter_rows():
        if table == "all":
            continue
        key = (stage, year, table)
        if suppressed or count is None:
            hidden[key] = hidden.get(key, 0) + 1
        else:
            groups.setdefault(key, []).append(i)
    for (stage, year, table), members in groups.items():
        total = totals.get((stage, year))
        if total is None:
            continue
        values = [counts[i] for i in members]
        if not additive.get(table, True):
            adjusted = [min(v, total) for v in values]
        else:
            n_hidden = hidden.get((stage, year, table), 0)
            room = max(total - n_hidden, 0)
            if sum(values) > room or (n_hidden == 0 and sum(values) != total):
                adjusted = _largest_remainder(values, room)
            else:
                adjusted = values
        for i, value in zip(members, adjusted, strict=True):
            counts[i] = value
    return cells.with_columns(pl.Series("count", counts, dtype=pl.Int64))


def _representation(
    rep: pl.DataFrame, cells: pl.DataFrame, universes: pl.DataFrame
) -> pl.DataFrame:
    if rep.is_empty():
        return rep
    columns = rep.columns
    noisy = cells.select("stage", "year", "table", "group", pl.col("count").alias("_n"))
    rep = rep.drop("universe").join(noisy, on=["stage", "year", "table", "group"], how="left")
    rep = rep.join(universes.rename({"universe": "_u"}), on=["stage", "year", "table"], how="left")
    blank = pl.lit(None, dtype=pl.Float64)
    share = pl.col("_n") / pl.col("_u")
    return rep.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col("_n")).alias("count"),
        pl.col("_u").cast(pl.Int64).alias("universe"),
        pl.when(pl.col("suppressed")).then(None).otherwise(_round(share)).alias("share"),
        blank.alias("ci_low"),
        blank.alias("ci_high"),
        pl.when(pl.col("suppressed"))
        .then(None)
        .otherwise(_round(share / pl.col("benchmark_share")))
        .alias("ratio"),
        blank.alias("p_value"),
        *[blank.alias(c) for c in ("p_adjusted",) if c in columns],
        *[pl.lit(None, dtype=pl.Boolean).alias(c) for c in ("significant",) if c in columns],
    ).select(columns)
