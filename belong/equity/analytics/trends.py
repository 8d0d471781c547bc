"""Cochran-Armitage trends of shares and rates across the published years."""

from __future__ import annotations

import numpy as np
import polars as pl

from . import stats
from ._columns import finish
from .counting import Counts
from .disclosure import Hidden
from .pipelines import Pipeline
from .spec import ReleaseSpec

MIN_TREND_POINTS = 3


def trend_frame(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> pl.DataFrame:
    """Trends over the *published* years only.

    A trend statistic is a function of its inputs; computed over a series that
    includes a suppressed year, it could be solved for that year's count. So
    suppressed years are left out of the trend (and listed), and a series with
    fewer than three published years gets no trend.
    """
    years = np.asarray(counts.years, dtype=np.float64)
    n_years = years.size
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    series_meta: list[tuple[str, str, str]] = []  # (kind, subject, table)
    xs, ns, ok = [], [], []
    group_rows: list[np.ndarray] = []
    for grouping in spec.groupings:
        for s, stage in enumerate(pipeline.stage_codes):
            x = counts.tables[grouping.code][s].T  # (G, Y)
            n = np.broadcast_to(counts.totals[s], x.shape)
            blocked = (hidden.tables[grouping.code][s] | hidden.totals[s][:, None]).T
            xs.append(x)
            ns.append(n)
            ok.append(~blocked & (n > 0))
            series_meta.extend(("share", stage, grouping.code) for _ in range(x.shape[0]))
            group_rows.append(np.arange(x.shape[0]))
        # Event-year pipelines: recent cohorts have had less time to advance,
        # so a trend in their rates would mostly measure follow-up time.
        if pipeline.year_basis != "cohort":
            continue
        for ti, tr in enumerate(pipeline.transitions):
            a = stage_of[tr.source]
            x = counts.advanced[ti][grouping.code].T
            n = counts.tables[grouping.code][a].T
            observed = counts.advanced_total[ti] > 0
            blocked = (hidden.tables[grouping.code][a] | hidden.advanced[ti][grouping.code]).T
            xs.append(x)
            ns.append(n)
            ok.append(~blocked & (n > 0) & observed[None, :])
            series_meta.extend(
                ("rate", f"{tr.source}>{tr.target}", grouping.code) for _ in range(x.shape[0])
            )
            group_rows.append(np.arange(x.shape[0]))
    x_all = np.concatenate(xs)
    n_all = np.concatenate(ns)
    ok_all = np.concatenate(ok)
    g_all = np.concatenate(group_rows)
    n_series = x_all.shape[0]
    sid = np.repeat(np.arange(n_series), n_years).reshape(n_series, n_years)
    t = np.broadcast_to(years, x_all.shape)
    res = stats.cochran_armitage(sid[ok_all], x_all[ok_all], n_all[ok_all], t[ok_all])
    pad = n_series - res["z"].size
    for key in res:
        fill = np.nan if res[key].dtype.kind == "f" else 0
        res[key] = np.concatenate([res[key], np.full(pad, fill, dtype=res[key].dtype)])
    points = ok_all.sum(axis=1)
    enough = points >= MIN_TREND_POINTS
    by_code = {g.code: g for g in spec.groupings}
    kinds, subjects, tables = (np.asarray(v, dtype=object) for v in zip(*series_meta, strict=True))
    groups = [by_code[tab].groups[gi] for tab, gi in zip(tables, g_all, strict=True)]
    labels = [by_code[tab].labels[gi] for tab, gi in zip(tables, g_all, strict=True)]
    special = [by_code[tab].special[gi] for tab, gi in zip(tables, g_all, strict=True)]
    excluded = [
        [int(v) for v in years[~row & (n_row > 0)]]
        for row, n_row in zip(ok_all, n_all, strict=True)
    ]
    frame = pl.DataFrame(
        {
            "kind": kinds.tolist(),
            "subject": subjects.tolist(),
            "table": tables.tolist(),
            "group": groups,
            "group_label": labels,
            "special": special,
            "years_used": points.astype(np.int64),
            "years_excluded": pl.Series(excluded, dtype=pl.List(pl.Int64)),
            "slope_per_year": np.where(enough, res["slope"], np.nan),
            "z": np.where(enough, res["z"], np.nan),
            "p_value": np.where(enough, res["pvalue"], np.nan),
            "suppressed": ~enough,
        }
    )
    return finish(frame, ["slope_per_year", "z", "p_value"])
