"""The figures of each shown cut: scale scores, favourable shares and item distributions.

Each figure is worked out on the responses of one cut; a figure resting on
fewer than ``k`` answers (a scale few scored, an item few answered) is hidden
even when its cut is shown.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from belong.surveys.results import stats
from belong.surveys.results.design import Columns, Design
from belong.surveys.results.protection import Cut


def scale_rows(
    design: Design, scores: dict[str, np.ndarray], cuts: list[Cut]
) -> list[dict[str, Any]]:
    rows = []
    for cut in cuts:
        if not cut.shown:
            continue
        for scale in design.scales:
            values = scores[scale.code][cut.mask]
            values = values[~np.isnan(values)]
            found = stats.mean_interval(values)
            hidden = found.n < design.k
            rows.append(
                {
                    "dimension": cut.dimension,
                    "group": cut.group,
                    "scale": scale.code,
                    "n": None if hidden else found.n,
                    "mean": None if hidden else found.mean,
                    "sd": None if hidden else found.sd,
                    "low": None if hidden else found.low,
                    "high": None if hidden else found.high,
                }
            )
    return rows


def favourable_counts(design: Design, columns: Columns) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per Likert item: (answered, favourable) as boolean columns."""
    out = {}
    for item in design.items:
        if item.kind != "likert":
            continue
        values = columns.likert[item.code]
        answered = ~np.isnan(values)
        out[item.code] = (answered, np.isin(values, item.favourable))
    return out


def item_rows(
    design: Design, columns: Columns, cuts: list[Cut]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Favourable shares (Likert items) and distributions (every item with choices)."""
    favourable = favourable_counts(design, columns)
    shares: list[dict[str, Any]] = []
    spread: list[dict[str, Any]] = []
    for cut in cuts:
        if not cut.shown:
            continue
        for item in design.items:
            if item.kind == "likert":
                answered, good = favourable[item.code]
                n = int(np.count_nonzero(answered & cut.mask))
                count = int(np.count_nonzero(good & cut.mask))
                low, high = stats.share_interval(count, n)
                hidden = n < design.k
                shares.append(
                    {
                        "dimension": cut.dimension,
                        "group": cut.group,
                        "item": item.code,
                        "n": None if hidden else n,
                        "favourable": None if hidden else count / n,
                        "low": None if hidden else low,
                        "high": None if hidden else high,
                    }
                )
            if item.kind in ("likert", "single", "multiple"):
                spread += _distribution(design, columns, item.code, item.kind, cut)
    return shares, spread


def _distribution(
    design: Design, columns: Columns, code: str, kind: str, cut: Cut
) -> list[dict[str, Any]]:
    item = design.item(code)
    if kind == "likert":
        values = columns.likert[code][cut.mask]
        values = values[~np.isnan(values)]
        n = int(values.size)
        counts = {v: int(np.count_nonzero(values == int(v))) for v, _ in item.choices}
    elif kind == "single":
        chosen = columns.single[code][cut.mask]
        chosen = chosen[chosen != None]  # noqa: E711 (element-wise on an object array)
        n = int(chosen.size)
        counts = {v: int(np.count_nonzero(chosen == v)) for v, _ in item.choices}
    else:
        lists = [s for s, inside in zip(columns.multiple[code], cut.mask, strict=True) if inside]
        answered = [s for s in lists if s]
        n = len(answered)
        counts = {v: sum(1 for s in answered if v in s) for v, _ in item.choices}
    hidden = n < design.k
    return [
        {
            "dimension": cut.dimension,
            "group": cut.group,
            "item": code,
            "value": value,
            "n": None if hidden else n,
            "share": None if hidden or n == 0 else counts[value] / n,
        }
        for value, _ in item.choices
    ]
