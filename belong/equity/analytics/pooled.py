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
    rows: dict[str, list[object]] = {k: [] for k in _COLUMNS}
    strata: list[tuple[np.ndarray, ...]] = []
    for ti, tr in enumerate(pipeline.transitions):
        a = stage_of[tr.source]
        observed = counts.advanced_total[ti] > 0
        everyone_shown = (
            observed & ~hidden.totals[a] & _advanced_total_shown(counts, hidden, pipeline, spec, ti)
        )
        total_e = counts.totals[a]
        total_x = counts.advanced_total[ti]
        for grouping in spec.groupings:
            entered = counts.tables[grouping.code][a]  # (Y, G)
            adv = counts.advanced[ti][grouping.code]
            usable = (
                everyone_shown[:, None]
                & ~hidden.tables[grouping.code][a]
                & ~hidden.advanced[ti][grouping.code]
            )
            codes, labels, special = labels_of(grouping)
            for g in range(len(grouping)):
                if special[g]:
                    continue
                use = usable[:, g] & (entered[:, g] > 0)
                e, x = entered[use, g], adv[use, g]
                re, rx = total_e[use] - e, total_x[use] - x
                strata.append((x, e - x, rx, re - rx))
                rows["source"].append(tr.source)
                rows["target"].append(tr.target)
                rows["table"].append(grouping.code)
                rows["group"].append(str(codes[g]))
                rows["group_label"].append(str(labels[g]))
                rows["special"].append(False)
                rows["years_pooled"].append(int(use.sum()))
                rows["years_left_out"].append(int((observed & ~usable[:, g]).sum()))
                rows["first_year"].append(int(years[use].min()) if use.any() else None)
                rows["last_year"].append(int(years[use].max()) if use.any() else None)
                rows["entered"].append(int(e.sum()))
                rows["advanced"].append(int(x.sum()))
                rows["rest_entered"].append(int(re.sum()))
                rows["rest_advanced"].append(int(rx.sum()))
    n = len(strata)
    if not n:
        return pl.DataFrame(schema=_COLUMNS)
    sizes = np.asarray([s[0].size for s in strata])
    series = np.repeat(np.arange(n), sizes)
    a_, b_, c_, d_ = (
        np.concatenate([s[i] for s in strata]) if sizes.sum() else np.zeros(0) for i in range(4)
    )
    mh = mantel_haenszel(series, a_, b_, c_, d_, n, alpha=spec.alpha)
    # Each year's own odds ratio, to say whether the gap changed direction.
    with np.errstate(divide="ignore", invalid="ignore"):
        yearly = (a_ * d_) / (b_ * c_)
    below = np.bincount(series, weights=(yearly < 1).astype(float), minlength=n)
    above = np.bincount(series, weights=(yearly > 1).astype(float), minlength=n)
    enough = np.asarray(rows["years_pooled"]) >= MIN_YEARS
    blocked = ~enough | np.isnan(mh["p_value"])
    entered_sum = np.asarray(rows["entered"], dtype=np.float64)
    rest_sum = np.asarray(rows["rest_entered"], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.asarray(rows["advanced"]) / entered_sum
        rest_rate = np.asarray(rows["rest_advanced"]) / rest_sum

    def shown(values: np.ndarray) -> np.ndarray:
        return np.where(blocked, np.nan, values)

    homogeneity_p = shown(mh["homogeneity_p_value"])
    reversal = (below > 0) & (above > 0) & (np.nan_to_num(homogeneity_p, nan=1.0) < REVERSAL_ALPHA)
    frame = pl.DataFrame(
        {
            **{k: v for k, v in rows.items()},
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
        schema=_COLUMNS,
    )
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
