"""Time to event: Kaplan-Meier curves per group at whole years, and log-rank tests."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl

from . import stats
from ._columns import finish, labels_of, opt_float, opt_int, reference_index
from .counting import Counts
from .pipelines import Pipeline
from .spec import ReleaseSpec


def survival_frames(
    counts: Counts, encoded: Any, pipeline: Pipeline, spec: ReleaseSpec
) -> tuple[pl.DataFrame, pl.DataFrame]:
    curve_schema = {
        "table": pl.String,
        "group": pl.String,
        "group_label": pl.String,
        "years": pl.Int64,
        "survival": pl.Float64,
        "reached": pl.Float64,
        "at_risk": pl.Int64,
        "suppressed": pl.Boolean,
    }
    test_schema = {
        "table": pl.String,
        "group": pl.String,
        "group_label": pl.String,
        "special": pl.Boolean,
        "reference_group": pl.String,
        "reference_label": pl.String,
        "people": pl.Int64,
        "events": pl.Int64,
        "median_years": pl.Float64,
        "z": pl.Float64,
        "p_value": pl.Float64,
        "suppressed": pl.Boolean,
    }
    dur = counts.durations
    if dur is None or not dur["row"].size:
        return pl.DataFrame(schema=curve_schema), pl.DataFrame(schema=test_schema)
    k = spec.k
    horizon = math.floor(dur["years"].max()) if dur["years"].size else 0
    grid = np.arange(0, horizon + 1, dtype=np.float64)
    curve_parts: list[pl.DataFrame] = []
    test_parts: list[pl.DataFrame] = []
    for grouping in spec.groupings:
        if grouping.kind not in ("single", "custom"):
            continue  # intersections are too fine and select-all rows overlap
        g_of = grouping.assign(encoded)[dur["row"]]
        n_groups = len(grouping)
        size = np.bincount(g_of, minlength=n_groups)
        events = np.bincount(
            g_of, weights=dur["event"].astype(np.float64), minlength=n_groups
        ).astype(np.int64)
        # A curve is a list of event times: publish it only for groups with at
        # least k people and k events, and each point only while k are at risk.
        shown = (size >= k) & (events >= k)
        km = stats.kaplan_meier(g_of, dur["years"], dur["event"], n_groups)
        surv = np.ones((n_groups, grid.size))
        risk = np.zeros((n_groups, grid.size), dtype=np.int64)
        order = np.lexsort((dur["years"], g_of))
        sorted_g, sorted_t = g_of[order], dur["years"][order]
        for gi in range(n_groups):
            sel = km["group"] == gi
            times, values = km["time"][sel], km["survival"][sel]
            idx = np.searchsorted(times, grid, side="right") - 1
            surv[gi] = np.where(idx >= 0, values[np.maximum(idx, 0)] if values.size else 1.0, 1.0)
            # At risk at t: people whose follow-up lasts at least t.
            lo, hi = np.searchsorted(sorted_g, [gi, gi + 1])
            risk[gi] = (hi - lo) - np.searchsorted(sorted_t[lo:hi], grid, side="left")
        point_hidden = ~shown[:, None] | (risk < k)
        codes, labels, special = labels_of(grouping)
        gg, tt = (
            m.ravel() for m in np.meshgrid(np.arange(n_groups), np.arange(grid.size), indexing="ij")
        )
        ph = point_hidden.ravel()
        curve_parts.append(
            pl.DataFrame(
                {
                    "table": grouping.code,
                    "group": codes[gg].tolist(),
                    "group_label": labels[gg].tolist(),
                    "years": grid[tt].astype(np.int64),
                    "survival": opt_float(surv.ravel(), ph),
                    "reached": opt_float(1 - surv.ravel(), ph),
                    "at_risk": opt_int(risk.ravel(), ph),
                    "suppressed": ph,
                },
                schema_overrides={"years": pl.Int64},
            )
        )
        median = np.full(n_groups, np.nan)
        for gi in range(n_groups):
            sel = km["group"] == gi
            below = np.flatnonzero(km["survival"][sel] <= 0.5)
            if below.size:
                median[gi] = km["time"][sel][below[0]]
        ref = int(reference_index(grouping, size, shown, k, spec.reference.get(grouping.code)))
        z = np.full(n_groups, np.nan)
        p = np.full(n_groups, np.nan)
        if ref >= 0:
            z, p = stats.logrank_against(g_of, dur["years"], dur["event"], n_groups, ref)
            z = np.where(shown, z, np.nan)
            p = np.where(shown, p, np.nan)
        keep = np.arange(n_groups) != ref
        test_parts.append(
            pl.DataFrame(
                {
                    "table": grouping.code,
                    "group": codes.tolist(),
                    "group_label": labels.tolist(),
                    "special": special,
                    "reference_group": [codes[ref] if ref >= 0 else None] * n_groups,
                    "reference_label": [labels[ref] if ref >= 0 else None] * n_groups,
                    "people": opt_int(size, size < k),
                    "events": opt_int(events, ~shown),
                    "median_years": opt_float(median, ~shown),
                    "z": z,
                    "p_value": p,
                    "suppressed": ~shown,
                },
                schema=test_schema,
            ).filter(pl.Series(keep))
        )
    curves = finish(pl.concat(curve_parts, how="vertical"), ["survival", "reached"])
    tests = finish(pl.concat(test_parts, how="vertical"), ["median_years", "z", "p_value"])
    return curves, tests
