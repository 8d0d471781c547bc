"""All years together: each group against everyone else at one stage-to-stage step, pooled
over the release's years (Cochran-Mantel-Haenszel), beside the year-by-year rates."""

from __future__ import annotations

import polars as pl

from belong.core.tables import DASH, DataTable, Row, cell, fmt_p, fmt_ratio, fmt_share
from belong.publishing.pages import Block

from .labels import Filters, Labels


def _same_gap(r: dict) -> str:
    if r["homogeneity_p_value"] is None:
        return DASH
    if r["reversal"]:
        return f"No: it changes direction ({fmt_p(r['homogeneity_p_value'])})"
    if r["homogeneity_p_value"] < 0.05:
        return f"No: its size changes ({fmt_p(r['homogeneity_p_value'])})"
    return "Yes, as far as the numbers tell"


def pooled(labels: Labels, f: Filters) -> Block | None:
    frame = labels.frame("pooled")
    if not f.transition or frame.is_empty() or labels.pooled:
        return None
    source, _, target = f.transition.partition(">")
    part = frame.filter(
        (pl.col("table") == f.table) & (pl.col("source") == source) & (pl.col("target") == target)
    )
    if part.is_empty():
        return None
    label = labels.transition_label(f.transition)
    table = DataTable(
        caption=f"{label}, all years together: each group against everyone else "
        f"({labels.groupings[f.table]['label']})",
        corner="Group",
        columns=[
            ("Years pooled", True),
            ("Rate", True),
            ("Everyone else's rate", True),
            ("Odds ratio (95% interval)", True),
            ("Adjusted p", True),
            ("Significant?", False),
            ("Same gap every year?", False),
        ],
        k=labels.k,
        note="Years are strata: each year's group is compared with everyone else of the same "
        "year, then the years are combined (Mantel-Haenszel). An odds ratio below 1 means the "
        "group went on less often. A year in which any of the figures needed is hidden is left "
        "out, so a pooled figure never rests on a hidden one.",
    )
    for r in part.iter_rows(named=True):
        blocked = bool(r["suppressed"])
        tested = r["p_adjusted"] is not None
        interval = (
            DASH
            if blocked
            else f"{fmt_ratio(r['odds_ratio'])} ({fmt_ratio(r['ci_low'])}–"
            f"{fmt_ratio(r['ci_high'])})"
        )
        years = f"{r['years_pooled']}" + (
            f" ({r['years_left_out']} left out)" if r["years_left_out"] else ""
        )
        table.rows.append(
            Row(
                r["group_label"],
                [
                    cell(years),
                    cell(fmt_share(r["rate"]), suppressed=blocked),
                    cell(fmt_share(r["rest_rate"]), suppressed=blocked),
                    cell(interval, suppressed=blocked),
                    cell(fmt_p(r["p_adjusted"])),
                    cell(
                        "Yes" if r["significant"] else ("No" if tested else DASH),
                        num=False,
                    ),
                    cell(_same_gap(r), num=False),
                ],
                flagged=bool(r["significant"]),
            )
        )
    return Block(
        key="all-years",
        title="All years together",
        intro="A gap of the same size every year can look like chance in each year alone and "
        "be clear once the years are taken together. These tests are corrected together with "
        "every other test of the release.",
        tables=[table],
    )
