"""Selection pooled across years: each group against everyone else, one test over every cycle.

A gap of the same size every year can read "could be chance" in each year
alone and be clear once the years are taken together. For every stage-to-stage
transition and every group (not the "prefer not" or "not answered" rows) this
frame holds the Mantel-Haenszel pooled odds ratio of advancing, the group
against everyone else at the source stage, with years as strata
(:mod:`.mantel_haenszel`); the Cochran-Mantel-Haenszel test of "no gap in any
year"; and the Breslow-Day test of "the same gap every year", which warns when
pooling hides a gap that changes direction.

Protection: a pooled figure is computed **only from years whose four counts a
reader can already work out from the release** -- the group's people at the
source stage and those who advanced (both shown), and everyone's (the stage
total shown; the advanced total shown as the next stage's total in a cohort
pipeline, or as the sum of a fully shown additive table). A year with any of
them hidden is left out of the pooled figure and counted in ``years_left_out``,
so the pooled figures are functions of published numbers and cannot leak a
hidden count. A group with fewer than two such years has no pooled figure.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ._columns import finish, labels_of
from .counting import Counts
from .disclosure import Hidden
from .mantel_haenszel import mantel_haenszel
from .pipelines import Pipeline
from .spec import ReleaseSpec

__all__ = ["MIN_YEARS", "REVERSAL_ALPHA", "pooled_frame"]

# Fewer years than this is not a pooled answer: it is the year's own test.
MIN_YEARS = 2
# Breslow-Day is a warning, not a finding: read at the usual 5%, uncorrected, so that
# it errs towards saying "the gap changed between years".
REVERSAL_ALPHA = 0.05

_COLUMNS = {
    "source": pl.String,
    "target": pl.String,
    "table": pl.String,
    "group": pl.String,
    "group_label": pl.String,
    "special": pl.Boolean,
    "years_pooled": pl.Int64,
    "years_left_out": pl.Int64,
    "first_year": pl.Int32,
    "last_year": pl.Int32,
    "entered": pl.Int64,
    "advanced": pl.Int64,
    "rest_entered": pl.Int64,
    "rest_advanced": pl.Int64,
    "rate": pl.Float64,
    "rest_rate": pl.Float64,
    "odds_ratio": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "statistic": pl.Float64,
    "p_value": pl.Float64,
    "homogeneity_statistic": pl.Float64,
    "homogeneity_p_value": pl.Float64,
    "years_below": pl.Int64,
    "years_above": pl.Int64,
    "reversal": pl.Boolean,
    "suppressed": pl.Boolean,
}


def _advanced_total_shown(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec, ti: int
) -> np.ndarray:
    """(Y,) True where a reader can work out how many people advanced in all."""
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    target = stage_of[pipeline.transitions[ti].target]
    shown = counts.nested[ti] & ~hidden.totals[target]
    for grouping in spec.groupings:
        if grouping.additive:
            shown = shown | ~hidden.advanced[ti][grouping.code].any(axis=1)
    return shown


def pooled_frame(
    counts: Counts, hidden: Hidden, pipeline: Pipeline, spec: ReleaseSpec
) -> pl.DataFrame:
    """One row per transition x table x group (special rows left out); see the module."""
    years = np.asarray(counts.years, dtype=np.int32)
    if years.size < MIN_YEARS:
        return pl.DataFrame(schema=_COLUMNS)
    stage_of = {c: i for i, c in enumerate(pipeline.stage_codes)}
    rows: dict[str, list[np.ndarray]] = {k: [] for k in _COLUMNS}
    cells: dict[str, list[np.ndarray]] = {k: [] for k in ("series", "a", "b", "c", "d")}
    n = 0
    for ti, tr in enumerate(pipeline.transitions):
        a = stage_of[tr.source]
        observed = counts.advanced_total[ti] > 0
        everyone_shown = (
            observed & ~hidden.totals[a] & _advanced_total_shown(counts, hidden, pipeline, spec, ti)
        )
        total_e = counts.totals[a][:, None]
        total_x = counts.advanced_total[ti][:, None]
        for grouping in spec.groupings:
            codes, labels, special = labels_of(grouping)
            keep = ~special
            entered = counts.tables[grouping.code][a][:, keep]  # (Y, G')
            adv = counts.advanced[ti][grouping.code][:, keep]
            usable = (
                everyone_shown[:, None]
                & ~hidden.tables[grouping.code][a][:, keep]
                & ~hidden.advanced[ti][grouping.code][:, keep]
            )
            g = int(keep.sum())
            if not g:
                continue
            # Only published years enter a pooled figure (see the module docstring).
            use = usable & (entered > 0)
            e, x = np.where(use, entered, 0), np.where(use, adv, 0)
            re, rx = np.where(use, total_e - entered, 0), np.where(use, total_x - adv, 0)
            y_idx, g_idx = np.nonzero(use)
            cells["series"].append(n + g_idx)
            cells["a"].append(x[y_idx, g_idx])
            cells["b"].append((e - x)[y_idx, g_idx])
            cells["c"].append(rx[y_idx, g_idx])
            cells["d"].append((re - rx)[y_idx, g_idx])
            year_grid = np.where(use, years[:, None], -1)
            any_year = use.any(axis=0)
            rows["source"].append(np.full(g, tr.source, dtype=object))
            rows["target"].append(np.full(g, tr.target, dtype=object))
            rows["table"].append(np.full(g, grouping.code, dtype=object))
            rows["group"].append(codes[keep])
            rows["group_label"].append(labels[keep])
            rows["special"].append(np.zeros(g, dtype=bool))
            rows["years_pooled"].append(use.sum(axis=0))
            rows["years_left_out"].append((observed[:, None] & ~usable).sum(axis=0))
            rows["first_year"].append(
                np.where(any_year, np.where(use, years[:, None], 1 << 30).min(axis=0), -1)
            )
            rows["last_year"].append(np.where(any_year, year_grid.max(axis=0), -1))
            rows["entered"].append(e.sum(axis=0))
            rows["advanced"].append(x.sum(axis=0))
            rows["rest_entered"].append(re.sum(axis=0))
            rows["rest_advanced"].append(rx.sum(axis=0))
            n += g
    if not n:
        return pl.DataFrame(schema=_COLUMNS)
    flat = {k: np.concatenate(v) for k, v in rows.items() if v}
    series, a_, b_, c_, d_ = (
        np.concatenate(cells[k]).astype(np.int64) for k in ("series", "a", "b", "c", "d")
    )
    mh = mantel_haenszel(series, a_, b_, c_, d_, n, alpha=spec.alpha)
    # Each year's own odds ratio, to say whether the gap changed direction.
    with np.errstate(divide="ignore", invalid="ignore"):
        yearly = (a_ * d_) / (b_ * c_)
    below = np.bincount(series, weights=(yearly < 1).astype(float), minlength=n)
    above = np.bincount(series, weights=(yearly > 1).astype(float), minlength=n)
    enough = flat["years_pooled"] >= MIN_YEARS
    blocked = ~enough | np.isnan(mh["p_value"])
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = flat["advanced"] / flat["entered"].astype(np.float64)
        rest_rate = flat["rest_advanced"] / flat["rest_entered"].astype(np.float64)

    def shown(values: np.ndarray) -> np.ndarray:
        return np.where(blocked, np.nan, values)

    homogeneity_p = shown(mh["homogeneity_p_value"])
    reversal = (below > 0) & (above > 0) & (np.nan_to_num(homogeneity_p, nan=1.0) < REVERSAL_ALPHA)
    frame = pl.DataFrame(
        {
            **{k: v.tolist() for k, v in flat.items() if k not in ("first_year", "last_year")},
            "first_year": [int(v) if v >= 0 else None for v in flat["first_year"]],
            "last_year": [int(v) if v >= 0 else None for v in flat["last_year"]],
            "rate": shown(rate),
            "rest_rate": shown(rest_rate),
            "odds_ratio": shown(mh["odds_ratio"]),
            "ci_low": shown(mh["ci_low"]),
            "ci_high": shown(mh["ci_high"]),
            "statistic": shown(mh["statistic"]),
            "p_value": shown(mh["p_value"]),
            "homogeneity_statistic": shown(mh["homogeneity_statistic"]),
            "homogeneity_p_value": homogeneity_p,
            "years_below": below.astype(np.int64),
            "years_above": above.astype(np.int64),
            "reversal": reversal & ~blocked,
            "suppressed": blocked,
        },
        schema_overrides=_COLUMNS,
    ).select(list(_COLUMNS))
    return finish(
        frame,
        [
            "rate",
            "rest_rate",
            "odds_ratio",
            "ci_low",
            "ci_high",
            "statistic",
            "p_value",
            "homogeneity_statistic",
            "homogeneity_p_value",
        ],
    )
