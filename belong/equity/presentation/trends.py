"""Over the years: each group's share of a stage year by year, and the trend test."""

from __future__ import annotations

import polars as pl

from belong.core.tables import DASH, DataTable, Row, cell, fmt_p, fmt_share
from belong.publishing.charts import Series, line_chart
from belong.publishing.pages import Block

from .labels import Filters, Labels


def trend(labels: Labels, f: Filters) -> Block | None:
    if len(labels.years) < 2:
        return None
    cells = labels.frame("cells")
    part = cells.filter((pl.col("table") == f.table) & (pl.col("stage") == f.stage))
    lookup = {(r["group"], r["year"]): r for r in part.iter_rows(named=True)}
    stage_label = labels.stage_labels[f.stage]
    grouping = labels.groupings[f.table]
    table = DataTable(
        caption=f"{grouping['label']}: share of the stage {stage_label}, by year",
        corner="Group",
        columns=[(labels.year_label(y), True) for y in labels.years],
        k=labels.k,
    )
    series = []
    for group in labels.groups(f.table):
        row = Row(group["label"], [], special=bool(group["special"]))
        values: list[float | None] = []
        for year in labels.years:
            r = lookup.get((group["code"], year))
            hidden = bool(r and r["suppressed"])
            share = r["share"] if r else None
            row.cells.append(
                cell(fmt_share(share), suppressed=hidden or (r is not None and share is None))
            )
            values.append(None if hidden or share is None else float(share))
        table.rows.append(row)
        series.append(Series(group["label"], tuple(values), special=bool(group["special"])))
    drawn = [s for s in series if sum(1 for v in s.values if v is not None) >= 2]
    chart = None
    if drawn:
        chart = line_chart(
            f"trend-{f.table}-{f.stage}",
            f"{stage_label}: share of each group, by year",
            f"Lines: the share of each group ({grouping['label']}) among {labels.noun} at the "
            f"stage {stage_label}, year by year; a gap is a hidden figure. The same figures are "
            "in the table below.",
            [labels.year_label(y) for y in labels.years],
            drawn,
        )
    tables = [table]
    tests = labels.frame("trends")
    if not tests.is_empty():
        rows = tests.filter(
            (pl.col("table") == f.table)
            & (pl.col("kind") == "share")
            & (pl.col("subject") == f.stage)
        )
        if rows.height:
            test_table = DataTable(
                caption=f"Trend test (Cochran–Armitage), {stage_label}",
                corner="Group",
                columns=[
                    ("Years used", True),
                    ("Change per year", True),
                    ("Adjusted p", True),
                    ("Significant?", False),
                ],
                note="Years with a hidden figure are left out of the trend, so that a trend "
                "cannot be solved for a hidden count; fewer than three years: no test.",
            )
            for r in rows.iter_rows(named=True):
                hidden = bool(r["suppressed"])
                slope = r["slope_per_year"]
                test_table.rows.append(
                    Row(
                        r["group_label"],
                        [
                            cell(str(r["years_used"])),
                            cell(
                                DASH if slope is None else f"{slope * 100:+.2f} points",
                                suppressed=hidden,
                            ),
                            cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                            cell(
                                "Yes" if r.get("significant") else "No",
                                num=False,
                                suppressed=hidden,
                            ),
                        ],
                        flagged=bool(r.get("significant")),
                    )
                )
            tables.append(test_table)
    return Block(key="trend", title="Over the years", chart=chart, tables=tables)
