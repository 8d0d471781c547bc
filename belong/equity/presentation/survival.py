"""Time to an event (hire to promotion): the share who reached it, year by year since the
start, and each group's log-rank test against the reference group."""

from __future__ import annotations

import polars as pl

from belong.core.tables import DASH, DataTable, Row, cell, fmt_count, fmt_p
from belong.publishing.charts import Series, line_chart
from belong.publishing.pages import Block

from .labels import Filters, Labels


def survival(labels: Labels, f: Filters) -> Block | None:
    curves, tests = labels.frame("survival"), labels.frame("survival_tests")
    tte = labels.pipeline.get("time_to_event")
    if not tte or curves.is_empty():
        return None
    part = curves.filter(pl.col("table") == f.table)
    if part.is_empty():
        return None
    label = tte.get("label") or "Time to event"
    grid = sorted(set(part["years"].to_list()))
    series = []
    for group in labels.groups(f.table):
        rows = {
            r["years"]: r
            for r in part.filter(pl.col("group") == group["code"]).iter_rows(named=True)
        }
        values = tuple(
            None if (r := rows.get(t)) is None or r["suppressed"] else r["reached"] for t in grid
        )
        if sum(1 for v in values if v is not None) >= 2:
            series.append(Series(group["label"], values, special=bool(group["special"])))
    table = DataTable(
        caption=f"{label}, by group ({labels.groupings[f.table]['label']})",
        corner="Group",
        columns=[
            ("People", True),
            ("Reached it", True),
            ("Median years", True),
            ("Adjusted p", True),
            ("Significant?", False),
        ],
        k=labels.k,
        note="Kaplan–Meier estimates; people who left before reaching the stage count until "
        "they left. Each group is compared with the reference group by a log-rank test.",
    )
    reference = None
    part_tests = tests.filter(pl.col("table") == f.table) if not tests.is_empty() else tests
    for r in part_tests.iter_rows(named=True):
        reference = r.get("reference_label") or reference
        hidden = bool(r["suppressed"])
        table.rows.append(
            Row(
                r["group_label"],
                [
                    cell(fmt_count(r["people"]), suppressed=r["people"] is None),
                    cell(fmt_count(r["events"]), suppressed=hidden),
                    cell(
                        DASH if r["median_years"] is None else f"{r['median_years']:.1f}",
                        suppressed=hidden,
                    ),
                    cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                    cell("Yes" if r.get("significant") else "No", num=False, suppressed=hidden),
                ],
                flagged=bool(r.get("significant")),
            )
        )
    if reference:
        table.note += f" Reference group: {reference}."
    chart = None
    if series:
        chart = line_chart(
            f"survival-{f.table}",
            label,
            f"Step lines: the share of each group who reached the stage, by whole years since "
            f"the start ({label}). The test results are in the table below.",
            [str(t) for t in grid],
            series,
            step=True,
            x_title="Years since the start",
        )
    return Block(key="survival", title=label, chart=chart, tables=[table])
