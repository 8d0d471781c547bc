"""Who is at each stage: everyone by year, and each group's share of a stage.

Exact releases draw each stage as a 100% bar split into the groups; noisy
public releases draw the chosen stage's groups one bar each, with the noise's
95% interval as a whisker, because a stacked bar cannot show how uncertain
each share is.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from belong.core.tables import DataTable, Row, cell, fmt_count, fmt_share
from belong.publishing.charts import (
    Bar,
    Chart,
    LegendItem,
    Segment,
    Stack,
    bar_chart,
    colour_for,
    stacked_shares,
)
from belong.publishing.pages import Block

from .labels import Filters, Labels


def count_text(r: dict[str, Any] | None, labels: Labels) -> str:
    """A count as the table shows it; a noisy count with its 95% interval (± people)."""
    if r is None:
        return "0"
    text = fmt_count(r["count"])
    margin = r.get("count_margin")
    if labels.noisy and margin is not None and r["count"] is not None:
        text += f" ± {int(margin):,}"
    return text


def share_text(r: dict[str, Any] | None, labels: Labels) -> str:
    if r is None or r.get("share") is None:
        return ""
    text = fmt_share(r["share"])
    margin = r.get("share_margin")
    if labels.noisy and margin is not None:
        text += f" ± {float(margin) * 100:.1f}"
    return text


def overview(labels: Labels) -> Block:
    """Everyone in the pipeline: people at each stage, by year."""
    cells = labels.frame("cells")
    everyone = cells.filter(pl.col("table") == "all") if not cells.is_empty() else cells
    table = DataTable(
        caption=f"{labels.pipeline['label']}: people at each stage, by year",
        corner="Stage",
        columns=[(labels.year_label(y), True) for y in labels.years],
        k=labels.k,
        note=(
            "Each count is shown with its 95% noise interval: the true count is within that "
            "many people of the figure 95 times in 100."
            if labels.noisy
            else ""
        ),
    )
    lookup = {(r["stage"], r["year"]): r for r in everyone.iter_rows(named=True)}
    for stage in labels.stage_order:
        row = Row(labels.stage_labels[stage], [])
        for year in labels.years:
            r = lookup.get((stage, year))
            row.cells.append(cell(count_text(r, labels), suppressed=bool(r and r["suppressed"])))
        table.rows.append(row)
    return Block(key="everyone", title="Everyone in the pipeline", tables=[table])


def composition(labels: Labels, f: Filters) -> Block:
    """Each group's people and share at every stage of one year."""
    grouping = labels.groupings[f.table]
    cells = labels.frame("cells")
    part = cells.filter((pl.col("table") == f.table) & (pl.col("year") == f.year))
    lookup = {(r["stage"], r["group"]): r for r in part.iter_rows(named=True)}
    year = labels.year_label(f.year)
    table = DataTable(
        caption=f"{grouping['label']} at each stage, {year}: people (share of the stage)",
        corner="Group",
        columns=[(labels.stage_labels[s], True) for s in labels.stage_order],
        k=labels.k,
        note=""
        if grouping.get("additive", True)
        else "People may choose several categories, so a stage's shares add up to more than 100%.",
    )
    legend: list[LegendItem] = []
    stacks: dict[str, list[Segment]] = {s: [] for s in labels.stage_order}
    special_seen = 0
    for gi, group in enumerate(labels.groups(f.table)):
        row = Row(group["label"], [], special=bool(group["special"]))
        colour = colour_for(gi, special=bool(group["special"]), special_index=special_seen)
        special_seen += int(bool(group["special"]))
        legend.append(LegendItem(group["label"], colour))
        for stage in labels.stage_order:
            r = lookup.get((stage, group["code"]))
            hidden = bool(r and r["suppressed"])
            share = share_text(r, labels)
            text = count_text(r, labels) + (f" ({share})" if share else "")
            row.cells.append(cell(text, suppressed=hidden))
            value = None if hidden or r is None or r["share"] is None else float(r["share"])
            stacks[stage].append(Segment(len(legend) - 1, value))
        table.rows.append(row)
    chart: Chart | None = None
    if labels.noisy:
        chart = _noisy_stage_chart(labels, f, lookup)
    elif grouping.get("additive", True) and any(s.share for segs in stacks.values() for s in segs):
        chart = stacked_shares(
            f"composition-{f.table}-{f.year}",
            f"{grouping['label']} at each stage, {year}",
            f"Each stage of {labels.pipeline['label']} in {year} as a bar split into the share "
            f"of each group ({grouping['label']}). Hidden figures are not drawn. The same "
            "figures are in the table below.",
            [
                Stack(labels.stage_labels[s], tuple(stacks[s]))
                for s in labels.stage_order
                if any(seg.share is not None for seg in stacks[s])
            ],
            legend,
        )
    return Block(
        key="composition",
        title=f"Who is at each stage, {year}",
        chart=chart,
        tables=[table],
    )


def _noisy_stage_chart(
    labels: Labels, f: Filters, lookup: dict[tuple[str, str], dict[str, Any]]
) -> Chart | None:
    grouping = labels.groupings[f.table]
    stage_label = labels.stage_labels[f.stage]
    bars = []
    for group in labels.groups(f.table):
        r = lookup.get((f.stage, group["code"]))
        if r is None:
            continue
        hidden = bool(r["suppressed"]) or r["share"] is None
        bars.append(
            Bar(
                group["label"],
                None if hidden else float(r["share"]),
                low=r.get("ci_low"),
                high=r.get("ci_high"),
                text=share_text(r, labels) if not hidden else "",
                special=bool(group["special"]),
            )
        )
    if not any(b.value is not None for b in bars):
        return None
    year = labels.year_label(f.year)
    return bar_chart(
        f"composition-{f.table}-{f.year}-{f.stage}",
        f"{stage_label}, {year}: share of each group",
        f"Bars: the share of each group ({grouping['label']}) among {labels.noun} at the stage "
        f"{stage_label} in {year}, with the 95% interval of the noise as a line. The same "
        "figures are in the table below.",
        bars,
        value_label="Share of the stage",
        interval_label=labels.interval_words(),
    )
