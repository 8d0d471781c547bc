"""A stage compared with a benchmark: each group's share of the people the benchmark
describes, beside the benchmark's own share."""

from __future__ import annotations

import polars as pl

from belong.core.tables import (
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


def benchmark_words(bench: dict) -> str:
    """How a benchmark should be read: an availability pool, or the population at large."""
    if bench.get("availability"):
        return "an availability pool: the people from whom the school could hire or admit"
    return (
        "the population at large, not the pool the school recruits from: read it as "
        "context, not as a measure of fairness in selection"
    )


def benchmark(labels: Labels, f: Filters) -> Block | None:
    bench = labels.benchmarks.get(f.table)
    rep = labels.frame("representation")
    if bench is None or rep.is_empty():
        return None
    part = rep.filter(
        (pl.col("table") == f.table) & (pl.col("year") == f.year) & (pl.col("stage") == f.stage)
    )
    if part.is_empty():
        return None
    stage_label = labels.stage_labels[f.stage]
    year = labels.year_label(f.year)
    has_tests = "p_adjusted" in part.columns and part["p_adjusted"].drop_nulls().len() > 0
    columns = [
        ("People", True),
        ("Share", True),
        (labels.interval_words().capitalize(), True),
        ("Benchmark share", True),
        ("Ratio", True),
    ]
    if has_tests:
        columns += [("Adjusted p", True), ("Significant?", False)]
    table = DataTable(
        caption=f"{stage_label}, {year}: compared with {bench['label']}",
        corner="Group",
        columns=columns,
        k=labels.k,
        note="Shares are of the people the benchmark describes (for the Census: known race and "
        "ethnicity, U.S. residents), so they can be set beside the benchmark's shares. "
        f"This benchmark is {benchmark_words(bench)}.",
    )
    bars = []
    for r in part.iter_rows(named=True):
        hidden = bool(r["suppressed"])
        cells = [
            cell(fmt_count(r["count"]), suppressed=hidden),
            cell(fmt_share(r["share"]), suppressed=hidden),
            cell(fmt_interval(r["ci_low"], r["ci_high"]), suppressed=hidden),
            cell(fmt_share(r["benchmark_share"])),
            cell(fmt_ratio(r["ratio"]), suppressed=hidden),
        ]
        significant = bool(r.get("significant"))
        if has_tests:
            cells += [
                cell(fmt_p(r.get("p_adjusted")), suppressed=hidden),
                cell("Yes" if significant else "No", num=False, suppressed=hidden),
            ]
        table.rows.append(Row(r["group_label"], cells, flagged=significant and not hidden))
        bars.append(
            Bar(
                r["group_label"],
                None if hidden or r["share"] is None else float(r["share"]),
                low=r["ci_low"],
                high=r["ci_high"],
                reference=r["benchmark_share"],
            )
        )
    chart = None
    if any(b.value is not None for b in bars):
        chart = bar_chart(
            f"benchmark-{f.table}-{f.year}-{f.stage}",
            f"{stage_label}, {year}, against {bench['label']}",
            f"Bars: the share of each group among {labels.noun} at the stage {stage_label} in "
            f"{year}, with its {labels.interval_words()}; under each, a thin grey bar for its "
            f"share of the {bench['label']}. The same figures are in the table below.",
            bars,
            value_label="School",
            interval_label=labels.interval_words(),
            reference_label=bench["label"],
        )
    return Block(
        key="benchmark",
        title=f"Compared with {bench['label']}",
        chart=chart,
        tables=[table],
    )
