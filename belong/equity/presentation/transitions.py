"""From one stage to the next: each group's rate, its ratio to the reference group's, and
the test of the difference."""

from __future__ import annotations

import polars as pl

from belong.core.tables import (
    DASH,
    DataTable,
    Row,
    cell,
    fmt_count,
    fmt_interval,
    fmt_p,
    fmt_ratio,
    fmt_share,
)
from belong.publishing.charts import Bar, bar_chart
from belong.publishing.pages import Block

from .labels import Filters, Labels


def transition(labels: Labels, f: Filters) -> Block | None:
    trans = labels.frame("transitions")
    if not f.transition or trans.is_empty():
        return None
    source, _, target = f.transition.partition(">")
    where = (
        (pl.col("table") == f.table)
        & (pl.col("year") == f.year)
        & (pl.col("source") == source)
        & (pl.col("target") == target)
    )
    part = trans.filter(where)
    sel = labels.frame("selection")
    ratios = {r["group"]: r for r in sel.filter(where).iter_rows(named=True)} if sel.height else {}
    label = labels.transition_label(f.transition)
    year = labels.year_label(f.year)
    table = DataTable(
        caption=f"{label}, {year}: rate by group ({labels.groupings[f.table]['label']})",
        corner="Group",
        columns=[
            ("At the first stage", True),
            ("Went on", True),
            ("Rate", True),
            ("95% confidence interval", True),
            ("Ratio to reference", True),
            ("Four-fifths flag", False),
            ("Adjusted p", True),
            ("Significant?", False),
        ],
        k=labels.k,
        note="The ratio compares each group's rate with the reference group's (the largest "
        "group unless the analyst chose one); below 0.80 trips the four-fifths rule of thumb.",
    )
    reference = next(
        (r.get("reference_group") for r in ratios.values() if r.get("reference_group")), None
    )
    bars = []
    for r in part.iter_rows(named=True):
        hidden = bool(r["suppressed"])
        s = ratios.get(r["group"])
        flag = bool(s and s.get("four_fifths_flag"))
        significant = bool(s and s.get("significant"))
        is_reference = reference is not None and r["group"] == reference
        tested = s is not None and s.get("p_adjusted") is not None
        table.rows.append(
            Row(
                r["group_label"] + (" (reference)" if is_reference else ""),
                [
                    cell(fmt_count(r["entered"]), suppressed=r["entered"] is None),
                    cell(fmt_count(r["advanced"]), suppressed=hidden),
                    cell(fmt_share(r["rate"]), suppressed=hidden),
                    cell(fmt_interval(r["ci_low"], r["ci_high"]), suppressed=hidden),
                    cell(
                        "1.00" if is_reference else fmt_ratio(s.get("ratio") if s else None),
                        suppressed=hidden and not is_reference,
                    ),
                    cell(
                        "Yes" if flag else ("No" if s and s.get("ratio") is not None else DASH),
                        num=False,
                    ),
                    cell(fmt_p(s.get("p_adjusted") if s else None)),
                    cell("Yes" if significant else ("No" if tested else DASH), num=False),
                ],
                flagged=significant,
                special=bool(r["special"]),
            )
        )
        if r["entered"] is not None:
            bars.append(
                Bar(
                    r["group_label"],
                    None if hidden or r["rate"] is None else float(r["rate"]),
                    low=r["ci_low"],
                    high=r["ci_high"],
                    special=bool(r["special"]),
                )
            )
    chart = None
    if any(b.value is not None for b in bars):
        chart = bar_chart(
            f"transition-{f.table}-{f.year}-{f.transition}",
            f"{label}, {year}",
            f"Bars: the rate {label} in {year} for each group, with its 95% confidence "
            "interval as a line. The same figures are in the table below; hidden groups are "
            "not drawn.",
            bars,
            value_label="Rate",
            interval_label="95% confidence interval",
        )
    return Block(
        key="transition",
        title=f"From one stage to the next, {year}",
        chart=chart,
        tables=[table],
    )
