"""Gaps between groups, and the change since the previous wave, each with its test.

Each shown group of a dimension is compared with everyone else who answered
(the rest): scale scores by Welch's t-test (Mann-Whitney's p beside it), a
Likert item's favourable share by Fisher's exact or Pearson's chi-square
test. Every comparison of a release is one family, adjusted together (Holm by
default, as outcome releases do); the trend against the previous wave is a
second family. Groups "not shown" (a mix of hidden values) are not tested,
and nothing is tested where either side has fewer than ``k`` answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from belong.surveys.grouping import NOT_SHOWN
from belong.surveys.results import stats
from belong.surveys.results.design import ALL, Columns, Design
from belong.surveys.results.figures import favourable_counts
from belong.surveys.results.protection import Cut

ALPHA = 0.05


def _valid(values: np.ndarray) -> np.ndarray:
    return values[~np.isnan(values)]


def gap_rows(
    design: Design,
    columns: Columns,
    scores: dict[str, np.ndarray],
    cuts: list[Cut],
    shown: set[tuple[str, str, str, str]],
) -> list[dict[str, Any]]:
    """Every comparison of a shown group's shown figure with everyone else's, adjusted
    together. ``shown``: ``(kind, dimension, group, measure)`` of the figures published."""
    favourable = favourable_counts(design, columns)
    valid = {code: ~np.isnan(values) for code, values in scores.items()}
    ranked = {code: stats.Ranked.of(values[valid[code]]) for code, values in scores.items()}
    rows: list[dict[str, Any]] = []
    for cut in cuts:
        if not cut.shown or cut.dimension == ALL or cut.group == NOT_SHOWN:
            continue
        rest = ~cut.mask
        for scale in design.scales:
            if ("scale", cut.dimension, cut.group, scale.code) not in shown:
                continue
            mine, others = _valid(scores[scale.code][cut.mask]), _valid(scores[scale.code][rest])
            if mine.size < design.k or others.size < design.k:
                continue
            p_rank = stats.mann_whitney_p(ranked[scale.code], cut.mask[valid[scale.code]])
            found = stats.compare_scores(mine, others, p_rank)
            rows.append(
                _row(cut, "scale", scale.code, float(mine.mean()), float(others.mean()), found)
            )
        for code, (answered, good) in favourable.items():
            if ("item", cut.dimension, cut.group, code) not in shown:
                continue
            n, rest_n = int((answered & cut.mask).sum()), int((answered & rest).sum())
            if n < design.k or rest_n < design.k:
                continue
            count, rest_count = int((good & cut.mask).sum()), int((good & rest).sum())
            found = stats.compare_shares(count, n, rest_count, rest_n)
            rows.append(_row(cut, "item", code, count / n, rest_count / rest_n, found))
    _adjust(rows, design.correction)
    return rows


def _row(cut: Cut, kind: str, measure: str, value: float, rest: float, found: Any) -> dict:
    return {
        "dimension": cut.dimension,
        "group": cut.group,
        "kind": kind,
        "measure": measure,
        "value": value,
        "rest": rest,
        "gap": value - rest,
        "test": found.test,
        "p": found.p,
        "p_rank": found.p_rank,
    }


def _adjust(rows: list[dict[str, Any]], correction: str) -> None:
    adjusted = stats.adjust([r["p"] for r in rows], correction)
    for row, p in zip(rows, adjusted, strict=True):
        row["p_adjusted"] = p
        row["significant"] = p is not None and p < ALPHA


def trend_rows(
    design: Design,
    columns: Columns,
    scores: dict[str, np.ndarray],
    previous: tuple[Design, Columns, dict[str, np.ndarray]],
) -> list[dict[str, Any]]:
    """Everyone's scale means and favourable shares now against the previous wave's."""
    before, before_columns, before_scores = previous
    rows: list[dict[str, Any]] = []
    for scale in design.scales:
        if scale.code not in before_scores:
            continue
        now, then = _valid(scores[scale.code]), _valid(before_scores[scale.code])
        if now.size < design.k or then.size < before.k:
            continue
        found = stats.compare_scores(now, then)
        rows.append(_trend("scale", scale.code, float(then.mean()), float(now.mean()), found))
    now_good = favourable_counts(design, columns)
    then_good = favourable_counts(before, before_columns)
    for code, (answered, good) in now_good.items():
        if code not in then_good:
            continue
        then_answered, then_fav = then_good[code]
        n, m = int(answered.sum()), int(then_answered.sum())
        if n < design.k or m < before.k:
            continue
        count, then_count = int(good.sum()), int(then_fav.sum())
        found = stats.compare_shares(count, n, then_count, m)
        rows.append(_trend("item", code, then_count / m, count / n, found))
    _adjust(rows, design.correction)
    return rows


def _trend(kind: str, measure: str, then: float, now: float, found: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "measure": measure,
        "previous": then,
        "current": now,
        "change": now - then,
        "test": found.test,
        "p": found.p,
    }
