"""The figures of each shown cut: scale scores, favourable shares and item distributions.

Each figure is worked out on the responses of one cut; a figure resting on
fewer than ``k`` answers (a scale few scored, an item few answered) is hidden
even when its cut is shown.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from belong.surveys.results import stats
from belong.surveys.results.design import ALL, Columns, Design
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
            rows.append(
                {
                    "dimension": cut.dimension,
                    "group": cut.group,
                    "scale": scale.code,
                    "n": found.n,
                    "mean": found.mean,
                    "sd": found.sd,
                    "low": found.low,
                    "high": found.high,
                }
            )
    return protect_figures(rows, "scale", ("mean", "sd", "low", "high"), design.k)


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
                shares.append(
                    {
                        "dimension": cut.dimension,
                        "group": cut.group,
                        "item": item.code,
                        "n": n,
                        "favourable": count / n if n else None,
                        "low": low,
                        "high": high,
                    }
                )
            if item.kind in ("likert", "single", "multiple"):
                spread += _distribution(design, columns, item.code, item.kind, cut)
    k = design.k
    return (
        protect_figures(shares, "item", ("favourable", "low", "high"), k),
        protect_figures(spread, "item", ("share",), k),
    )


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
    return [
        {
            "dimension": cut.dimension,
            "group": cut.group,
            "item": code,
            "value": value,
            "n": n,
            "share": counts[value] / n if n else None,
        }
        for value, _ in item.choices
    ]


def protect_figures(
    rows: list[dict[str, Any]], measure: str, values: tuple[str, ...], k: int
) -> list[dict[str, Any]]:
    """Hide figures resting on fewer than ``k`` answers, with partners.

    Within a dimension, the answers of the groups whose figure is hidden
    (including groups hidden whole) are everyone's answers minus the shown
    groups'; while that remainder is 1 to ``k - 1`` answers, the smallest shown
    group's figure is hidden too, so a hidden figure is never a subtraction away.
    """
    everyone = {row[measure]: row["n"] for row in rows if row["dimension"] == ALL}
    by_measure: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_measure[(row["dimension"], row[measure])][row["group"]] = row["n"]
    hidden: set[tuple[str, str, str]] = set()
    for (dimension, code), groups in by_measure.items():
        shown = {g: n for g, n in groups.items() if n >= k}
        hidden |= {(dimension, code, g) for g in groups if g not in shown}
        if dimension == ALL:
            continue
        while shown and 0 < everyone.get(code, 0) - sum(shown.values()) < k:
            smallest = min(shown, key=lambda g: (shown[g], g))
            hidden.add((dimension, code, smallest))
            del shown[smallest]
    for row in rows:
        if (row["dimension"], row[measure], row["group"]) in hidden:
            row["n"] = None
            for name in values:
                row[name] = None
    return rows
