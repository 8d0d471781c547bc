"""People per stage, year and group, and the comparison with a benchmark.

Shares are of the stage (``cells``) or of the people the benchmark describes
(``representation``), each with a Wilson interval; the comparison with a
benchmark carries an exact binomial test.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from . import stats
from ._columns import finish, grid, labels_of, opt_float, opt_int
from .benchmarks import Benchmark
from .counting import Counts
from .disclosure import Hidden
from .pipelines import Pipeline
from .spec import ReleaseSpec


def cells_frame(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> pl.DataFrame:
    stages = np.asarray(pipeline.stage_codes, dtype=object)
    years = np.asarray(counts.years, dtype=np.int32)
    parts: list[pl.DataFrame] = []
    n_stages, n_years = counts.totals.shape
    # The stage totals, as table "all".
    s, y, _ = grid(n_stages, n_years, 1)
    tot = counts.totals.ravel()
    tot_hidden = hidden.totals.ravel()
    parts.append(
        pl.DataFrame(
            {
                "stage": stages[s].tolist(),
                "year": years[y],
                "table": "all",
                "group": "all",
                "group_label": "Everyone",
                "special": False,
                "count": opt_int(tot, tot_hidden),
                "total": opt_int(tot, tot_hidden),
                "share": opt_float(np.where(tot > 0, 1.0, np.nan), tot_hidden),
                "ci_low": np.full(tot.size, np.nan),
                "ci_high": np.full(tot.size, np.nan),
                "suppressed": tot_hidden,
            }
        )
    )
    for grouping in spec.groupings:
        table = counts.tables[grouping.code]
        n_groups = table.shape[2]
        s, y, g = grid(n_stages, n_years, n_groups)
        count = table.ravel()
        total = counts.totals[s, y]
        cell_hidden = hidden.tables[grouping.code].ravel()
        total_hidden = hidden.totals[s, y]
        low, high = stats.wilson_interval(count, total)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = count / total
        # A share needs its count and its denominator.
        blocked = cell_hidden | total_hidden
        codes, labels, special = labels_of(grouping)
        parts.append(
            pl.DataFrame(
                {
                    "stage": stages[s].tolist(),
                    "year": years[y],
                    "table": grouping.code,
                    "group": codes[g].tolist(),
                    "group_label": labels[g].tolist(),
                    "special": special[g],
                    "count": opt_int(count, cell_hidden),
                    "total": opt_int(total, total_hidden),
                    "share": opt_float(share, blocked),
                    "ci_low": opt_float(low, blocked),
                    "ci_high": opt_float(high, blocked),
                    "suppressed": cell_hidden,
                }
            )
        )
    return finish(pl.concat(parts, how="vertical"), ["share", "ci_low", "ci_high"])


def representation_frame(
    counts: Counts,
    hidden: Hidden,
    pipeline: Pipeline,
    spec: ReleaseSpec,
    benchmarks: Mapping[str, Benchmark],
    universes: Mapping[str, np.ndarray],
) -> pl.DataFrame:
    stages = np.asarray(pipeline.stage_codes, dtype=object)
    years = np.asarray(counts.years, dtype=np.int32)
    by_code = {g.code: g for g in spec.groupings}
    parts: list[pl.DataFrame] = []
    n_stages, n_years = counts.totals.shape
    for code, bench in benchmarks.items():
        grouping = by_code[code]
        member = universes[code]
        cols = np.flatnonzero(member)
        table = counts.tables[code][:, :, cols]
        s, y, j = grid(n_stages, n_years, cols.size)
        g = cols[j]
        count = table.ravel()
        universe = counts.tables[code][:, :, cols].sum(axis=2)[s, y]
        expected = np.asarray([bench.shares[grouping.groups[i]] for i in cols])[j]
        blocked = hidden.tables[code][s, y, g] | hidden.universe[code][s, y]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = count / universe
            ratio = np.where(expected > 0, share / expected, np.nan)
        low, high = stats.wilson_interval(count, universe)
        live = ~blocked & (universe > 0)
        pvalue = np.full(count.size, np.nan)
        if live.any():
            pvalue[live] = stats.binomial_test(count[live], universe[live], expected[live])
        codes, labels, _special = labels_of(grouping)
        parts.append(
            pl.DataFrame(
                {
                    "stage": stages[s].tolist(),
                    "year": years[y],
                    "table": code,
                    "benchmark": bench.code,
                    "group": codes[g].tolist(),
                    "group_label": labels[g].tolist(),
                    "count": opt_int(count, blocked),
                    "universe": opt_int(universe, hidden.universe[code][s, y]),
                    "share": opt_float(share, blocked),
                    "ci_low": opt_float(low, blocked),
                    "ci_high": opt_float(high, blocked),
                    "benchmark_share": expected,
                    "ratio": opt_float(ratio, blocked),
                    "p_value": pvalue,
                    "suppressed": blocked,
                }
            )
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "stage": pl.String,
                "year": pl.Int32,
                "table": pl.String,
                "benchmark": pl.String,
                "group": pl.String,
                "group_label": pl.String,
                "count": pl.Int64,
                "universe": pl.Int64,
                "share": pl.Float64,
                "ci_low": pl.Float64,
                "ci_high": pl.Float64,
                "benchmark_share": pl.Float64,
                "ratio": pl.Float64,
                "p_value": pl.Float64,
                "suppressed": pl.Boolean,
            }
        )
    return finish(
        pl.concat(parts, how="vertical"), ["share", "ci_low", "ci_high", "ratio", "p_value"]
    )
